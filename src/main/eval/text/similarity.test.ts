// ROUGE-L and chrF on hand-worked pairs.
import { describe, expect, it } from 'vitest'
import { chrF } from './chrF'
import { lcsLength, rougeL } from './rougeL'
import { wordTokens } from './tokens'

describe('wordTokens', () => {
  it('keeps decimals whole and drops punctuation and case', () => {
    expect(wordTokens('Potassium 6.8 mmol/L, HIGH.')).toEqual(['potassium', '6.8', 'mmol', 'l', 'high'])
  })
})

describe('rougeL', () => {
  it.each([
    // [candidate, reference, LCS, P, R, F1]
    ['potassium is high', 'potassium is critically high', 3, 1, 3 / 4, 6 / 7],
    ['a b c d', 'b a d c', 2, 1 / 2, 1 / 2, 1 / 2],
    ['sodium normal', 'potassium critical', 0, 0, 0, 0],
    ['the the the', 'the cat', 1, 1 / 3, 1 / 2, 2 / 5],
    ['Same text.', 'same TEXT', 2, 1, 1, 1],
  ])('"%s" vs "%s": LCS %i, P %f, R %f, F %f', (c, r, lcs, p, rec, f) => {
    expect(lcsLength(wordTokens(c), wordTokens(r))).toBe(lcs)
    const s = rougeL(c, r)
    expect(s.precision).toBeCloseTo(p, 12)
    expect(s.recall).toBeCloseTo(rec, 12)
    expect(s.f).toBeCloseTo(f, 12)
  })

  it('scores two empty texts 1 and one empty text 0', () => {
    expect(rougeL('', '').f).toBe(1)
    expect(rougeL('', 'something').f).toBe(0)
    expect(rougeL('something', '').f).toBe(0)
  })
})

describe('chrF', () => {
  it.each([
    // "abc" vs "abd": n=1 2/3 both ways, n=2 1/2, n=3 0; no 4..6-grams. P = R = (2/3 + 1/2 + 0)/3 = 7/18 → F = 7/18.
    ['abc', 'abd', 7 / 18, 7 / 18, 7 / 18],
    // "ab" vs "abc": P = (1 + 1)/2 = 1; R = (2/3 + 1/2 + 0/1)/3 = 7/18; F2 = 5·(7/18)/(4 + 7/18) = 35/79.
    ['ab', 'abc', 1, 7 / 18, 35 / 79],
    // Swapped: P = 7/18, R = 1; F2 = 5·(7/18)/(4·7/18 + 1) = 35/46.
    ['abc', 'ab', 7 / 18, 1, 35 / 46],
    // Whitespace is not content.
    ['a b', 'ab', 1, 1, 1],
    ['xyz', 'abc', 0, 0, 0],
  ])('"%s" vs "%s": P %f, R %f, F %f', (h, r, p, rec, f) => {
    const s = chrF(h, r)
    expect(s.precision).toBeCloseTo(p, 12)
    expect(s.recall).toBeCloseTo(rec, 12)
    expect(s.f).toBeCloseTo(f, 12)
  })

  it('counts repeated n-grams only as often as the other side has them', () => {
    // "aaa" vs "a": n=1 match min(3,1) = 1: P1 = 1/3, R1 = 1. Orders 2, 3 exist only in the hypothesis: P2 = P3 = 0.
    // P = (1/3 + 0 + 0)/3 = 1/9, R = 1; F2 = 5·(1/9)/(4/9 + 1) = 5/13.
    expect(chrF('aaa', 'a').f).toBeCloseTo(5 / 13, 12)
  })

  it('is 1 for identical texts and handles empty ones', () => {
    expect(chrF('Potassium 6.8 mmol/L', 'Potassium 6.8 mmol/L').f).toBeCloseTo(1, 12)
    expect(chrF('', '').f).toBe(1)
    expect(chrF('', 'x').f).toBe(0)
  })
})

describe('chrF on characters outside the Basic Multilingual Plane', () => {
  it('counts an astral character as one character', () => {
    // "a😀" vs "a😀b": P = (1 + 1)/2 = 1; R = (2/3 + 1/2 + 0)/3 = 7/18; F2 = 35/79, as for "ab" vs "abc".
    expect(chrF('a😀', 'a😀b').f).toBeCloseTo(35 / 79, 12)
  })
})
