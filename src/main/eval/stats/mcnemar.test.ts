// McNemar's exact test against a published example and hand-worked binomial sums.
import { describe, expect, it } from 'vitest'
import { binomialHalfCdf, mcnemarExact, mcnemarPaired } from './mcnemar'

describe('mcnemarExact', () => {
  it('reproduces the published example: AHR before/after stem cell transplantation, b = 1, c = 7, p = 0.070', () => {
    // Bentur et al. 2009 as analysed in Fagerland, Lydersen & Laake, BMC Med Res Methodol 2013;13:91
    // (Table 1): exact conditional p = 2 · (C(8,0) + C(8,1)) / 2^8 = 18/256 = 0.0703.
    const r = mcnemarExact(1, 7)
    expect(r.pValue).toBeCloseTo(18 / 256, 12)
    expect(r.pValue.toFixed(3)).toBe('0.070')
    expect(mcnemarExact(7, 1).pValue).toBeCloseTo(18 / 256, 12)
  })

  it.each([
    // [b, c, hand-worked p]
    [0, 0, 1],
    [3, 3, 1], // 2 · 42/64 > 1, capped
    [0, 1, 1], // 2 · 1/2
    [0, 5, 2 / 32],
    [2, 8, (2 * (1 + 10 + 45)) / 1024],
    [0, 20, 2 / 2 ** 20],
  ])('b = %i, c = %i → p = %f', (b, c, p) => {
    expect(mcnemarExact(b, c).pValue).toBeCloseTo(p, 12)
  })

  it('stays finite for tens of thousands of discordant pairs (normal approximation p ≈ 0.157)', () => {
    const p = mcnemarExact(9900, 10100).pValue
    expect(p).toBeGreaterThan(0.15)
    expect(p).toBeLessThan(0.17)
    expect(binomialHalfCdf(0, 5000)).toBe(0) // 2^-5000 underflows to 0, not NaN
  })

  it('counts discordant pairs from per-report outcomes', () => {
    const r = mcnemarPaired([true, true, false, false, true], [true, false, true, true, false])
    expect([r.baselineOnly, r.candidateOnly]).toEqual([2, 2])
    expect(() => mcnemarPaired([true], [])).toThrow(/pairs/)
    expect(() => mcnemarExact(-1, 2)).toThrow(/non-negative/)
  })
})
