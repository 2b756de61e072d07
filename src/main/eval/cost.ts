// Drafting cost per version from the drafts' provenance: tokens, speed and time to first token.
import { quantileSorted } from './stats/quantile'

export interface DraftCost {
  promptTokens: number
  outputTokens: number
  tokensPerSecond: number
  timeToFirstTokenMs: number
  wallMs: number
}

export interface Spread {
  mean: number
  median: number
  p95: number
}

export interface CostSummary {
  drafts: number
  promptTokens: Spread
  outputTokens: Spread
  tokensPerSecond: Spread
  timeToFirstTokenMs: Spread
  wallMs: Spread
  /** All drafts' wall time added up: what the evaluation of this version cost. */
  totalWallMs: number
}

function spread(values: number[]): Spread {
  if (values.length === 0) return { mean: Number.NaN, median: Number.NaN, p95: Number.NaN }
  const sorted = Float64Array.from(values).sort()
  return { mean: values.reduce((s, v) => s + v, 0) / values.length, median: quantileSorted(sorted, 0.5), p95: quantileSorted(sorted, 0.95) }
}

export function summariseCost(costs: readonly DraftCost[]): CostSummary {
  return {
    drafts: costs.length,
    promptTokens: spread(costs.map((c) => c.promptTokens)),
    outputTokens: spread(costs.map((c) => c.outputTokens)),
    tokensPerSecond: spread(costs.map((c) => c.tokensPerSecond)),
    timeToFirstTokenMs: spread(costs.map((c) => c.timeToFirstTokenMs)),
    wallMs: spread(costs.map((c) => c.wallMs)),
    totalWallMs: costs.reduce((s, c) => s + c.wallMs, 0),
  }
}
