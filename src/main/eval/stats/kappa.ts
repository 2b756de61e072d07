// Agreement on ordered severities (normal < abnormal < critical): exact agreement and Cohen's kappa, unweighted and weighted.

export type KappaWeights = 'unweighted' | 'linear' | 'quadratic'

export interface Agreement {
  n: number
  /** Share of reports with the same category. */
  exact: number
  /** Cohen's kappa; null when chance agreement is already perfect (both raters used one and the same category), where kappa is undefined. */
  kappa: Record<KappaWeights, number | null>
  /** matrix[i][j]: reports the first rater put in category i and the second in j. */
  matrix: number[][]
}

/** Disagreement weight of categories i and j out of k ordered ones. */
function weight(kind: KappaWeights, i: number, j: number, k: number): number {
  if (kind === 'unweighted') return i === j ? 0 : 1
  const d = Math.abs(i - j) / (k - 1)
  return kind === 'linear' ? d : d * d
}

/**
 * κ_w = 1 − Σ w_ij·O_ij / Σ w_ij·E_ij with O the observed proportions, E the products of the
 * marginals (Cohen 1968), and w_ij = |i − j|/(k − 1) (linear) or its square (quadratic).
 * `categories` lists the categories in their order; values outside it are refused.
 */
export function agreement<T extends string>(categories: readonly T[], first: readonly T[], second: readonly T[]): Agreement {
  if (first.length !== second.length) throw new RangeError(`first rater has ${first.length} ratings, second ${second.length}: the ratings must be paired`)
  const k = categories.length
  if (k < 2) throw new RangeError('agreement needs at least two categories')
  const index = new Map(categories.map((c, i) => [c, i]))
  const matrix = categories.map(() => categories.map(() => 0))
  for (let r = 0; r < first.length; r++) {
    const i = index.get(first[r] as T)
    const j = index.get(second[r] as T)
    if (i === undefined || j === undefined) throw new RangeError(`rating ${r} ("${first[r]}", "${second[r]}") is not one of ${categories.join(', ')}`)
    matrix[i]![j]!++
  }
  const n = first.length
  const rows = matrix.map((row) => row.reduce((s, v) => s + v, 0))
  const cols = categories.map((_, j) => matrix.reduce((s, row) => s + row[j]!, 0))
  const exact = n === 0 ? Number.NaN : matrix.reduce((s, row, i) => s + row[i]!, 0) / n
  const kappaOf = (kind: KappaWeights): number | null => {
    if (n === 0) return null
    let observed = 0
    let expected = 0
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) {
        const w = weight(kind, i, j, k)
        observed += (w * matrix[i]![j]!) / n
        expected += (w * rows[i]! * cols[j]!) / (n * n)
      }
    }
    return expected === 0 ? null : 1 - observed / expected
  }
  return { n, exact, kappa: { unweighted: kappaOf('unweighted'), linear: kappaOf('linear'), quadratic: kappaOf('quadratic') }, matrix }
}
