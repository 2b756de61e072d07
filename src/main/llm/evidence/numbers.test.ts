// Number extraction: measurements with units and decimals; ids, dates, codes and ordinals skipped.
import { describe, expect, it } from 'vitest'
import { extractNumbers } from './numbers'

const values = (text: string): number[] => extractNumbers(text).map((n) => n.value)

describe('extractNumbers', () => {
  it('reads value, decimals and unit', () => {
    expect(extractNumbers('Potassium 6.80 mmol/L.')).toEqual([{ value: 6.8, decimals: 2, text: '6.80 mmol/L', index: 10, unit: 'mmol/L', parts: null }])
    expect(extractNumbers('glucose 13.9 mmol/l, 250 mg/dL')).toMatchObject([{ value: 13.9, unit: 'mmol/L' }, { value: 250, unit: 'mg/dL' }])
  })

  it('maps the units drafts write to UCUM, glued or spaced', () => {
    const units = (text: string) => extractNumbers(text).map((n) => n.unit)
    expect(units('72bpm, 95%, 120 mmHg, 80 mm Hg, QTc 512 ms, 45°, 250 x10^9/L, 250 ×10⁹/L, 3 days')).toEqual([
      '/min', '%', 'mm[Hg]', 'mm[Hg]', 'ms', 'deg', '10*9/L', '10*9/L', 'd',
    ])
    expect(units('6 at rest')).toEqual([null])
  })

  it('skips evidence ids, names with digits, dates, times, LOINC codes, ordinals and compound modifiers', () => {
    const text =
      'See [O12], F7 and R45; SpO2, HbA1c, FEV1 and lead V1; on 2026-03-01T08:30:00Z, 01/03/2026, 3 March 2026, March 3, 2026 at 14:30; ' +
      'LOINC 2823-3 and 718-7; the 2nd and 3rd readings of a 12-lead, 24-hour record since 2019.'
    expect(values(text)).toEqual([])
  })

  it('reads signs only where they are signs', () => {
    expect(values('axis -30°, range 3.5-5.1, axis −45 and +90')).toEqual([-30, 3.5, 5.1, -45, 90])
    expect(values('70–99 mg/dL')).toEqual([70, 99])
  })

  it('keeps thousands groups whole and remembers their parts', () => {
    expect(extractNumbers('4,032 readings')).toMatchObject([{ value: 4032, parts: [4, 32] }])
    expect(values('120/80 mmHg')).toEqual([120, 80])
  })

  it('keeps a year when a unit follows it', () => {
    expect(values('2000 mg/dL')).toEqual([2000])
  })
})
