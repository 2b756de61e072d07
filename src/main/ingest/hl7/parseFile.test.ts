// Field-by-field checks of the HL7 v2 file parser against the hand-written fixtures in test/fixtures/hl7.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { ParseError, type ParsedReport, type ParsedUnit } from '../../../shared/domain/report'
import { hl7Parser } from './index'

function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(fileURLToPath(new URL(`../../../../test/fixtures/hl7/${name}`, import.meta.url))))
}

function parse(name: string): ParsedUnit[] {
  return hl7Parser.parse(fixture(name))
}

function report(unit: ParsedUnit | undefined): ParsedReport {
  if (unit === undefined || !unit.ok) throw new Error(`expected a parsed unit, got ${unit?.ok === false ? unit.error.describe() : 'none'}`)
  return unit.report
}

function failure(unit: ParsedUnit | undefined): ParseError {
  if (unit === undefined || unit.ok) throw new Error('expected a failed unit')
  return unit.error
}

const latin1 = (bytes: Uint8Array) => new TextDecoder('latin1').decode(bytes)

describe('hl7Parser.sniff', () => {
  it('accepts MSH, batch headers, MLLP start bytes and leading blanks', () => {
    const sniff = (text: string) => hl7Parser.sniff(text, new TextEncoder().encode(text))
    expect(sniff('MSH|^~\\&|A')).toBe(true)
    expect(sniff('\r\n  MSH|^~\\&|A')).toBe(true)
    expect(sniff('\x0bMSH|^~\\&|A')).toBe(true)
    expect(sniff('FHS|^~\\&|X\rBHS|^~\\&|Y\r\nMSH|^~\\&|A')).toBe(true)
    expect(sniff('MSH#^~\\&#A')).toBe(true)
  })
  it('rejects other formats', () => {
    const sniff = (text: string) => hl7Parser.sniff(text, new TextEncoder().encode(text))
    expect(sniff('H|\\^&|||')).toBe(false)
    expect(sniff('{"resourceType":"Bundle"}')).toBe(false)
    expect(sniff('MSHX|')).toBe(false)
    expect(sniff('MSH')).toBe(false)
    expect(sniff('FHS|^~\\&|X')).toBe(false)
    expect(sniff('PID|1||X')).toBe(false)
  })
})

