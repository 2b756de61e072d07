// The difference chart's data: each metric's candidate − baseline turned so that right is always better, with its
// interval as a whisker, on one scale in points (percentage points for shares, ×100 for scores between 0 and 1).
import type { MetricKind, Verdict } from './evalFormat'

export interface ComparedMetric {
  metric: string
  label: string
  kind: MetricKind
  better: 'higher' | 'lower'
  difference: number | null
  interval: { low: number | null; high: number | null } | null
  verdict: Verdict
}

export interface ChartRow {
  metric: string
  label: string
  /** Improvement in points: positive = the candidate is better. */
  point: number
  low: number | null
  high: number | null
  verdict: Verdict
}

/**
 * Metrics whose values lie between 0 and 1 (shares, F1, precision, recall, ROUGE-L, chrF), so that one scale fits them;
 * counts per report (invented numbers, unknown evidence ids) are left to the table.
 */
const UNIT_SCALE_METRICS = new Set([
  'missed_critical',
  'critical_called_normal',
  'evidence_failure',
  'schema_invalid',
  'severity_agreement',
  'finding_f1',
  'finding_precision',
  'finding_recall',
  'correction_rate',
  'summary_rouge_l',
  'summary_chrf',
])

export function chartRows(metrics: readonly ComparedMetric[]): ChartRow[] {
  return metrics
    .flatMap((m): ChartRow[] => {
      if (!UNIT_SCALE_METRICS.has(m.metric) || m.difference === null || !Number.isFinite(m.difference)) return []
      const dir = m.better === 'higher' ? 100 : -100
      const { low, high } = m.interval ?? { low: null, high: null }
      const ends = low !== null && high !== null && Number.isFinite(low) && Number.isFinite(high) ? [low * dir, high * dir].sort((a, b) => a - b) : null
      // `+ 0` turns −0 into 0, so a zero difference reads the same whichever way it was turned.
      return [{ metric: m.metric, label: m.label, point: m.difference * dir + 0, low: ends ? ends[0]! + 0 : null, high: ends ? ends[1]! + 0 : null, verdict: m.verdict }]
    })
}

/**
 * Half-width of the symmetric axis: the largest distance from 0 of any point or whisker end, rounded up to a step of
 * 1, 2, 5, 10, 20, 50 or 100 points, so that 0 sits in the middle and the ticks are round.
 */
export function axisExtent(rows: readonly ChartRow[]): number {
  const far = Math.max(0, ...rows.flatMap((r) => [r.point, r.low ?? 0, r.high ?? 0].map(Math.abs)))
  return [1, 2, 5, 10, 20, 50, 100].find((s) => far <= s) ?? 100
}

/** Pixel position of a value on an axis from −extent (left) to +extent (right). */
export function xOf(value: number, extent: number, left: number, width: number): number {
  const clamped = Math.max(-extent, Math.min(extent, value))
  return left + ((clamped + extent) / (2 * extent)) * width
}
