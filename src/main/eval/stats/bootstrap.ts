// Paired bootstrap confidence intervals of candidate − baseline differences (percentile method, seeded).
import { createPrng } from './prng'
import { quantileSorted } from './quantile'
import { checkSeries, difference, type PairedSeries } from './series'

export interface BootstrapOptions {
  seed: number
  /** At least 1,000; default 10,000. */
  resamples?: number
  /** Default 0.95. */
  level?: number
}

export interface DifferenceInterval {
  /** Candidate − baseline on all reports. */
  estimate: number
  low: number
  high: number
  level: number
  resamples: number
  seed: number
  /** Resamples where a ratio had no denominator (e.g. no drafted findings drawn); they are left out of the percentiles. */
  undefinedResamples: number
}

export const MIN_RESAMPLES = 1000
export const DEFAULT_RESAMPLES = 10_000

/**
 * Paired bootstrap: each resample draws n reports with replacement, the same draw for both versions
 * and for every series (so the intervals of several metrics come from the same resamples), and
 * records candidate − baseline. The interval is the (1 − level)/2 and (1 + level)/2 percentiles
 * of those differences (Efron's percentile method; quantiles by linear interpolation).
 */
export function pairedBootstrap(series: readonly PairedSeries[], opts: BootstrapOptions): DifferenceInterval[] {
  const resamples = opts.resamples ?? DEFAULT_RESAMPLES
  const level = opts.level ?? 0.95
  if (!Number.isInteger(resamples) || resamples < MIN_RESAMPLES) throw new RangeError(`resamples must be an integer of at least ${MIN_RESAMPLES}, got ${resamples}`)
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be between 0 and 1, got ${level}`)
  if (series.length === 0) return []
  const n = checkSeries(series[0] as PairedSeries, 'series[0]')
  series.forEach((s, k) => {
    if (checkSeries(s, `series[${k}]`) !== n) throw new RangeError(`series[${k}] has ${s.a.length} reports, series[0] has ${n}`)
  })
  if (n === 0) throw new RangeError('no reports to resample')

  // Typed copies: the inner loop runs n × resamples × series times.
  const cols = series.map((s) => ({
    a: Float64Array.from(s.a),
    b: Float64Array.from(s.b),
    aDen: s.aDen === undefined ? null : Float64Array.from(s.aDen),
    bDen: s.bDen === undefined ? null : Float64Array.from(s.bDen),
  }))
  const diffs = series.map(() => new Float64Array(resamples))
  const undefinedCount = series.map(() => 0)
  const rng = createPrng(opts.seed)
  const idx = new Uint32Array(n)
  // floor(u · n / 2^32): an index in [0, n) from 32 random bits, as Prng.below draws it.
  const scale = n / 0x100000000
  for (let r = 0; r < resamples; r++) {
    rng.fill(idx)
    for (let i = 0; i < n; i++) idx[i] = Math.floor(idx[i]! * scale)
    for (let k = 0; k < cols.length; k++) {
      const c = cols[k]!
      let sa = 0
      let sb = 0
      let da = n
      let db = n
      if (c.aDen === null && c.bDen === null) {
        for (let i = 0; i < n; i++) {
          const j = idx[i]!
          sa += c.a[j]!
          sb += c.b[j]!
        }
      } else {
        da = 0
        db = 0
        for (let i = 0; i < n; i++) {
          const j = idx[i]!
          sa += c.a[j]!
          sb += c.b[j]!
          da += c.aDen === null ? 1 : c.aDen[j]!
          db += c.bDen === null ? 1 : c.bDen[j]!
        }
      }
      const d = da === 0 || db === 0 ? Number.NaN : sb / db - sa / da
      if (Number.isNaN(d)) undefinedCount[k]!++
      diffs[k]![r] = d
    }
  }
  return series.map((s, k) => {
    // NaN sorts last in a Float64Array: the defined values are the first resamples − undefined ones.
    const sorted = diffs[k]!.sort().subarray(0, resamples - undefinedCount[k]!)
    const alpha = (1 - level) / 2
    return {
      estimate: difference(s),
      low: quantileSorted(sorted, alpha),
      high: quantileSorted(sorted, 1 - alpha),
      level,
      resamples,
      seed: opts.seed,
      undefinedResamples: undefinedCount[k]!,
    }
  })
}