describe('multi-message lab file with CRLF', () => {
  const units = parse('lab-multi-crlf.hl7')

  it('yields one unit per message, in order, each with its exact bytes', () => {
    expect(units.map((u) => u.ok)).toEqual([true, true, true])
    expect(units.map((u) => u.index)).toEqual([0, 1, 2])
    const file = latin1(fixture('lab-multi-crlf.hl7'))
    const raws = units.map((u) => latin1(u.raw))
    expect(raws.join('')).toBe(file)
    expect(raws[1]?.startsWith('MSH|^~\\&|LABANALYZER|SYNTH_LAB|READOUT|CLINIC|20240305150000+0100')).toBe(true)
    expect(raws[1]?.endsWith('|N|||P\r\n')).toBe(true)
  })

  it('reads header identity, patient and order', () => {
    const r = report(units[0])
    expect(r.sourceFormat).toBe('hl7v2')
    expect(r.kind).toBe('lab')
    expect(r.controlId).toBe('LAB0001')
    expect(r.sourceKey).toBe('hl7:SYNTH_LAB|LAB0001')
    expect(r.patient).toEqual({
      identifiers: [
        { authority: 'SYNTH_HOSP', id: 'MRN10001' },
        { authority: 'NATIONAL', id: 'NAT999' },
      ],
      familyName: 'TESTPATIENT',
      givenName: 'ALPHA Q',
      birthDate: '1980-01-15',
      sex: 'female',
    })
    expect(r.title).toBe('Comprehensive metabolic panel')
    expect(r.orderedAt).toBe('2024-03-05T11:00:00+01:00')
    expect(r.observedAt).toBe('2024-03-05T12:00:00+01:00')
    expect(r.status).toBe('final')
    expect(r.hasCorrections).toBe(false)
    expect(r.device).toEqual({ serial: 'AN-7731' })
    expect(r.statements).toEqual([{ kind: 'note', text: 'Specimen slightly haemolysed.' }])
    expect(r.attachments).toEqual([])
    expect(r.parseLog).toEqual([])
  })

  it('reads numeric observations with units, ranges, flags, statuses and times', () => {
    const obs = report(units[0]).observations
    expect(obs).toHaveLength(5)
    expect(obs[0]).toEqual({
      code: { system: 'LOINC', code: '2345-7', display: 'Glucose [Mass/volume] in Serum or Plasma' },
      valueType: 'numeric',
      valueNum: 98,
      unit: 'mg/dL',
      refLow: 70,
      refHigh: 99,
      refText: '70-99',
      deviceFlag: 'N',
      status: 'final',
      observedAt: '2024-03-05T12:15:00+01:00',
    })
    // No OBX-14: the OBR-7 observation time applies.
    expect(obs[1]).toMatchObject({ valueNum: 5.9, unit: 'mmol/L', refLow: 3.5, refHigh: 5.1, deviceFlag: 'H', observedAt: '2024-03-05T12:00:00+01:00' })
    expect(obs[2]).toMatchObject({ code: { code: '2951-2' }, valueNum: 134, unit: 'mEq/L', refLow: 136, refHigh: 145, deviceFlag: 'L' })
    expect(obs[3]).toMatchObject({ valueNum: 210, refText: '<200', refHigh: 200, deviceFlag: 'H' })
    expect(obs[3]?.refLow).toBeUndefined()
    expect(obs[4]).toMatchObject({ valueNum: 45, refText: '>40', refLow: 40 })
    expect(obs[4]?.refHigh).toBeUndefined()
  })

  it('marks a message with preliminary results preliminary and reads coded and text values', () => {
    const r = report(units[1])
    expect(r.status).toBe('preliminary')
    expect(r.patient.identifiers).toEqual([{ authority: 'SYNTH_HOSP', id: 'MRN10002' }])
    expect(r.patient.sex).toBe('male')
    expect(r.observations[0]).toEqual({
      code: { system: 'LOINC', code: '5778-6', display: 'Color of Urine' },
      valueType: 'coded',
      valueCode: { system: 'LOCAL', code: 'YEL', display: 'Yellow' },
      valueText: 'Yellow',
      deviceFlag: 'N',
      status: 'preliminary',
      observedAt: '2024-03-05T14:00:00+01:00',
    })
    expect(r.observations[1]).toMatchObject({ valueType: 'text', valueText: 'Clear', status: 'preliminary' })
    expect(r.observations[2]).toMatchObject({ valueType: 'numeric', valueNum: 1.02, refLow: 1.005, refHigh: 1.03 })
    expect(r.observations[2]?.unit).toBeUndefined()
  })

  it('prefers a LOINC alternate over a local primary code and logs local systems', () => {
    const r = report(units[2])
    expect(r.observations[0]?.code).toEqual({ system: 'LOINC', code: '2345-7', display: 'Glucose [Mass/volume] in Serum or Plasma' })
    expect(r.observations[1]?.code).toEqual({ system: 'LOCAL', code: 'HBA1C', display: 'Haemoglobin A1c' })
    expect(r.title).toBe('Glucose panel')
    expect(r.parseLog).toContain("OBX-3 coding system '99SYN' read as LOCAL")
    expect(r.parseLog).toContain('line 21: OBX-3 local code replaced by its standard alternate code')
  })
})

