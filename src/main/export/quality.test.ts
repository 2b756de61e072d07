// Quality report tables: counts against the minimum, class balance, reason codes, token statistics by hand.
import { describe, expect, it } from 'vitest'
import { QualityAccumulator, type QualityInput } from './quality'

const TOKENIZER = { method: 'tokenizer', counter: 'the tokenizer of the base model "test"' } as const

const item = (over: Partial<QualityInput>): QualityInput => ({
  kind: 'ecg',
  conditions: [],
  outcome: 'corrected',
  overallSeverity: 'abnormal',
  reasonCodes: [],
  split: 'train',
  tokens: 100,
  rows: ['sft', 'preference'],
  ...over,
})

describe('QualityAccumulator', () => {
  it('counts per kind and condition against the minimum, and warns', () => {
    const q = new QualityAccumulator(2, 1000, TOKENIZER)
    q.add(item({ kind: 'ecg', conditions: ['qtc', 'qtc'], reasonCodes: ['wrong_severity', 'wrong_severity'] }))
    q.add(item({ kind: 'ecg', conditions: ['qtc'], outcome: 'accepted_unchanged', rows: ['sft'], split: 'test' }))
    q.add(item({ kind: 'lab', conditions: ['k-high'], reasonCodes: ['missed_finding'], rows: ['sft', 'preference', 'unpaired'], outcome: 'rejected_rewritten' }))
    q.droppedTooLong()
    const r = q.finish()
    expect(r.items).toBe(3)
    expect(r.rows).toEqual({ sft: 3, preference: 2, unpaired: 1 })
    expect(r.perSplit).toEqual({ train: 2, validation: 0, test: 1 })
    expect(r.perKind).toEqual([
      { kind: 'ecg', count: 2, belowMinimum: false },
      { kind: 'lab', count: 1, belowMinimum: true },
    ])
    // A condition named twice in one item counts once.
    expect(r.perCondition).toEqual([
      { condition: 'qtc', count: 2, belowMinimum: false },
      { condition: 'k-high', count: 1, belowMinimum: true },
    ])
    expect(r.outcomes).toEqual({ corrected: 1, accepted_unchanged: 1, rejected_rewritten: 1 })
    expect(r.reasonCodes).toEqual({ wrong_severity: 1, missed_finding: 1 })
    expect(r.warnings).toEqual([
      'kind lab: 1 examples, below the minimum of 2',
      'condition k-high: 1 examples, below the minimum of 2',
      '1 items dropped: longer than the context of 1000 tokens',
    ])
  })

  it('token statistics: min, max, mean, and percentiles from 32-token buckets', () => {
    const q = new QualityAccumulator(1, 4096, TOKENIZER)
    // 10, 20, 40, 100, 1000: mean 234; p50 = 3rd value (40) → bucket 32–63 → 63; p95 = 5th (1000) → bucket 992–1023, capped at max 1000.
    for (const tokens of [10, 20, 40, 100, 1000]) q.add(item({ tokens }))
    expect(q.finish().tokens).toEqual({ count: 5, min: 10, max: 1000, mean: 234, p50: 63, p95: 1000, contextSize: 4096, droppedTooLong: 0, ...TOKENIZER })
  })

  it('an empty export has null statistics and no test-split warning', () => {
    const r = new QualityAccumulator(300, 4096, TOKENIZER).finish()
    expect(r.tokens.mean).toBeNull()
    expect(r.warnings).toEqual([])
  })

  it('says when token lengths are estimated, with the reason, and marks the context warning', () => {
    const q = new QualityAccumulator(1, 1000, { method: 'estimated', counter: 'estimated (characters / 3): no base model is selected on the Models page' })
    q.add(item({ split: 'test' }))
    q.droppedTooLong()
    expect(q.finish().warnings).toEqual([
      '1 items dropped: longer than the context of 1000 tokens (estimated token counts)',
      'token lengths are estimated (characters / 3): no base model is selected on the Models page',
    ])
  })
})
