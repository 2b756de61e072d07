// Tests for the unit normaliser: device aliases, refusals, conversions and per-analyte canonical units.
import { describe, expect, it } from 'vitest'
import type { ParsedObservation } from '../../shared/domain/report'
import { convert, normaliseObservation, toUcum } from './units'

function obs(code: string, valueNum: number | undefined, unit: string | undefined, extra: Partial<ParsedObservation> = {}): ParsedObservation {
  return { code: { system: 'LOINC', code }, valueType: 'numeric', valueNum, unit, status: 'final', ...extra }
}

describe('toUcum', () => {
  it.each([
    ['mEq/L', 'meq/L'],
    ['mmHg', 'mm[Hg]'],
    ['mm Hg', 'mm[Hg]'],
    ['bpm', '/min'],
    ['BPM', '/min'],
    ['beats/min', '/min'],
    ['%', '%'],
    ['mg/dl', 'mg/dL'],
    ['MG/DL', 'mg/dL'],
    ['mmol/l', 'mmol/L'],
    ['x10^9/L', '10*9/L'],
    ['10*9/L', '10*9/L'],
    ['10^9/L', '10*9/L'],
    ['x10⁹/L', '10*9/L'],
    ['K/uL', '10*3/uL'],
    ['K/µL', '10*3/uL'],
    ['10E3/uL', '10*3/uL'],
    ['g/dl', 'g/dL'],
    ['msec', 'ms'],
    ['ms', 'ms'],
    ['deg', 'deg'],
    ['L', 'L'],
    ['L/s', 'L/s'],
    ['l/s', 'L/s'],
    ['ng/L', 'ng/L'],
    ['ng/ml', 'ng/mL'],
    ['µmol/L', 'umol/L'],
    ['{INR}', '{INR}'],
    ['INR', '{INR}'],
    ['Schläge/min', '/min'],
    [' mmol/L ', 'mmol/L'],
  ])('maps %s to %s', (raw, ucum) => {
    expect(toUcum(raw)).toEqual({ ucum })
  })

  it.each(['furlongs', 'mEq', 'ppm', 'IU/L?', 'G/L', 'T/L', '109/L', 'xyz/L'])('refuses %s without guessing', (raw) => {
    const result = toUcum(raw)
    expect('unmapped' in result).toBe(true)
    if ('unmapped' in result) expect(result.reason.length).toBeGreaterThan(0)
  })

  it('explains the gauss trap', () => {
    expect(toUcum('G/L')).toEqual({ unmapped: true, reason: expect.stringContaining('gauss') })
  })

  it('reports a missing unit', () => {
    expect(toUcum(undefined)).toEqual({ unmapped: true, reason: 'no unit given' })
    expect(toUcum('  ')).toEqual({ unmapped: true, reason: 'no unit given' })
  })

  it('keeps UCUM case-sensitive: mS (millisiemens) is not ms', () => {
    expect(toUcum('mS')).toEqual({ ucum: 'mS' })
  })
})

describe('convert', () => {
  it('converts glucose mmol/L to mg/dL with the molar mass (5.55 mmol/L ≈ 100 mg/dL)', () => {
    const mgdl = convert(5.55, 'mmol/L', 'mg/dL', { molarMassGPerMol: 180.156 })
    expect(mgdl).toBeCloseTo(99.98658, 4)
    expect(convert(100, 'mg/dL', 'mmol/L', { molarMassGPerMol: 180.156 })).toBeCloseTo(5.55074, 4)
  })

  it('refuses mass <-> substance without a molar mass', () => {
    expect(convert(5.5, 'mmol/L', 'mg/dL')).toBeNull()
  })

  it('treats meq/L as mmol/L for a monovalent ion', () => {
    expect(convert(4.2, 'meq/L', 'mmol/L', { charge: 1 })).toBe(4.2)
  })

  it('halves meq/L for divalent calcium', () => {
    expect(convert(5, 'meq/L', 'mmol/L', { charge: 2 })).toBe(2.5)
  })

  it('converts plain factors without floating-point noise', () => {
    expect(convert(150, '10*3/uL', '10*9/L')).toBe(150)
    expect(convert(0.4, 's', 'ms')).toBe(400)
    expect(convert(0.04, 'ng/mL', 'ng/L')).toBe(40)
    expect(convert(16, 'kPa', 'mm[Hg]')).toBeCloseTo(120.01, 2)
  })

  it('handles non-proportional scales (temperature) on every call', () => {
    expect(convert(37, 'Cel', '[degF]')).toBeCloseTo(98.6, 6)
    expect(convert(0, 'Cel', '[degF]')).toBeCloseTo(32, 6)
  })

  it('returns null for incommensurable units and non-finite values', () => {
    expect(convert(1, '%', 'mg/dL')).toBeNull()
    expect(convert(Number.NaN, 'mg/dL', 'mg/dL')).toBeNull()
  })
})

