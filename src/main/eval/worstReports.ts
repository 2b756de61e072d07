// Error analysis: the reports where the candidate does worst against the baseline, for side-by-side reading.
import type { ReportMetrics } from './types'

export interface Deterioration {
  reportId: number
  /** Candidate − baseline, each: positive is worse for the first three, negative is worse for F1. */
  missedCritical: number
  criticalCalledNormal: number
  evidenceFailure: number
  f1: number
}

/**
 * Ranks reports lexicographically, by what matters most clinically: more missed criticals, then
 * more places calling a critical result normal, then a newly failed evidence check, then the
 * largest drop in finding F1; ties by report id. Only reports where the candidate is worse on at
 * least one of these are listed.
 */
export function worstReports(baseline: readonly ReportMetrics[], candidate: readonly ReportMetrics[], limit = 10): Deterioration[] {
  const byId = new Map(baseline.map((m) => [m.reportId, m]))
  const rows: Deterioration[] = []
  for (const c of candidate) {
    const a = byId.get(c.reportId)
    if (a === undefined) continue
    const d: Deterioration = {
      reportId: c.reportId,
      missedCritical: c.missedCriticalIds.length - a.missedCriticalIds.length,
      criticalCalledNormal: c.criticalCalledNormal - a.criticalCalledNormal,
      evidenceFailure: Number(c.evidenceFailure) - Number(a.evidenceFailure),
      f1: c.findings.f1 - a.findings.f1,
    }
    if (d.missedCritical > 0 || d.criticalCalledNormal > 0 || d.evidenceFailure > 0 || d.f1 < 0) rows.push(d)
  }
  rows.sort((x, y) => y.missedCritical - x.missedCritical || y.criticalCalledNormal - x.criticalCalledNormal || y.evidenceFailure - x.evidenceFailure || x.f1 - y.f1 || x.reportId - y.reportId)
  return rows.slice(0, limit)
}