describe('ECG message with LOINC and MDC codes (CR only)', () => {
  const [unit] = parse('ecg-mdc-loinc.hl7')
  const r = report(unit)

  it('is an ECG report from a known cart', () => {
    expect(r.kind).toBe('ecg')
    expect(r.title).toBe('EKG study')
    expect(r.device).toEqual({ serial: 'CART-SN-0042' })
    expect(r.observedAt).toBe('2024-04-10T09:12:00')
    expect(r.status).toBe('final')
    expect(r.sourceKey).toBe('hl7:CARDIO_DEPT|ECG20240410-01')
  })

  it('keeps intervals, axes and the MDC heart rate with units as sent', () => {
    const byCode = new Map(r.observations.map((o) => [o.code.code, o]))
    expect(byCode.get('8867-4')).toMatchObject({ valueNum: 72, unit: '/min', refLow: 60, refHigh: 100, deviceFlag: 'N' })
    expect(byCode.get('8625-6')).toMatchObject({ valueNum: 168, unit: 'ms', refLow: 120, refHigh: 200 })
    expect(byCode.get('8633-0')).toMatchObject({ valueNum: 92, unit: 'ms' })
    expect(byCode.get('8634-8')).toMatchObject({ valueNum: 380, unit: 'ms' })
    expect(byCode.get('8636-3')).toMatchObject({ valueNum: 412, unit: 'ms', refHigh: 450, refText: '<450' })
    expect(byCode.get('8626-4')).toMatchObject({ valueNum: 45, unit: 'deg' })
    expect(byCode.get('147842')).toMatchObject({
      code: { system: 'MDC', code: '147842', display: 'MDC_ECG_HEART_RATE' },
      valueNum: 72,
      unit: 'MDC_DIM_BEAT_PER_MIN',
    })
    expect(r.observations).toHaveLength(7)
  })

  it('turns the interpretation OBX into a machine statement and NTEs into notes', () => {
    expect(r.statements).toEqual([
      { kind: 'machine', text: 'Sinus rhythm\nNormal ECG' },
      { kind: 'note', text: 'Sinus rhythm' },
      { kind: 'note', text: 'Normal ECG' },
      { kind: 'note', text: 'Unconfirmed report - physician review required' },
    ])
  })
})

describe('numbers as written', () => {
  it('keeps the text of a number whose written form gives its precision, and none for a plain number', () => {
    const message = [
      'MSH|^~\\&|LAB|H|READOUT|H|20240101090000||ORU^R01|P1|P|2.5.1',
      'PID|1||P1^^^H^MR||DOE^JANE',
      'OBR|1||O1|24326-1^Electrolytes^LN',
      'OBX|1|NM|2823-3^Potassium^LN||5.0|mmol/L|3.5-5.1||||F',
      'OBX|2|NM|2951-2^Sodium^LN||140|mmol/L|136-145||||F',
      'OBX|3|NM|2160-0^Creatinine^LN||0.90|mg/dL|0.60-1.20||||F',
      '',
    ].join('\r')
    const [k, na, crea] = report(hl7Parser.parse(new TextEncoder().encode(message))[0]).observations
    expect(k).toMatchObject({ valueType: 'numeric', valueNum: 5, valueText: '5.0' })
    expect(na).toMatchObject({ valueType: 'numeric', valueNum: 140 })
    expect(na?.valueText).toBeUndefined()
    expect(crea).toMatchObject({ valueType: 'numeric', valueNum: 0.9, valueText: '0.90' })
  })
})

