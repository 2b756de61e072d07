// A shadow version's drafts against the drafts clinicians were shown for the same reports, both compared with the signed version.
import type { Difference } from '../../../shared/contract/rollout'
import type { ReportMetrics } from '../types'
import { pairedBootstrap } from '../stats/bootstrap'

/** What the monitor keeps of one draft's metrics against the signed version. */
export interface DraftScore {
  /** Drafted findings the alignment says a clinician would have edited or rejected, of drafted findings. */
  corrected: number
  drafted: number
  findingF1: number
  missedCriticals: number
}

/**
 * Stored in shadow_drafts.metrics: the shadow's score and the shown draft's, against the same signed version; shown is
 * null when the report was signed without a draft (nothing to set the shadow beside).
 */
export interface StoredShadowMetrics {
  shadow: DraftScore
  shown: (DraftScore & { interpretationId: number; versionId: number | null }) | null
  signedVersionId: number
}

export type ShadowComparison = StoredShadowMetrics & { shown: NonNullable<StoredShadowMetrics['shown']> }

export function draftScore(m: ReportMetrics): DraftScore {
  const c = m.corrections
  return { corrected: c.edited + c.rejected, drafted: c.accepted + c.edited + c.rejected, findingF1: m.findings.f1, missedCriticals: m.missedCriticalIds.length }
}

interface Side {
  predictedCorrectionRate: number | null
  findingF1: number | null
  missedCriticals: number | null
}

function side(scores: readonly DraftScore[]): Side {
  const n = scores.length
  const drafted = scores.reduce((a, s) => a + s.drafted, 0)
  return {
    predictedCorrectionRate: drafted === 0 ? null : scores.reduce((a, s) => a + s.corrected, 0) / drafted,
    findingF1: n === 0 ? null : scores.reduce((a, s) => a + s.findingF1, 0) / n,
    missedCriticals: n === 0 ? null : scores.reduce((a, s) => a + s.missedCriticals, 0) / n,
  }
}

/** Shadow − shown on the same reports, paired bootstrap (10,000 resamples would be wasted on a monitor: 2,000). */
export function shadowFigures(rows: readonly ShadowComparison[], seed: number): { shadow: Side; shown: Side; difference: Record<keyof Side, Difference> } {
  const shown = rows.map((r) => r.shown)
  const shadow = rows.map((r) => r.shadow)
  const none = { predictedCorrectionRate: null, findingF1: null, missedCriticals: null }
  if (rows.length === 0) return { shadow: side([]), shown: side([]), difference: none }
  const [rate, f1, missed] = pairedBootstrap(
    [
      { a: shown.map((s) => s.corrected), aDen: shown.map((s) => s.drafted), b: shadow.map((s) => s.corrected), bDen: shadow.map((s) => s.drafted) },
      { a: shown.map((s) => s.findingF1), b: shadow.map((s) => s.findingF1) },
      { a: shown.map((s) => s.missedCriticals), b: shadow.map((s) => s.missedCriticals) },
    ],
    { seed, resamples: 2000 },
  )
  const defined = (d: Difference): Difference => (d === null || Number.isNaN(d.estimate) ? null : d)
  return { shadow: side(shadow), shown: side(shown), difference: { predictedCorrectionRate: defined(rate ?? null), findingF1: defined(f1 ?? null), missedCriticals: defined(missed ?? null) } }
}
