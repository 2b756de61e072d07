// Builds per-report metric rows with chosen outcomes, for tests of aggregation, comparison, subgroups and the gate.
import { emptyErrorCounts } from './align/errorKinds'
import type { ReportMetrics } from './types'

export interface RowSpec {
  missed?: number
  calledNormal?: number
  evidenceFailure?: boolean
  valid?: boolean
  f1?: number
  severity?: [ReportMetrics['severity']['draft'], ReportMetrics['severity']['reference']]
  /** accepted, edited, rejected draft findings. */
  corrections?: [number, number, number]
  invented?: number
}

export function metricsRow(reportId: number, spec: RowSpec = {}): ReportMetrics {
  const [accepted, edited, rejected] = spec.corrections ?? [2, 0, 0]
  const drafted = accepted + edited + rejected
  const f1 = spec.f1 ?? 1
  const severity = spec.severity ?? ['abnormal', 'abnormal']
  const valid = spec.valid ?? true
  return {
    reportId,
    schemaValid: valid,
    schemaError: valid ? null : 'not JSON',
    standing: !valid ? null : spec.evidenceFailure ? 'issues' : 'verified',
    evidenceFailure: !valid || spec.evidenceFailure === true,
    inventedNumbers: spec.invented ?? 0,
    unknownEvidenceIds: 0,
    criticalRuleFindings: spec.missed ?? 0,
    missedCriticalIds: Array.from({ length: spec.missed ?? 0 }, (_, i) => i + 1),
    criticalCalledNormal: spec.calledNormal ?? 0,
    severity: { draft: valid ? severity[0] : null, reference: severity[1] },
    severityAgrees: valid && severity[0] === severity[1],
    alignment: { pairs: [], unmatchedDraft: [], unmatchedReference: [] },
    findings: { draft: drafted, reference: drafted, matched: Math.round(f1 * drafted), precision: f1, recall: f1, f1 },
    errors: emptyErrorCounts(),
    summary: { rougeL: 0.5, chrF: 0.5 },
    corrections: { actions: [], accepted, edited, rejected, added: 0, rate: drafted === 0 ? null : (edited + rejected) / drafted },
  }
}

/** n rows with ids 1..n, the spec chosen per index. */
export function rows(n: number, spec: (i: number) => RowSpec): ReportMetrics[] {
  return Array.from({ length: n }, (_, i) => metricsRow(i + 1, spec(i)))
}
