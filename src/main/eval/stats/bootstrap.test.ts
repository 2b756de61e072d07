// Paired bootstrap intervals: reproducible for a seed, the right width on a known sample, degenerate when every report moves alike.
import { describe, expect, it } from 'vitest'
import { pairedBootstrap } from './bootstrap'
import { createPrng } from './prng'
import { quantileSorted } from './quantile'

describe('quantileSorted (type 7)', () => {
  it.each([
    [[1, 2, 3, 4], 0.5, 2.5],
    [[1, 2, 3, 4], 0.025, 1.075],
    [[1, 2, 3, 4], 1, 4],
    [[7], 0.3, 7],
  ])('%j at %f is %f', (xs, p, q) => expect(quantileSorted(xs, p)).toBeCloseTo(q, 12))
})

describe('createPrng', () => {
  it('repeats for a seed and differs between seeds', () => {
    const take = (seed: number) => Array.from({ length: 5 }, createPrng(seed).next)
    const r1 = createPrng(42)
    const r2 = createPrng(42)
    expect(Array.from({ length: 5 }, () => r1.next())).toEqual(Array.from({ length: 5 }, () => r2.next()))
    expect(take(1)).not.toEqual(take(2))
  })

  it('draws indices evenly (each of 10 within 3% of 10,000 over 100,000 draws)', () => {
    const rng = createPrng(3)
    const counts = new Array<number>(10).fill(0)
    for (let i = 0; i < 100_000; i++) counts[rng.below(10)]!++
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(300)
  })
})

describe('pairedBootstrap', () => {
  const a = Array.from({ length: 200 }, (_, i) => (i % 7) / 7)
  const b = a.map((v, i) => v + (i % 3 === 0 ? 0.1 : 0))

  it('is reproducible for a seed and changes with it', () => {
    const one = pairedBootstrap([{ a, b }], { seed: 11, resamples: 2000 })
    expect(pairedBootstrap([{ a, b }], { seed: 11, resamples: 2000 })).toEqual(one)
    expect(pairedBootstrap([{ a, b }], { seed: 12, resamples: 2000 })[0]!.low).not.toBe(one[0]!.low)
    expect(one[0]).toMatchObject({ level: 0.95, resamples: 2000, seed: 11, undefinedResamples: 0 })
    expect(one[0]!.estimate).toBeCloseTo(67 * 0.1 / 200, 12)
  })

  it('gives a zero-width interval when every report differs by the same amount', () => {
    const [ci] = pairedBootstrap([{ a, b: a.map((v) => v - 0.25) }], { seed: 1, resamples: 1000 })
    expect(ci!.low).toBeCloseTo(-0.25, 12)
    expect(ci!.high).toBeCloseTo(-0.25, 12)
  })

  it('has the textbook width: differences ±1 over 2,500 reports → about ±1.96/50', () => {
    const n = 2500
    const zero = new Array<number>(n).fill(0)
    const d = Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 1 : -1))
    const [ci] = pairedBootstrap([{ a: zero, b: d }], { seed: 5, resamples: 4000 })
    expect(ci!.low).toBeGreaterThan(-0.0392 - 0.004)
    expect(ci!.low).toBeLessThan(-0.0392 + 0.004)
    expect(ci!.high).toBeGreaterThan(0.0392 - 0.004)
    expect(ci!.high).toBeLessThan(0.0392 + 0.004)
  })

  it('covers the true difference in about 95% of repeated samples', () => {
    let covered = 0
    const trials = 200
    for (let t = 0; t < trials; t++) {
      const rng = createPrng(1000 + t)
      const x = Array.from({ length: 60 }, () => rng.next())
      const y = x.map((v) => v + 0.05 + (rng.next() - 0.5) * 0.4) // true difference 0.05
      const [ci] = pairedBootstrap([{ a: x, b: y }], { seed: t, resamples: 1000 })
      if (ci!.low <= 0.05 && 0.05 <= ci!.high) covered++
    }
    expect(covered / trials).toBeGreaterThan(0.89)
    expect(covered / trials).toBeLessThan(0.99)
  })

  it('bootstraps a ratio of sums and sets aside resamples with no denominator', () => {
    // Report 0 has the only drafted findings: a resample without it leaves the rate undefined.
    const [ci] = pairedBootstrap([{ a: [1, 0, 0], aDen: [2, 0, 0], b: [2, 0, 0], bDen: [2, 0, 0] }], { seed: 2, resamples: 1000 })
    expect(ci!.estimate).toBeCloseTo(0.5, 12)
    expect(ci!.low).toBeCloseTo(0.5, 12)
    expect(ci!.undefinedResamples).toBeGreaterThan(200) // (2/3)^3 ≈ 30% of resamples
    expect(ci!.undefinedResamples).toBeLessThan(400)
  })

  it('refuses too few resamples and unpaired series, naming the problem', () => {
    expect(() => pairedBootstrap([{ a, b }], { seed: 1, resamples: 999 })).toThrow(/at least 1000/)
    expect(() => pairedBootstrap([{ a, b: b.slice(1) }], { seed: 1 })).toThrow(/series\[0\]\.b has 199 values.*paired/)
    expect(() => pairedBootstrap([{ a: [Number.NaN], b: [1] }], { seed: 1 })).toThrow(/series\[0\]\.a\[0\] is NaN/)
  })
})
