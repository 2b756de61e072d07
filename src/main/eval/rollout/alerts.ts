// Alert thresholds for a canary: over the last N reviews, a correction rate or evidence-failure rate above production's by a margin pauses it.
import { AlertThresholdsSchema, type AlertThresholds } from '../../../shared/domain/alertThresholds'

/** What one signed review says about the draft it started from. */
export interface ReviewOutcome {
  /** Draft findings the reviewer was shown. */
  drafted: number
  edited: number
  rejected: number
  /** The draft failed its evidence check. */
  evidenceFailure: boolean
}

// The schema lives in shared/domain: the contract sends thresholds and the renderer's form validates them too.
export { AlertThresholdsSchema, type AlertThresholds }
export const DEFAULT_ALERT_THRESHOLDS: AlertThresholds = AlertThresholdsSchema.parse({})

export interface WindowStats {
  reviews: number
  /** (edited + rejected) / drafted findings; null when no findings were drafted. */
  correctionRate: number | null
  evidenceFailureRate: number | null
}

export type AlertDecision =
  | { action: 'pause'; reasons: string[]; canary: WindowStats; production: WindowStats }
  | { action: 'none'; canary: WindowStats; production: WindowStats }
  | { action: 'wait'; reason: string; canary: WindowStats; production: WindowStats }

// Rates are ratios of small integers; a difference equal to the margin must not trip it by rounding.
const EPS = 1e-12

export function windowStats(outcomes: readonly ReviewOutcome[], window: number): WindowStats {
  const last = outcomes.slice(-window)
  let drafted = 0
  let corrected = 0
  let failures = 0
  for (const o of last) {
    drafted += o.drafted
    corrected += o.edited + o.rejected
    if (o.evidenceFailure) failures++
  }
  return { reviews: last.length, correctionRate: drafted === 0 ? null : corrected / drafted, evidenceFailureRate: last.length === 0 ? null : failures / last.length }
}

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`

/** Both lists oldest first; only the newest `window` of each count. */
export function checkCanaryAlerts(canary: readonly ReviewOutcome[], production: readonly ReviewOutcome[], thresholds: AlertThresholds = DEFAULT_ALERT_THRESHOLDS): AlertDecision {
  const c = windowStats(canary, thresholds.window)
  const p = windowStats(production, thresholds.window)
  if (c.reviews < thresholds.minReviews || p.reviews < thresholds.minReviews) {
    return { action: 'wait', reason: `${c.reviews} canary and ${p.reviews} production reviews; ${thresholds.minReviews} of each are needed to compare.`, canary: c, production: p }
  }
  const reasons: string[] = []
  const check = (name: string, cv: number | null, pv: number | null, margin: number) => {
    if (cv !== null && pv !== null && cv - pv > margin + EPS) {
      reasons.push(`${name} ${pct(cv)} over the last ${c.reviews} canary reviews is above production's ${pct(pv)} by more than ${pct(margin)}.`)
    }
  }
  check('Correction rate', c.correctionRate, p.correctionRate, thresholds.correctionRateMargin)
  check('Evidence failures', c.evidenceFailureRate, p.evidenceFailureRate, thresholds.evidenceFailureMargin)
  return reasons.length > 0 ? { action: 'pause', reasons, canary: c, production: p } : { action: 'none', canary: c, production: p }
}
