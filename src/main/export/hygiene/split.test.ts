// Split tables worked by hand: ratios parsing, largest-remainder targets, assignment that keeps earlier splits.
import { describe, expect, it } from 'vitest'
import { assignSplits, DEFAULT_RATIOS, parseRatios, patientRank, stratumOf, targetCounts, type Split } from './split'

describe('parseRatios', () => {
  it.each([
    ['80/10/10', { train: 80, validation: 10, test: 10 }],
    ['70 / 15 / 15', { train: 70, validation: 15, test: 15 }],
    ['100/0/0', { train: 100, validation: 0, test: 0 }],
  ])('%s', (text, ratios) => expect(parseRatios(text)).toEqual(ratios))
  it.each([
    ['80/10', 'three whole percentages'],
    ['80/10/5', 'add up to 100'],
    ['0/50/50', 'training share'],
    ['80.5/9.5/10', 'three whole percentages'],
  ])('refuses %s', (text, message) => expect((parseRatios(text) as { error: string }).error).toContain(message))
})

describe('targetCounts (largest remainder)', () => {
  it.each([
    [10, DEFAULT_RATIOS, { train: 8, validation: 1, test: 1 }],
    // 7 × .8 = 5.6, .7, .7 → floors 5,0,0 (2 left): remainders .6, .7, .7 → validation, test.
    [7, DEFAULT_RATIOS, { train: 5, validation: 1, test: 1 }],
    // 3 × .8 = 2.4, .3, .3 → 2,0,0 (1 left): largest remainder .4 is train's.
    [3, DEFAULT_RATIOS, { train: 3, validation: 0, test: 0 }],
    [1, DEFAULT_RATIOS, { train: 1, validation: 0, test: 0 }],
    [0, DEFAULT_RATIOS, { train: 0, validation: 0, test: 0 }],
    // 5 × .6/.2/.2 = 3, 1, 1 exactly.
    [5, { train: 60, validation: 20, test: 20 }, { train: 3, validation: 1, test: 1 }],
  ])('%i patients', (n, ratios, expected) => expect(targetCounts(n, ratios)).toEqual(expected))
})

describe('assignSplits', () => {
  const patients = (ids: number[], stratum: string) => ids.map((patientId) => ({ patientId, stratum }))
  const bySplit = (m: Map<number, Split>) => {
    const out: Record<Split, number[]> = { train: [], validation: [], test: [] }
    for (const [id, s] of [...m].sort((a, b) => a[0] - b[0])) out[s].push(id)
    return out
  }

  it('fills each stratum to its ratios in seeded order', () => {
    const ten = patients([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 'ecg')
    const m = assignSplits(ten, new Map(), DEFAULT_RATIOS, 1)
    const order = [...ten].sort((a, b) => (patientRank(1, a.patientId) < patientRank(1, b.patientId) ? -1 : 1)).map((p) => p.patientId)
    // The seeded order's first 8 train, the 9th validation, the 10th test.
    expect(bySplit(m)).toEqual({ train: order.slice(0, 8).sort((a, b) => a - b), validation: [order[8]], test: [order[9]] })
  })

  it('is the same for the same seed, and differs for another', () => {
    const many = patients(
      Array.from({ length: 50 }, (_, i) => i + 1),
      'lab',
    )
    expect(assignSplits(many, new Map(), DEFAULT_RATIOS, 7)).toEqual(assignSplits([...many].reverse(), new Map(), DEFAULT_RATIOS, 7))
    expect(assignSplits(many, new Map(), DEFAULT_RATIOS, 7)).not.toEqual(assignSplits(many, new Map(), DEFAULT_RATIOS, 8))
  })

  it('respects strata: each kind gets its own 8/1/1', () => {
    const m = assignSplits([...patients([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 'ecg'), ...patients([11, 12, 13, 14, 15, 16, 17, 18, 19, 20], 'cgm')], new Map(), DEFAULT_RATIOS, 3)
    const s = bySplit(m)
    expect(s.test.filter((id) => id <= 10)).toHaveLength(1)
    expect(s.test.filter((id) => id > 10)).toHaveLength(1)
    expect(s.validation.filter((id) => id <= 10)).toHaveLength(1)
    expect(s.validation.filter((id) => id > 10)).toHaveLength(1)
  })

  it('keeps earlier splits and fills only what the stratum still needs', () => {
    // 10 patients, two already in test (more than the 1 the ratios ask): new ones go 8 train, 0 test, 0 validation… 
    // target 8/1/1, have 0/0/2 → need train 8, validation 1, test 0; 8 new patients: 8 train (validation gets none left).
    const persisted = new Map<number, Split>([
      [1, 'test'],
      [2, 'test'],
    ])
    const m = assignSplits(patients([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 'ecg'), persisted, DEFAULT_RATIOS, 5)
    expect(bySplit(m)).toEqual({ train: [3, 4, 5, 6, 7, 8, 9, 10], validation: [], test: [1, 2] })
  })

  it('a test patient stays in test whatever the new ratios and seed', () => {
    const m = assignSplits(patients([1, 2, 3], 'ecg'), new Map<number, Split>([[2, 'test']]), { train: 100, validation: 0, test: 0 }, 99)
    expect(m.get(2)).toBe('test')
    expect(m.get(1)).toBe('train')
    expect(m.get(3)).toBe('train')
  })
})

describe('stratumOf', () => {
  it.each([
    [[['ecg', 3], ['lab', 1]], 'ecg'],
    [[['lab', 2], ['ecg', 2]], 'ecg'],
    [[['cgm', 1]], 'cgm'],
  ] as [[string, number][], string][])('%j → %s', (counts, expected) => expect(stratumOf(new Map(counts))).toBe(expected))
})
