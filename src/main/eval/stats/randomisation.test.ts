// Paired approximate randomisation: exact enumeration on hand-worked cases, and sampling that agrees with it.
import { describe, expect, it } from 'vitest'
import { pairedRandomisation } from './randomisation'

describe('pairedRandomisation', () => {
  it.each([
    // differences b − a; of the 2^n sign flips, those with |Σ| ≥ |observed Σ| (worked by hand)
    [[0, 0, 0], [1, 1, 1], 2 / 8], // only all-same-sign reach |Σ| = 3
    [[0, 0, 0], [1, 2, 3], 2 / 8], // ±1 ±2 ±3 reaches |6| only twice
    [[0, 0, 0], [1, -1, 2], 6 / 8], // sums 4, 0, 2, −2, 2, −2, 0, −4 → six with |Σ| ≥ 2
    [[5, 5], [5, 5], 1], // no difference
  ])('a = %j, b = %j → exact p = %f', (a, b, p) => {
    const r = pairedRandomisation({ a, b }, { seed: 1 })
    expect(r.exact).toBe(true)
    expect(r.pValue).toBeCloseTo(p, 12)
  })

  it('sampled rounds approximate the exact p-value and repeat for a seed', () => {
    const a = [0.2, 0.5, 0.1, 0.9, 0.4, 0.3, 0.7, 0.6, 0.2, 0.8, 0.5, 0.4]
    const b = [0.4, 0.6, 0.1, 1.0, 0.5, 0.2, 0.9, 0.8, 0.3, 0.8, 0.7, 0.3]
    const exact = pairedRandomisation({ a, b }, { seed: 1, rounds: 4096 })
    const sampled = pairedRandomisation({ a, b }, { seed: 7, rounds: 4000 })
    expect(exact.exact).toBe(true)
    expect(sampled.exact).toBe(false)
    expect(Math.abs(sampled.pValue - exact.pValue)).toBeLessThan(0.03)
    expect(pairedRandomisation({ a, b }, { seed: 7, rounds: 4000 })).toEqual(sampled)
  })

  it('swaps numerators with their denominators for a ratio of sums', () => {
    // Baseline 1/2 and 1/2 (rate 0.5), candidate 2/2 and 2/2 (rate 1.0). Swapping exactly one report
    // gives 3/4 against 3/4; swapping none or both keeps |Δ| = 0.5: p = 2/4.
    const r = pairedRandomisation({ a: [1, 1], aDen: [2, 2], b: [2, 2], bDen: [2, 2] }, { seed: 1 })
    expect(r.difference).toBeCloseTo(0.5, 12)
    expect(r.pValue).toBeCloseTo(0.5, 12)
  })
})
