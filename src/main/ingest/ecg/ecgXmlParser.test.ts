// Tests the ECG XML parser (Philips Sierra, GE MUSE, HL7 aECG) against synthetic fixtures.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ParsedReport, ParsedUnit } from '../../../shared/domain/report'
import { decodeText } from '../decodeText'
import { hl7Timestamp, museDate } from './dates'
import { ecgXmlParser } from './index'

const FIXTURES = join(__dirname, '../../../../test/fixtures/ecg')

function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(FIXTURES, name)))
}

function onlyReport(units: ParsedUnit[]): ParsedReport {
  expect(units).toHaveLength(1)
  const unit = units[0]
  if (!unit?.ok) throw new Error(`unexpected failure: ${unit?.error.describe() ?? 'no unit'}`)
  return unit.report
}

/** The same document as UTF-16LE with a byte-order mark, as PageWriter carts write it. */
function utf16leWithBom(utf8: Uint8Array): Uint8Array {
  const text = new TextDecoder().decode(utf8).replace('encoding="UTF-8"', 'encoding="UTF-16"')
  const body = Buffer.from(text, 'utf16le')
  return new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), body]))
}

function sniff(bytes: Uint8Array): boolean {
  return ecgXmlParser.sniff(decodeText(bytes).text, bytes)
}

describe('ecgXmlParser.sniff', () => {
  it('recognises each vendor by its root element, after prolog, comments and DOCTYPE', () => {
    expect(sniff(fixture('philips-sierra-utf8.xml'))).toBe(true)
    expect(sniff(utf16leWithBom(fixture('philips-sierra-utf8.xml')))).toBe(true)
    expect(sniff(fixture('muse-latin1.xml'))).toBe(true)
    expect(sniff(fixture('aecg.xml'))).toBe(true)
  })

  it('rejects other XML', () => {
    const other = new TextEncoder().encode('<?xml version="1.0"?><ClinicalDocument xmlns="urn:hl7-org:v3"/>')
    expect(sniff(other)).toBe(false)
    expect(sniff(new TextEncoder().encode('<constructor/>'))).toBe(false)
  })
})

