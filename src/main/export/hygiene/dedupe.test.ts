// Dedupe tables: what normalisation ignores and what it keeps apart.
import { describe, expect, it } from 'vitest'
import { Deduper, normaliseForDedupe } from './dedupe'

describe('normaliseForDedupe', () => {
  it.each([
    ['[O12] Heart rate: 72 /min', '[O977]  heart RATE:72 /min', true],
    ['QTc 480 ms\nSinus rhythm.', 'QTc 480 ms sinus rhythm', true],
    ['K 5.1 mmol/L', 'K 5.2 mmol/L', false],
    ['QTc 480 ms', 'QTc 48 ms', false],
    ['[F3] CRITICAL', '[F3] ABNORMAL', false],
  ])('%j ~ %j: %s', (a, b, same) => expect(normaliseForDedupe(a) === normaliseForDedupe(b)).toBe(same))
})

describe('Deduper', () => {
  it('keeps the first, calls an identical repeat exact and a normalised repeat near', () => {
    const d = new Deduper()
    expect(d.check('SYS', '[O1] K 6.1', 'target A')).toBeNull()
    expect(d.check('SYS', '[O1] K 6.1', 'target A')).toBe('exact_duplicate')
    // The same input corrected again (another target): collapses to the first, the newest signature.
    expect(d.check('SYS', '[O1] K 6.1', 'target B')).toBe('near_duplicate')
    expect(d.check('SYS', '[O44]  k 6.1', 'target C')).toBe('near_duplicate')
    expect(d.check('SYS', '[O1] K 6.2', 'target A')).toBeNull()
    // Another instruction block: another input.
    expect(d.check('OTHER SYS', '[O1] K 6.1', 'target A')).toBeNull()
  })
})
