// Exact agreement and Cohen's kappa on hand-worked severity tables.
import { describe, expect, it } from 'vitest'
import { agreement } from './kappa'

const S = ['normal', 'abnormal', 'critical'] as const
type Sev = (typeof S)[number]

/** Ratings that produce exactly this matrix (rows: first rater, columns: second). */
function fromMatrix(m: number[][]): { first: Sev[]; second: Sev[] } {
  const first: Sev[] = []
  const second: Sev[] = []
  m.forEach((row, i) => row.forEach((count, j) => {
    for (let c = 0; c < count; c++) {
      first.push(S[i]!)
      second.push(S[j]!)
    }
  }))
  return { first, second }
}

describe('agreement', () => {
  // Rows 4, 4, 2; columns 4, 3, 3; n = 10. Worked by hand:
  // unweighted: Po = 0.7, Pe = (16 + 12 + 6)/100 = 0.34, κ = 0.36/0.66 = 6/11
  // linear: ΣwO = 1.5/10, ΣwE = (6 + 12 + 8 + 6 + 8 + 3)/100 = 0.43, κ = 1 − 0.15/0.43 = 28/43
  // quadratic: ΣwO = 0.75/10, ΣwE = (3 + 12 + 4 + 3 + 8 + 1.5)/100 = 0.315, κ = 1 − 0.075/0.315 = 16/21
  const table = [
    [3, 1, 0],
    [1, 2, 1],
    [0, 0, 2],
  ]

  it.each([
    ['unweighted', 6 / 11],
    ['linear', 28 / 43],
    ['quadratic', 16 / 21],
  ] as const)('%s kappa of a 3×3 table', (kind, expected) => {
    const { first, second } = fromMatrix(table)
    const a = agreement(S, first, second)
    expect(a.matrix).toEqual(table)
    expect(a.exact).toBeCloseTo(0.7, 12)
    expect(a.kappa[kind]).toBeCloseTo(expected, 12)
  })

  it('perfect agreement over several categories is 1 under every weighting', () => {
    const a = agreement(S, ['normal', 'critical', 'abnormal'], ['normal', 'critical', 'abnormal'])
    expect(a.kappa).toEqual({ unweighted: 1, linear: 1, quadratic: 1 })
  })

  it('is undefined (null), not 1 or NaN, when both raters used only one category', () => {
    const a = agreement(S, ['normal', 'normal'], ['normal', 'normal'])
    expect(a.exact).toBe(1)
    expect(a.kappa).toEqual({ unweighted: null, linear: null, quadratic: null })
  })

  it('weights a normal–critical disagreement more than a normal–abnormal one', () => {
    const near = agreement(S, ['normal', 'abnormal', 'critical', 'normal'], ['abnormal', 'abnormal', 'critical', 'normal'])
    const far = agreement(S, ['normal', 'abnormal', 'critical', 'normal'], ['critical', 'abnormal', 'critical', 'normal'])
    expect(near.kappa.unweighted).toBeCloseTo(far.kappa.unweighted!, 12)
    expect(near.kappa.linear!).toBeGreaterThan(far.kappa.linear!)
  })

  it('refuses unpaired ratings and unknown categories, naming them', () => {
    expect(() => agreement(S, ['normal'], [])).toThrow(/paired/)
    expect(() => agreement(S, ['normal'], ['severe' as Sev])).toThrow(/rating 0 \("normal", "severe"\)/)
  })
})