describe('Philips Sierra XML', () => {
  const expectedObservations = [
    ['LOINC', '8867-4', 'heartrate', 58, '/min'],
    ['LOCAL', 'ECG_RR_INTERVAL', 'rrint', 1034, 'ms'],
    ['LOCAL', 'ECG_P_DURATION', 'pdur', 104, 'ms'],
    ['LOINC', '8625-6', 'print', 172, 'ms'],
    ['LOINC', '8633-0', 'qrsdur', 96, 'ms'],
    ['LOINC', '8634-8', 'qtint', 420, 'ms'],
    ['LOINC', '8636-3', 'qtcb', 413, 'ms'],
    ['LOCAL', 'ECG_QTC_FRIDERICIA', 'qtcf', 415, 'ms'],
    ['LOINC', '8626-4', 'pfrontaxis', 52, 'deg'],
    ['LOINC', '8632-2', 'qrsfrontaxis', -12, 'deg'],
  ]

  function checkPhilips(report: ParsedReport): void {
    expect(report.kind).toBe('ecg')
    expect(report.sourceFormat).toBe('ecg-philips')
    expect(report.status).toBe('preliminary')
    expect(report.observedAt).toBe('2023-11-02T08:41:05')
    expect(report.sourceKey).toBe('ecg-philips:TC-TEST-01|2023-11-02T08:41:05')
    expect(report.patient).toEqual({
      identifiers: [{ authority: 'Philips patientid', id: 'PHX-TEST-100' }],
      familyName: 'Testperson',
      givenName: 'Zoë',
      birthDate: '1972-09-30',
      sex: 'female',
    })
    expect(report.device).toEqual({ manufacturer: 'Philips', model: 'PageWriter TC50', serial: 'TC-TEST-01' })
    expect(
      report.observations.filter((o) => o.valueType === 'numeric').map((o) => [o.code.system, o.code.code, o.code.display, o.valueNum, o.unit]),
    ).toEqual(expectedObservations)
    for (const o of report.observations) {
      expect(o.status).toBe('preliminary')
      expect(o.observedAt).toBe('2023-11-02T08:41:05')
    }
    expect(report.observations.at(-1)).toEqual({
      code: { system: 'LOINC', code: '8638-9', display: 'tfrontaxis' },
      valueType: 'text',
      valueText: 'Indeterminate',
      status: 'preliminary',
      observedAt: '2023-11-02T08:41:05',
    })
    expect(report.statements).toEqual([
      { kind: 'machine', text: 'Sinus bradycardia rate < 60' },
      { kind: 'machine', text: 'Leftward axis' },
      { kind: 'machine', text: '- BORDERLINE ECG -' },
      { kind: 'note', text: 'Unconfirmed Diagnosis' },
    ])
    expect(report.parseLog).toContain("tfrontaxis: non-numeric value 'Indeterminate' kept as text")
    expect(report.parseLog).toContain('Raw waveforms present but not imported (only the device measurements and statements are used)')
    expect(report.parseLog).toContain('Units not stated in the file; ECG conventions assumed (rates /min, intervals ms, axes deg)')
  }

  it('reads the UTF-8 document field by field', () => {
    checkPhilips(onlyReport(ecgXmlParser.parse(fixture('philips-sierra-utf8.xml'))))
  })

  it('reads the same document in UTF-16LE with a BOM', () => {
    const report = onlyReport(ecgXmlParser.parse(utf16leWithBom(fixture('philips-sierra-utf8.xml'))))
    checkPhilips(report)
    expect(report.parseLog).toContain('Read as utf-16le')
  })

  it('treats a confirmed signature line as final and keeps units the file states', () => {
    const text = new TextDecoder()
      .decode(fixture('philips-sierra-utf8.xml'))
      .replace('Unconfirmed Diagnosis', 'Confirmed by: Example, Doctor 03-Nov-2023 09:00')
      .replace('<heartrate editedflag="False">', '<heartrate units="BPM">')
    const report = onlyReport(ecgXmlParser.parse(new TextEncoder().encode(text)))
    expect(report.status).toBe('final')
    expect(report.observations.every((o) => o.status === 'final')).toBe(true)
    expect(report.observations[0]).toMatchObject({ valueNum: 58, unit: 'BPM' })
  })
})

describe('GE MUSE XML (ISO-8859-1)', () => {
  const report = onlyReport(ecgXmlParser.parse(fixture('muse-latin1.xml')))

  it('decodes the declared Latin-1 and MM-DD-YYYY dates', () => {
    expect(report.sourceFormat).toBe('ecg-muse')
    expect(report.kind).toBe('ecg')
    expect(report.patient).toEqual({
      identifiers: [{ authority: 'MUSE PatientID', id: 'MUSE-TEST-555' }],
      familyName: 'Müller-Exemple',
      givenName: 'José',
      birthDate: '1955-07-04',
      sex: 'male',
    })
    expect(report.observedAt).toBe('2023-11-23T14:02:33')
    expect(report.parseLog).toContain('Read as latin1')
  })

  it('maps measurements and omits the zeros MUSE writes for "not measured"', () => {
    expect(report.observations.map((o) => [o.code.system, o.code.code, o.code.display, o.valueNum, o.unit, o.status])).toEqual([
      ['LOINC', '8867-4', 'VentricularRate', 104, 'BPM', 'preliminary'],
      ['LOINC', '8633-0', 'QRSDuration', 128, 'ms', 'preliminary'],
      ['LOINC', '8634-8', 'QTInterval', 356, 'ms', 'preliminary'],
      ['LOINC', '8636-3', 'QTCorrected', 468, 'ms', 'preliminary'],
      ['LOINC', '8632-2', 'RAxis', -41, 'deg', 'preliminary'],
      ['LOINC', '8638-9', 'TAxis', 118, 'deg', 'preliminary'],
    ])
    expect(report.parseLog).toEqual(
      expect.arrayContaining([
        'AtrialRate is 0 (MUSE: not measured); omitted',
        'PRInterval is 0 (MUSE: not measured); omitted',
        'PAxis is 0 (MUSE: not measured); omitted',
      ]),
    )
  })

  it('joins statement pieces up to ENDSLINE and reads status and device', () => {
    expect(report.statements).toEqual([
      { kind: 'machine', text: 'Atrial fibrillation with rapid ventricular response' },
      { kind: 'machine', text: 'Left anterior fascicular block with right bundle branch block' },
      { kind: 'machine', text: 'Abnormal ECG' },
    ])
    expect(report.status).toBe('preliminary')
    expect(report.device).toEqual({ manufacturer: 'GE Healthcare', model: 'MAC55' })
    expect(report.sourceKey).toBe('ecg-muse:3|12|2023-11-23T14:02:33')
    expect(report.parseLog).toContain('Raw waveforms present but not imported (only the device measurements and statements are used)')
  })
})

