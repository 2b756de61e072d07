// Sample quantiles by linear interpolation between order statistics (Hyndman & Fan type 7, R's and NumPy's default).

/** The p-quantile of ascending-sorted values: h = (n − 1)·p, interpolated between the neighbours of h. */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length
  if (n === 0) return Number.NaN
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile ${p} is outside [0, 1]`)
  const h = (n - 1) * p
  const lo = Math.floor(h)
  const hi = Math.min(lo + 1, n - 1)
  const x0 = sorted[lo] as number
  const x1 = sorted[hi] as number
  return x0 + (h - lo) * (x1 - x0)
}
