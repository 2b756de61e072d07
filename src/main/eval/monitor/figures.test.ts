// Monitoring figures from hand-built reviews, worked out by hand, and the unpaired bootstrap's behaviour.
import { describe, expect, it } from 'vitest'
import { twoSampleBootstrap } from '../stats/twoSampleBootstrap'
import { accepted, reviewFigures, reviewOutcome, vsProduction, type ReviewRecord } from './figures'

const r = (x: Partial<ReviewRecord>): ReviewRecord => ({
  versionId: 1,
  reportId: 1,
  drafted: 4,
  edited: 0,
  rejected: 0,
  added: 0,
  draftRejected: false,
  evidenceFailure: false,
  timeToSignMs: 60_000,
  reasonCodes: [],
  ...x,
})

describe('reviewFigures', () => {
  it.each([
    // [case, review, accepted, outcome (drafted, edited, rejected)]
    ['all accepted', r({}), true, [4, 0, 0]],
    ['one edited', r({ edited: 1 }), false, [4, 1, 0]],
    ['one added', r({ added: 1 }), false, [4, 0, 0]],
    ['draft rejected: all its findings', r({ draftRejected: true, edited: 1 }), false, [4, 0, 4]],
  ] as const)('%s', (_name, review, isAccepted, [d, e, j]) => {
    expect(accepted(review)).toBe(isAccepted)
    expect(reviewOutcome(review)).toEqual({ drafted: d, edited: e, rejected: j, evidenceFailure: false })
  })

  it('aggregates ratios of sums, quantiles of time and reason counts', () => {
    const f = reviewFigures([
      r({ edited: 1, reasonCodes: ['wrong_value'], timeToSignMs: 1000 }),
      r({ drafted: 2, rejected: 2, reasonCodes: ['wrong_value', 'other'], evidenceFailure: true, timeToSignMs: 3000 }),
      r({ timeToSignMs: 2000 }),
      r({ drafted: 0, timeToSignMs: 11_000 }),
    ])
    // drafted 4+2+4+0 = 10; edited 1, rejected 2; accepted: the third and the fourth (nothing to change) = 2 of 4.
    expect(f.timeToSignP90Ms).toBeCloseTo(8600, 6)
    expect({ ...f, timeToSignP90Ms: 8600 }).toEqual({
      reviews: 4,
      acceptanceRate: 0.5,
      editRate: 0.1,
      rejectRate: 0.2,
      evidenceFailureRate: 0.25,
      // Sorted 1000, 2000, 3000, 11000: median at h = 1.5 → 2500; p90 at h = 2.7 → 3000 + 0.7 × 8000 = 8600.
      timeToSignMedianMs: 2500,
      timeToSignP90Ms: 8600,
      reasonCodes: { wrong_value: 2, other: 1 },
    })
    expect(reviewFigures([])).toMatchObject({ reviews: 0, acceptanceRate: null, editRate: null, timeToSignMedianMs: null })
  })

  it('compares with production: estimate is the plain difference; the interval holds it and is reproducible', () => {
    const prod = Array.from({ length: 20 }, (_, i) => r({ edited: i % 4 === 0 ? 1 : 0 })) // 5 of 80 findings edited
    const ver = Array.from({ length: 20 }, (_, i) => r({ edited: i % 2 === 0 ? 1 : 0 })) // 10 of 80
    const d = vsProduction(ver, prod, 3)
    expect(d.editRate!.estimate).toBeCloseTo(10 / 80 - 5 / 80, 12)
    expect(d.editRate!.low).toBeLessThanOrEqual(d.editRate!.estimate)
    expect(d.editRate!.high).toBeGreaterThanOrEqual(d.editRate!.estimate)
    expect(d.acceptanceRate!.estimate).toBeCloseTo(0.5 - 0.75, 12)
    expect(vsProduction(ver, prod, 3)).toEqual(d)
    expect(vsProduction(ver, [], 3).editRate).toBeNull()
  })

  it('two-sample bootstrap: identical constant groups give a zero-width interval at zero', () => {
    const d = twoSampleBootstrap({ num: [1, 1, 1] }, { num: [1, 1] }, { kind: 'ratio' }, { seed: 1, resamples: 1000 })
    expect(d).toMatchObject({ estimate: 0, low: 0, high: 0, undefinedResamples: 0 })
    expect(() => twoSampleBootstrap({ num: [1] }, { num: [1] }, { kind: 'ratio' }, { seed: 1, resamples: 10 })).toThrow(/at least 1000/)
  })
})
