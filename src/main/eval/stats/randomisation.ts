// Paired approximate randomisation test for continuous metrics: swap each report's two values at random and see how often the difference is as large.
import { createPrng } from './prng'
import { checkSeries, difference, type PairedSeries } from './series'

export interface RandomisationOptions {
  seed: number
  /** Default 10,000. When 2^n is no larger, all 2^n swaps are enumerated and the p-value is exact. */
  rounds?: number
}

export interface RandomisationResult {
  /** Candidate − baseline on all reports. */
  difference: number
  /** Two-sided. Sampled: (count + 1) / (rounds + 1) (Noreen 1989), never 0; enumerated: count / 2^n. */
  pValue: number
  rounds: number
  exact: boolean
  seed: number
}

// Floating-point sums of the same values in another order differ in the last bits: a shuffled statistic equal to the observed one must count.
const TIE = 1e-12

/**
 * Under the null hypothesis the two versions are exchangeable on each report, so each pair's
 * values may be swapped. The statistic is |stat(b) − stat(a)|, with stat = Σ num / Σ den (the mean
 * when there are no denominators); a swap exchanges a report's numerator and its denominator.
 */
export function pairedRandomisation(s: PairedSeries, opts: RandomisationOptions): RandomisationResult {
  const n = checkSeries(s)
  const rounds = opts.rounds ?? 10_000
  if (!Number.isInteger(rounds) || rounds < 1) throw new RangeError(`rounds must be a positive integer, got ${rounds}`)
  const observed = difference(s)
  if (n === 0 || Number.isNaN(observed)) return { difference: observed, pValue: 1, rounds: 0, exact: true, seed: opts.seed }
  const a = Float64Array.from(s.a)
  const b = Float64Array.from(s.b)
  const aDen = s.aDen === undefined ? new Float64Array(n).fill(1) : Float64Array.from(s.aDen)
  const bDen = s.bDen === undefined ? new Float64Array(n).fill(1) : Float64Array.from(s.bDen)
  const target = Math.abs(observed) - TIE * Math.max(1, Math.abs(observed))
  const extreme = (swap: (i: number) => boolean): boolean => {
    let sa = 0
    let sb = 0
    let da = 0
    let db = 0
    for (let i = 0; i < n; i++) {
      if (swap(i)) {
        sa += b[i]!
        sb += a[i]!
        da += bDen[i]!
        db += aDen[i]!
      } else {
        sa += a[i]!
        sb += b[i]!
        da += aDen[i]!
        db += bDen[i]!
      }
    }
    // A shuffle that leaves a ratio undefined cannot be as extreme as a defined observation.
    if (da === 0 || db === 0) return false
    return Math.abs(sb / db - sa / da) >= target
  }
  if (n < 31 && 2 ** n <= rounds) {
    const total = 2 ** n
    let count = 0
    for (let mask = 0; mask < total; mask++) if (extreme((i) => ((mask >>> i) & 1) === 1)) count++
    return { difference: observed, pValue: count / total, rounds: total, exact: true, seed: opts.seed }
  }
  const rng = createPrng(opts.seed)
  const words = new Uint32Array(Math.ceil(n / 32))
  const swapped = (i: number): boolean => ((words[i >>> 5]! >>> (i & 31)) & 1) === 1
  let count = 0
  if (s.aDen === undefined && s.bDen === undefined) {
    // Means: a swap flips the sign of the report's difference, and only Σ ±d_i matters.
    const d = new Float64Array(n)
    for (let i = 0; i < n; i++) d[i] = b[i]! - a[i]!
    const targetSum = target * n
    for (let r = 0; r < rounds; r++) {
      rng.fill(words)
      let sum = 0
      for (let i = 0; i < n; i++) sum += ((words[i >>> 5]! >>> (i & 31)) & 1) === 1 ? -d[i]! : d[i]!
      if (Math.abs(sum) >= targetSum) count++
    }
  } else {
    for (let r = 0; r < rounds; r++) {
      rng.fill(words)
      if (extreme(swapped)) count++
    }
  }
  return { difference: observed, pValue: (count + 1) / (rounds + 1), rounds, exact: false, seed: opts.seed }
}
