// Structured-field rules by hand: years, ages with "90+", day offsets, and what de-identification off keeps.
import { describe, expect, it } from 'vitest'
import { dayOffset, exportAge, yearMonthOf, yearOf } from './structured'

describe('structured rules', () => {
  it.each([
    ['2024-03-05T10:00:00Z', '2024'],
    ['2024', '2024'],
    [null, null],
    ['garbage', null],
  ])('yearOf(%j) = %j', (iso, year) => expect(yearOf(iso)).toBe(year))

  it('yearMonthOf keeps the month only for exports without de-identification', () => expect(yearMonthOf('2024-03-05T10:00:00Z')).toBe('2024-03'))

  it.each([
    ['1960-06-15', '2024-06-14', 63],
    ['1960-06-15', '2024-06-15', 64],
    ['1934-01-01', '2023-12-31', 89],
    ['1934-01-01', '2024-01-01', '90+'],
    ['1920-05-05', '2024-05-05', '90+'],
    ['2030-01-01', '2024-01-01', null],
    [null, '2024-01-01', null],
  ])('exportAge(%j, %j) = %j', (birth, at, age) => expect(exportAge(birth, at)).toBe(age))

  it.each([
    ['2024-03-01', '2024-03-05', 4],
    ['2024-02-28T23:00:00Z', '2024-03-01T01:00:00Z', 2],
    ['2024-03-05', '2024-03-01', -4],
    [null, '2024-03-01', null],
  ])('dayOffset(%j, %j) = %j', (a, b, d) => expect(dayOffset(a, b)).toBe(d))
})