describe('HL7 aECG', () => {
  const report = onlyReport(ecgXmlParser.parse(fixture('aecg.xml')))

  it('reads global measurement annotations with their units', () => {
    expect(report.sourceFormat).toBe('ecg-aecg')
    expect(report.status).toBe('preliminary')
    expect(report.observedAt).toBe('2024-01-15T09:30:12')
    expect(report.observations.map((o) => [o.code.system, o.code.code, o.code.display, o.valueNum, o.unit])).toEqual([
      ['LOINC', '8867-4', 'MDC_ECG_HEART_RATE', 66, 'bpm'],
      ['LOINC', '8625-6', 'MDC_ECG_TIME_PD_PR', 148, 'ms'],
      ['LOINC', '8633-0', 'MDC_ECG_TIME_PD_QRS', 88, 'ms'],
      ['LOINC', '8634-8', 'MDC_ECG_TIME_PD_QT', 392, 'ms'],
      ['LOINC', '8636-3', 'MDC_ECG_TIME_PD_QTc (VENDOR_ECG_TIME_PD_QTcB)', 410, 'ms'],
      ['LOINC', '8626-4', 'MDC_ECG_ANGLE_P_FRONT', 48, 'deg'],
      ['LOINC', '8632-2', 'MDC_ECG_ANGLE_QRS_FRONT', 71, 'deg'],
      ['LOINC', '8638-9', 'MDC_ECG_ANGLE_T_FRONT', 39, 'deg'],
    ])
    expect(report.parseLog).toContain('1 lead- or beat-specific measurement annotations not imported')
  })

  it('reads statements, subject and device', () => {
    expect(report.statements).toEqual([
      { kind: 'machine', text: 'Normal sinus rhythm' },
      { kind: 'machine', text: 'Normal ECG' },
    ])
    expect(report.patient).toEqual({
      identifiers: [{ authority: '2.16.840.1.113883.3.999.1', id: 'SUBJ-0007' }],
      familyName: 'Trialperson',
      givenName: 'Alex',
      birthDate: '1988-03-12',
      sex: 'female',
    })
    expect(report.device).toEqual({ manufacturer: 'Example ECG Systems', model: 'Example Cart 9', serial: 'AECG-DEV-42' })
    expect(report.sourceKey).toBe('ecg-aecg:61d1a24f-b47e-41aa-ae95-f8ac302f4eeb')
    expect(report.parseLog).toContain('Raw waveforms present but not imported (only the device measurements and statements are used)')
  })
})

describe('errors and helpers', () => {
  it('locates malformed XML by line', () => {
    const units = ecgXmlParser.parse(new TextEncoder().encode('<RestingECG>\n<PatientDemographics>\n</RestingECG>'))
    const unit = units[0]
    expect(units).toHaveLength(1)
    expect(unit?.ok).toBe(false)
    if (unit && !unit.ok) {
      expect(unit.error.location.line).toBe(3)
      expect(unit.error.message).toMatch(/^malformed XML at line 3, column \d+: /)
    }
  })

  it('converts vendor dates', () => {
    expect(museDate('02-29-2024')).toBe('2024-02-29')
    expect(museDate('02-30-2024')).toBeUndefined()
    expect(museDate('2024-02-01')).toBeUndefined()
    expect(hl7Timestamp('20240115093012.250-0500')).toBe('2024-01-15T09:30:12.250-05:00')
    expect(hl7Timestamp('19880312')).toBe('1988-03-12')
  })
})