describe('normaliseObservation', () => {
  it('brings glucose in mmol/L to mg/dL', () => {
    const n = normaliseObservation(obs('14749-6', 5.55, 'mmol/l'))
    expect(n.ucumUnit).toBe('mmol/L')
    expect(n.normalisedUnit).toBe('mg/dL')
    expect(n.normalisedValue).toBeCloseTo(99.99, 2)
  })

  it('keeps glucose already in mg/dL', () => {
    expect(normaliseObservation(obs('2345-7', 98, 'mg/dL'))).toEqual({ ucumUnit: 'mg/dL', normalisedValue: 98, normalisedUnit: 'mg/dL' })
  })

  it('converts CGM readings by their LOINC code', () => {
    const n = normaliseObservation(obs('105272-9', 10, 'mmol/L'))
    expect(n.normalisedUnit).toBe('mg/dL')
    expect(n.normalisedValue).toBeCloseTo(180.156, 3)
  })

  it('treats potassium meq/L as mmol/L and converts the reference range too', () => {
    const n = normaliseObservation(obs('2823-3', 4.2, 'mEq/L', { refLow: 3.5, refHigh: 5.1 }))
    expect(n).toEqual({
      ucumUnit: 'meq/L',
      normalisedValue: 4.2,
      normalisedUnit: 'mmol/L',
      normalisedRefLow: 3.5,
      normalisedRefHigh: 5.1,
    })
  })

  it('normalises sodium, calcium, haemoglobin, platelets and troponin', () => {
    expect(normaliseObservation(obs('2951-2', 140, 'mEq/L')).normalisedValue).toBe(140)
    expect(normaliseObservation(obs('17861-6', 2.5, 'mmol/L')).normalisedValue).toBeCloseTo(10.0195, 4)
    expect(normaliseObservation(obs('718-7', 135, 'g/L'))).toMatchObject({ normalisedValue: 13.5, normalisedUnit: 'g/dL' })
    expect(normaliseObservation(obs('777-3', 250, 'K/uL'))).toMatchObject({ normalisedValue: 250, normalisedUnit: '10*9/L' })
    expect(normaliseObservation(obs('89579-7', 0.012, 'ng/mL'))).toMatchObject({ normalisedValue: 12, normalisedUnit: 'ng/L' })
  })

  it('normalises ECG intervals to ms and rates to /min', () => {
    expect(normaliseObservation(obs('8636-3', 0.452, 's'))).toMatchObject({ normalisedValue: 452, normalisedUnit: 'ms' })
    expect(normaliseObservation(obs('8625-6', 160, 'msec'))).toMatchObject({ ucumUnit: 'ms', normalisedValue: 160 })
    expect(normaliseObservation(obs('8867-4', 72, 'bpm'))).toMatchObject({ ucumUnit: '/min', normalisedValue: 72, normalisedUnit: '/min' })
    expect(normaliseObservation(obs('8480-6', 16, 'kPa')).normalisedValue).toBeCloseTo(120.01, 2)
  })

  it('accepts a missing unit only for unitless analytes (INR)', () => {
    expect(normaliseObservation(obs('6301-6', 2.4, undefined))).toEqual({ ucumUnit: '1', normalisedValue: 2.4, normalisedUnit: '{INR}' })
    expect(normaliseObservation(obs('2345-7', 98, undefined))).toEqual({ ucumUnit: null, unmappedReason: 'no unit given' })
  })

  it('keeps unknown codes in their own UCUM unit', () => {
    const n = normaliseObservation({ ...obs('X', 7, 'mmol/mol'), code: { system: 'LOCAL', code: 'hba1c' } })
    expect(n).toEqual({ ucumUnit: 'mmol/mol', normalisedValue: 7, normalisedUnit: 'mmol/mol' })
  })

  it('says why when the unit cannot be mapped or converted', () => {
    expect(normaliseObservation(obs('2345-7', 98, 'mg%%')).ucumUnit).toBeNull()
    const wrongDimension = normaliseObservation(obs('2345-7', 98, '%'))
    expect(wrongDimension.ucumUnit).toBe('%')
    expect(wrongDimension.normalisedValue).toBeUndefined()
    expect(wrongDimension.unmappedReason).toMatch(/cannot be converted to mg\/dL/)
  })

  it('maps the unit of a text observation without a value', () => {
    expect(normaliseObservation({ ...obs('2345-7', undefined, 'mg/dL'), valueType: 'text', valueText: 'see note' })).toEqual({ ucumUnit: 'mg/dL' })
  })
})
