// McNemar's exact test for paired binary outcomes (missed critical, evidence failure): a binomial test on the discordant pairs.

export interface McNemarResult {
  /** Reports where only the baseline has the outcome. */
  baselineOnly: number
  /** Reports where only the candidate has the outcome. */
  candidateOnly: number
  /** Two-sided exact p-value: 2 · P(X ≤ min(b, c)) for X ~ Binomial(b + c, 1/2), capped at 1; 1 when there are no discordant pairs. */
  pValue: number
}

/** Natural log of e^x + e^y without overflow. */
function logAdd(x: number, y: number): number {
  if (x === -Infinity) return y
  const hi = Math.max(x, y)
  return hi + Math.log1p(Math.exp(Math.min(x, y) - hi))
}

/** P(X ≤ k) for X ~ Binomial(n, 1/2), summed in log space so that n in the tens of thousands does not underflow. */
export function binomialHalfCdf(k: number, n: number): number {
  if (k < 0) return 0
  if (k >= n) return 1
  let logPmf = -n * Math.LN2 // P(X = 0)
  let logCdf = logPmf
  for (let i = 0; i < k; i++) {
    logPmf += Math.log((n - i) / (i + 1))
    logCdf = logAdd(logCdf, logPmf)
  }
  return Math.min(1, Math.exp(logCdf))
}

/** From the discordant counts b (baseline only) and c (candidate only). */
export function mcnemarExact(b: number, c: number): McNemarResult {
  if (!Number.isInteger(b) || !Number.isInteger(c) || b < 0 || c < 0) throw new RangeError(`discordant counts must be non-negative integers, got ${b} and ${c}`)
  const n = b + c
  const pValue = n === 0 ? 1 : Math.min(1, 2 * binomialHalfCdf(Math.min(b, c), n))
  return { baselineOnly: b, candidateOnly: c, pValue }
}

/** From per-report outcomes of both versions on the same reports (true = the outcome occurred). */
export function mcnemarPaired(baseline: ArrayLike<boolean | number>, candidate: ArrayLike<boolean | number>): McNemarResult {
  if (baseline.length !== candidate.length) throw new RangeError(`baseline has ${baseline.length} outcomes, candidate ${candidate.length}: the test needs pairs`)
  let b = 0
  let c = 0
  for (let i = 0; i < baseline.length; i++) {
    const x = Boolean(baseline[i])
    const y = Boolean(candidate[i])
    if (x && !y) b++
    else if (!x && y) c++
  }
  return mcnemarExact(b, c)
}
