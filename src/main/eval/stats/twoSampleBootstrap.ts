// Unpaired bootstrap interval of a statistic's difference between two groups of different reports (a canary's reviews against production's).
import { createPrng } from './prng'
import { quantileSorted } from './quantile'
import { MIN_RESAMPLES, type DifferenceInterval } from './bootstrap'

/** One group's per-review values: the statistic is Σ num / Σ den (den 1 each when absent), or a quantile of num. */
export interface Sample {
  num: readonly number[]
  den?: readonly number[]
}

export type Statistic = { kind: 'ratio' } | { kind: 'quantile'; p: number }

function stat(s: Sample, idx: ArrayLike<number> | null, how: Statistic): number {
  const n = s.num.length
  if (how.kind === 'quantile') {
    const values = Float64Array.from({ length: n }, (_, i) => s.num[idx === null ? i : (idx[i] as number)]!)
    return quantileSorted(values.sort(), how.p)
  }
  let sn = 0
  let sd = 0
  for (let i = 0; i < n; i++) {
    const j = idx === null ? i : (idx[i] as number)
    sn += s.num[j]!
    sd += s.den === undefined ? 1 : s.den[j]!
  }
  return sd === 0 ? Number.NaN : sn / sd
}

/**
 * b − a with a percentile bootstrap interval: each resample draws each group with replacement, separately (the groups
 * are different reports, so pairing would be wrong). Resamples where a ratio has no denominator are left out and
 * counted. Null when either group is empty.
 */
export function twoSampleBootstrap(a: Sample, b: Sample, how: Statistic, opts: { seed: number; resamples?: number; level?: number }): DifferenceInterval | null {
  const resamples = opts.resamples ?? 2000
  const level = opts.level ?? 0.95
  if (!Number.isInteger(resamples) || resamples < MIN_RESAMPLES) throw new RangeError(`resamples must be an integer of at least ${MIN_RESAMPLES}, got ${resamples}`)
  if (a.num.length === 0 || b.num.length === 0) return null
  const rng = createPrng(opts.seed)
  const ia = new Uint32Array(a.num.length)
  const ib = new Uint32Array(b.num.length)
  const diffs = new Float64Array(resamples)
  let undefinedResamples = 0
  for (let r = 0; r < resamples; r++) {
    rng.fill(ia)
    for (let i = 0; i < ia.length; i++) ia[i] = Math.floor((ia[i]! / 0x100000000) * ia.length)
    rng.fill(ib)
    for (let i = 0; i < ib.length; i++) ib[i] = Math.floor((ib[i]! / 0x100000000) * ib.length)
    const d = stat(b, ib, how) - stat(a, ia, how)
    if (Number.isNaN(d)) undefinedResamples++
    diffs[r] = d
  }
  const sorted = diffs.sort().subarray(0, resamples - undefinedResamples)
  const alpha = (1 - level) / 2
  return {
    estimate: stat(b, null, how) - stat(a, null, how),
    low: quantileSorted(sorted, alpha),
    high: quantileSorted(sorted, 1 - alpha),
    level,
    resamples,
    seed: opts.seed,
    undefinedResamples,
  }
}
