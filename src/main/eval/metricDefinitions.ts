// The per-report values the paired comparison and the release gate work on: one definition per metric, with its kind and direction.
import type { ReportMetrics } from './types'

export type MetricKind = 'binary' | 'continuous' | 'ratio'

export interface MetricDefinition {
  label: string
  /** binary: McNemar's exact test; continuous and ratio: approximate randomisation. */
  kind: MetricKind
  /** Which direction of candidate − baseline is an improvement. */
  better: 'higher' | 'lower'
  /** The report's numerator (0/1 for binary metrics). */
  value: (m: ReportMetrics) => number
  /** Ratio metrics only: the report's denominator; the version's value is Σ value / Σ weight. */
  weight?: (m: ReportMetrics) => number
}

export const METRICS = {
  missed_critical: { label: 'Reports with a missed critical finding', kind: 'binary', better: 'lower', value: (m) => (m.missedCriticalIds.length > 0 ? 1 : 0) },
  critical_called_normal: { label: 'Reports calling a critical result normal', kind: 'binary', better: 'lower', value: (m) => (m.criticalCalledNormal > 0 ? 1 : 0) },
  evidence_failure: { label: 'Reports failing the evidence check', kind: 'binary', better: 'lower', value: (m) => (m.evidenceFailure ? 1 : 0) },
  schema_invalid: { label: 'Outputs that are not a valid draft', kind: 'binary', better: 'lower', value: (m) => (m.schemaValid ? 0 : 1) },
  severity_agreement: { label: 'Overall severity as signed', kind: 'binary', better: 'higher', value: (m) => (m.severityAgrees ? 1 : 0) },
  invented_numbers: { label: 'Invented numbers per report', kind: 'continuous', better: 'lower', value: (m) => m.inventedNumbers },
  unknown_evidence_ids: { label: 'Unknown evidence ids per report', kind: 'continuous', better: 'lower', value: (m) => m.unknownEvidenceIds },
  finding_f1: { label: 'Finding F1 (mean per report)', kind: 'continuous', better: 'higher', value: (m) => m.findings.f1 },
  finding_precision: { label: 'Finding precision (mean per report)', kind: 'continuous', better: 'higher', value: (m) => m.findings.precision },
  finding_recall: { label: 'Finding recall (mean per report)', kind: 'continuous', better: 'higher', value: (m) => m.findings.recall },
  correction_rate: {
    label: 'Predicted correction rate (edited or rejected of drafted findings)',
    kind: 'ratio',
    better: 'lower',
    value: (m) => m.corrections.edited + m.corrections.rejected,
    weight: (m) => m.corrections.accepted + m.corrections.edited + m.corrections.rejected,
  },
  summary_rouge_l: { label: 'Summary ROUGE-L F1', kind: 'continuous', better: 'higher', value: (m) => m.summary.rougeL },
  summary_chrf: { label: 'Summary chrF', kind: 'continuous', better: 'higher', value: (m) => m.summary.chrF },
} as const satisfies Record<string, MetricDefinition>

export type MetricName = keyof typeof METRICS
export const METRIC_NAMES = Object.keys(METRICS) as MetricName[]

export function definition(name: MetricName): MetricDefinition {
  return METRICS[name]
}
