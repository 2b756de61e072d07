// Age at the report's time from full and partial birth dates, and sex normalisation.
import { describe, expect, it } from 'vitest'
import { ageInMonths, ageMatches, normaliseSex } from './patient'

describe('ageInMonths', () => {
  it('counts completed months, the birthday deciding', () => {
    expect(ageInMonths('2000-03-15', '2018-03-14T23:00:00Z')).toEqual({ min: 215, max: 215 })
    expect(ageInMonths('2000-03-15', '2018-03-15')).toEqual({ min: 216, max: 216 })
  })

  it('gives the range of possible ages for a partial birth date', () => {
    expect(ageInMonths('2000', '2018-06-01')).toEqual({ min: 209, max: 221 })
    expect(ageInMonths('2000-02', '2018-06-01')).toEqual({ min: 219, max: 220 })
  })

  it('is unknown without both dates or when the birth is later', () => {
    expect(ageInMonths(null, '2018-06-01')).toBeNull()
    expect(ageInMonths('2000-01-01', null)).toBeNull()
    expect(ageInMonths('2020-01-01', '2018-06-01')).toBeNull()
    expect(ageInMonths('n/a', '2018-06-01')).toBeNull()
  })
})

describe('ageMatches', () => {
  it('min inclusive, max exclusive, whole range required', () => {
    expect(ageMatches({ min: 18 }, { min: 216, max: 216 })).toBe(true)
    expect(ageMatches({ min: 18 }, { min: 215, max: 216 })).toBe(false)
    expect(ageMatches({ max: 18 }, { min: 215, max: 215 })).toBe(true)
    expect(ageMatches({ max: 18 }, { min: 216, max: 216 })).toBe(false)
    expect(ageMatches({ min: 0.5, max: 5 }, { min: 6, max: 6 })).toBe(true)
    expect(ageMatches({ min: 18 }, null)).toBe(false)
    expect(ageMatches(undefined, null)).toBe(true)
  })
})

it('normalises sex', () => {
  expect(normaliseSex('F')).toBe('female')
  expect(normaliseSex('male')).toBe('male')
  expect(normaliseSex('other')).toBe('unknown')
  expect(normaliseSex(null)).toBe('unknown')
})
