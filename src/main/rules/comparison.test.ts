// Comparisons of values reported with a comparator: answered only when the bound settles the question.
import { describe, expect, it } from 'vitest'
import { isAbove, isBelow, parseComparator } from './comparison'

describe('isAbove', () => {
  it.each([
    [400, '', 400, false, 'no'],
    [400, '', 400, true, 'yes'],
    [400, '>', 400, false, 'yes'], // t > 400
    [300, '>', 400, false, 'unknown'],
    [400, '>=', 400, false, 'unknown'], // t ≥ 400 may be exactly 400
    [400, '>=', 400, true, 'yes'],
    [400, '<', 400, false, 'no'],
    [500, '<', 400, false, 'unknown'],
    [400, '<=', 400, false, 'no'],
    [400, '<=', 400, true, 'unknown'],
  ] as const)('%s%s vs %s (inclusive %s) → %s', (v, c, x, inclusive, answer) => {
    expect(isAbove(v, c, x, inclusive)).toBe(answer)
  })
})

describe('isBelow', () => {
  it.each([
    [50, '', 50, true, 'yes'],
    [50, '', 50, false, 'no'],
    [40, '<', 50, true, 'yes'],
    [60, '<', 50, true, 'unknown'],
    [50, '<=', 50, false, 'unknown'],
    [50, '>', 50, true, 'no'],
    [50, '>=', 50, true, 'unknown'],
    [50, '>=', 50, false, 'no'],
  ] as const)('%s%s vs %s (inclusive %s) → %s', (v, c, x, inclusive, answer) => {
    expect(isBelow(v, c, x, inclusive)).toBe(answer)
  })
})

it('parses comparators, refusing ones it does not know', () => {
  expect(parseComparator(null)).toBe('')
  expect(parseComparator('≥')).toBe('>=')
  expect(parseComparator(' <')).toBe('<')
  expect(parseComparator('~')).toBeUndefined()
})