describe('structured numeric (SN) and encapsulated data (ED)', () => {
  const r = report(parse('sn-ed.hl7')[0])

  it('reads comparators as numbers and keeps ranges and ratios as text', () => {
    const [crp, ck, rubella, leuko] = r.observations
    expect(crp).toMatchObject({ valueType: 'numeric', comparator: '<', valueNum: 0.5, valueText: '<0.5', unit: 'mg/L', refLow: 0, refHigh: 5 })
    expect(ck).toMatchObject({ valueType: 'numeric', comparator: '>', valueNum: 400, unit: 'U/L', deviceFlag: 'H' })
    expect(rubella).toMatchObject({ valueType: 'text', valueText: '1:128' })
    expect(rubella?.valueNum).toBeUndefined()
    expect(leuko).toMatchObject({ valueType: 'text', valueText: '10-20', unit: '/[HPF]', refText: '0-5' })
    expect(r.observations).toHaveLength(4)
  })

  it('turns the base64 PDF into an attachment with the exact bytes', () => {
    expect(r.attachments).toHaveLength(1)
    const [pdf] = r.attachments
    expect(pdf?.mediaType).toBe('application/pdf')
    expect(pdf?.description).toBe('Laboratory report')
    expect(Buffer.from(pdf?.data ?? new Uint8Array()).equals(Buffer.from(fixture('sn-ed.pdf.bin')))).toBe(true)
  })

  it('keeps negative offsets and year-only birth dates', () => {
    expect(r.observedAt).toBe('2024-05-01T10:00:00-05:00')
    expect(r.patient.birthDate).toBe('2001')
    expect(r.patient.sex).toBe('unknown')
    expect(r.patient.identifiers).toEqual([{ authority: 'SYNTH_HOSP', id: 'SN0001' }])
  })
})

describe('batch envelope with blank lines', () => {
  const units = parse('batch-envelope.hl7')

  it('skips FHS/BHS/BTS/FTS and yields the two messages', () => {
    expect(units).toHaveLength(2)
    const [a, b] = units.map(report)
    expect(a?.controlId).toBe('BATCH01')
    expect(b?.controlId).toBe('BATCH02')
    expect(latin1(units[0]?.raw ?? new Uint8Array()).startsWith('MSH|')).toBe(true)
    expect(latin1(units[1]?.raw ?? new Uint8Array()).endsWith('|H|||F\n')).toBe(true)
    expect(latin1(units[1]?.raw ?? new Uint8Array())).not.toContain('BTS')
  })

  it('guesses oximetry and blood pressure from the codes, despite a heart rate row', () => {
    const [ox, bp] = units.map(report)
    expect(ox?.kind).toBe('oximetry')
    expect(ox?.observations[0]).toMatchObject({ valueNum: 93, unit: '%', refLow: 94, refHigh: 98, deviceFlag: 'L' })
    expect(bp?.kind).toBe('blood_pressure')
    expect(bp?.observations.map((o) => [o.code.code, o.valueNum, o.unit, o.subId])).toEqual([
      ['8480-6', 142, 'mm[Hg]', '1'],
      ['8462-4', 91, 'mm[Hg]', '1'],
    ])
  })
})

describe('versions', () => {
  it('reads a v2.3 message: PID-2 identifier, TS with precision component, CE values, local codes', () => {
    const r = report(parse('v23.hl7')[0])
    expect(r.patient).toEqual({
      identifiers: [{ authority: '', id: 'EXT777' }],
      familyName: 'OLDSTYLE',
      givenName: 'DELTA',
      birthDate: '1945-07-04',
      sex: 'male',
    })
    expect(r.observedAt).toBe('1999-12-01T12:00')
    expect(r.observations[0]).toEqual({
      code: { system: 'LOCAL', code: 'GLU', display: 'Glucose' },
      valueType: 'numeric',
      valueNum: 5.4,
      unit: 'mmol/L',
      refLow: 3.9,
      refHigh: 6.1,
      refText: '3.9-6.1',
      status: 'final',
      observedAt: '1999-12-01T12:00',
    })
    expect(r.observations[1]).toMatchObject({ valueType: 'coded', valueCode: { system: 'LOCAL', code: 'Y', display: 'Yellow' } })
    expect(r.status).toBe('final')
    expect(r.sourceKey).toBe('hl7:SYNTH_LAB|V23-0001')
    expect(r.parseLog).toEqual(['line 2: PID-3 is empty; patient identifier taken from PID-2', "OBX-3 coding system 'L' read as LOCAL"])
  })

  it('reads a v2.8 message: five encoding characters, UTF-8 names, HD subcomponents, spirometry', () => {
    const r = report(parse('v28.hl7')[0])
    expect(r.kind).toBe('spirometry')
    expect(r.patient.identifiers).toEqual([{ authority: 'SYNTH_HOSP', id: 'SPI0001' }])
    expect(r.patient.familyName).toBe('MÜLLER-ÖZ')
    expect(r.patient.givenName).toBe('ECHO')
    expect(r.patient.birthDate).toBe('1990-02-28')
    expect(r.observations[0]).toMatchObject({ code: { system: 'LOINC', code: '20150-9' }, valueNum: 3.21, unit: 'L', refLow: 2.8, refHigh: 4.1 })
    expect(r.observations[0]?.observedAt).toBe('2024-07-01T08:25:00+02:00')
    expect(r.observations[1]).toMatchObject({ valueNum: 78, unit: '%', refLow: 70, refText: '>70' })
    expect(r.parseLog).toEqual([])
  })
})

