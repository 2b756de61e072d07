// Tests for the curated LOINC subset and the report-kind helper.
import { describe, expect, it } from 'vitest'
import { LOINC, loincEntry, reportKindForCodes } from './loinc'
import { toUcum } from './units'

describe('LOINC subset', () => {
  it('holds the codes the rules need', () => {
    for (const code of ['2345-7', '2823-3', '2951-2', '17861-6', '718-7', '777-3', '6301-6', '89579-7', '67151-1', '8636-3', '8480-6', '8462-4', '85354-9', '8867-4', '59408-5', '2708-6', '20150-9', '19926-5', '99504-3', '105272-9']) {
      expect(LOINC.has(code), code).toBe(true)
    }
  })

  it('gives every entry a canonical unit that is valid UCUM', () => {
    for (const [code, entry] of LOINC) {
      expect(toUcum(entry.canonicalUnit), code).toEqual({ ucum: entry.canonicalUnit })
    }
  })

  it('gives mass <-> substance analytes a molar mass', () => {
    expect(LOINC.get('14749-6')?.molarMassGPerMol).toBe(180.156)
    expect(LOINC.get('17861-6')).toMatchObject({ molarMassGPerMol: 40.078, charge: 2 })
  })

  it('looks codes up only under LOINC system names', () => {
    expect(loincEntry({ system: 'LN', code: '718-7' })?.canonicalUnit).toBe('g/dL')
    expect(loincEntry({ system: 'http://loinc.org', code: '718-7' })?.canonicalUnit).toBe('g/dL')
    expect(loincEntry({ system: 'LOCAL', code: '718-7' })).toBeUndefined()
  })
})

describe('reportKindForCodes', () => {
  it('recognises each kind', () => {
    expect(reportKindForCodes(['8867-4', '8625-6', '8633-0', '8636-3'])).toBe('ecg')
    expect(reportKindForCodes(['99504-3'])).toBe('cgm')
    expect(reportKindForCodes(['85354-9', '8480-6', '8462-4', '8867-4'])).toBe('blood_pressure')
    expect(reportKindForCodes(['59408-5', '8867-4'])).toBe('oximetry')
    expect(reportKindForCodes(['20150-9', '19926-5'])).toBe('spirometry')
    expect(reportKindForCodes(['2345-7', '2823-3', '2951-2'])).toBe('lab')
  })

  it('lets the majority win and breaks ties toward the more specific kind', () => {
    expect(reportKindForCodes(['2345-7', '2823-3', '8636-3'])).toBe('lab')
    expect(reportKindForCodes(['2345-7', '8636-3'])).toBe('ecg')
  })

  it('says other for shared or unknown codes', () => {
    expect(reportKindForCodes([])).toBe('other')
    expect(reportKindForCodes(['8867-4'])).toBe('other')
    expect(reportKindForCodes(['12345-6'])).toBe('other')
  })
})