describe('corrections', () => {
  it('marks OBX-11 C and OBR-25 C as corrected', () => {
    const r = report(parse('correction.hl7')[0])
    expect(r.hasCorrections).toBe(true)
    expect(r.status).toBe('corrected')
    expect(r.observations[0]).toMatchObject({ valueNum: 4.2, status: 'corrected', observedAt: '2024-03-05T12:15:00+01:00' })
    expect(r.statements).toEqual([{ kind: 'note', text: 'Corrected result: earlier value came from a haemolysed specimen.' }])
  })
})

describe('escapes and MSH-18 8859/1', () => {
  const r = report(parse('escapes-8859-1.hl7')[0])

  it('decodes Latin-1 bytes and \\Xhh\\ escapes in the declared character set', () => {
    expect(r.patient.familyName).toBe('Müller')
    expect(r.patient.givenName).toBe('Jörg')
    expect(r.observations[0]?.unit).toBe('µmol/L')
  })

  it('decodes delimiter escapes and line breaks in text and notes', () => {
    expect(r.observations[1]).toMatchObject({
      valueType: 'text',
      valueText: 'Ratio 1|2 ^ A&B ~ back\\slash\nSecond line: Hämolyse',
    })
    expect(r.statements).toEqual([{ kind: 'note', text: 'Probe hämolytisch\nbitte wiederholen' }])
    expect(r.sourceKey).toBe('hl7:SYNTH&LAB|ESC0001')
  })
})

describe('broken files: one bad message does not affect the others', () => {
  it('reports a message without MSH as a located failure between two good messages', () => {
    const units = parse('broken-missing-msh.hl7')
    expect(units.map((u) => u.ok)).toEqual([true, false, true])
    expect(report(units[0]).controlId).toBe('BRK0001')
    expect(report(units[0]).patient.identifiers[0]?.id).toBe('B1')
    expect(report(units[2]).controlId).toBe('BRK0003')
    const error = failure(units[1])
    expect(error).toBeInstanceOf(ParseError)
    expect(error.location).toEqual({ line: 5, segment: 'PID' })
    expect(error.describe()).toMatch(/^line 5, segment PID: .*no MSH/)
    expect(latin1(units[1]?.raw ?? new Uint8Array()).startsWith('PID|1||B2^')).toBe(true)
  })

  it('reports an NM value that is not a number at its OBX line and field', () => {
    const units = parse('broken-obx-value.hl7')
    expect(units.map((u) => u.ok)).toEqual([true, false, true])
    expect(failure(units[1]).location).toEqual({ line: 8, segment: 'OBX', field: 5 })
    expect(failure(units[1]).describe()).toBe('line 8, segment OBX, field 5: OBX-5 is not a number although OBX-2 says NM')
    expect(latin1(units[1]?.raw ?? new Uint8Array())).toContain('|BAD0002|')
    expect(report(units[2]).controlId).toBe('BAD0003')
  })
})
