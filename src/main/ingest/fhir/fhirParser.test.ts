// Tests the FHIR R4 JSON parser against hand-written fixtures with synthetic patients.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ParsedReport, ParsedUnit } from '../../../shared/domain/report'
import { decodeText } from '../decodeText'
import { fhirParser } from './index'
import { locateJsonError } from './jsonErrorLocation'

const FIXTURES = join(__dirname, '../../../../test/fixtures/fhir')

function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(FIXTURES, name)))
}

function okReports(units: ParsedUnit[]): ParsedReport[] {
  return units.map((u) => {
    if (!u.ok) throw new Error(`unexpected failure: ${u.error.describe()}`)
    return u.report
  })
}

function only<T>(items: readonly T[]): T {
  expect(items).toHaveLength(1)
  return items[0] as T
}

function fromJson(value: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value, null, 2))
}

describe('fhirParser.sniff', () => {
  it('accepts Bundle, DiagnosticReport and Observation JSON, with or without a BOM', () => {
    for (const name of ['transaction-ecg-bundle.json', 'collection-bp-bundle.json', 'observation-bom.json']) {
      const bytes = fixture(name)
      expect(fhirParser.sniff(decodeText(bytes).text, bytes)).toBe(true)
    }
  })

  it('accepts malformed FHIR JSON so the error can be located', () => {
    const bytes = fixture('malformed.json')
    expect(fhirParser.sniff(decodeText(bytes).text, bytes)).toBe(true)
  })

  it('rejects other JSON and other resource types', () => {
    const sniff = (s: string): boolean => fhirParser.sniff(s, new TextEncoder().encode(s))
    expect(sniff('{"resourceType": "Patient", "id": "x"}')).toBe(false)
    expect(sniff('{"hello": "world"}')).toBe(false)
    expect(sniff('MSH|^~\\&|"resourceType":"Bundle"')).toBe(false)
  })
})

describe('transaction Bundle with a DiagnosticReport', () => {
  const report = only(okReports(fhirParser.parse(fixture('transaction-ecg-bundle.json'))))

  it('reads the report header', () => {
    expect(report.kind).toBe('ecg')
    expect(report.sourceFormat).toBe('fhir')
    expect(report.status).toBe('final')
    expect(report.title).toBe('Resting 12-lead ECG')
    expect(report.observedAt).toBe('2024-05-06T09:30:00+02:00')
    expect(report.hasCorrections).toBe(false)
    expect(report.sourceKey).toBe('fhir:urn:oid:1.2.3.4.5.6.99|ECG-REP-9001')
  })

  it('resolves the patient through its urn:uuid fullUrl', () => {
    expect(report.patient).toEqual({
      identifiers: [
        { authority: 'urn:oid:1.2.3.4.5.6', id: 'MRN-TEST-0042' },
        { authority: 'MR', id: 'LOCAL-77' },
      ],
      familyName: 'Synthetic',
      givenName: 'Testa Maria',
      birthDate: '1961-04-12',
      sex: 'female',
    })
  })

  it('resolves results by urn:uuid and by relative Type/id, in result order', () => {
    expect(report.observations.map((o) => o.code.code)).toEqual(['8867-4', '8625-6', '8636-3', '8884-9'])
  })

  it('prefers the LOINC coding and keeps the UCUM code as unit', () => {
    expect(report.observations[0]).toEqual({
      code: { system: 'LOINC', code: '8867-4', display: 'Heart rate' },
      valueType: 'numeric',
      valueNum: 72,
      unit: '/min',
      status: 'final',
      observedAt: '2024-05-06T09:30:00+02:00',
    })
  })

  it('reads interpretation flags and reference ranges', () => {
    expect(report.observations[1]).toMatchObject({ valueNum: 160, unit: 'ms', deviceFlag: 'N', refLow: 120, refHigh: 200 })
    const qtc = report.observations[2]
    expect(qtc).toMatchObject({ valueNum: 458, unit: 'ms', deviceFlag: 'H', refHigh: 450, refText: '< 450 ms' })
    expect(qtc?.refLow).toBeUndefined()
  })

  it('reads a coded value', () => {
    expect(report.observations[3]).toEqual({
      code: { system: 'LOINC', code: '8884-9', display: 'Heart rate rhythm' },
      valueType: 'coded',
      valueCode: { system: 'SNOMED', code: '64730000', display: 'Normal sinus rhythm' },
      valueText: 'Normal sinus rhythm',
      status: 'final',
    })
  })

  it('resolves the device by relative reference', () => {
    expect(report.device).toEqual({ manufacturer: 'Example Cardio', model: 'EC-1200', serial: 'SN-TEST-123' })
  })

  it('keeps the conclusion and the presented form', () => {
    expect(report.statements).toEqual([{ kind: 'conclusion', text: 'Sinus rhythm. Borderline prolonged QT interval.' }])
    const attachment = only(report.attachments)
    expect(attachment.mediaType).toBe('application/pdf')
    expect(attachment.description).toBe('ECG printout')
    expect(new TextDecoder().decode(attachment.data.subarray(0, 5))).toBe('%PDF-')
  })

  it('logs the result reference it could not resolve', () => {
    expect(report.parseLog).toContain(
      'result[4] reference urn:uuid:7d1c1a52-7c1f-4b4e-9a0b-3f3b1f0d0099 is not included in the input; skipped',
    )
  })
})

describe('collection Bundle with a blood-pressure panel', () => {
  const report = only(okReports(fhirParser.parse(fixture('collection-bp-bundle.json'))))

  it('makes one report from loose Observations', () => {
    expect(report.kind).toBe('blood_pressure')
    expect(report.status).toBe('final')
    expect(report.observedAt).toBe('2024-03-01T07:15:00-05:00')
    expect(report.sourceKey).toBe('fhir:urn:example:home-bp|upload-2024-0007')
    expect(report.title).toBeUndefined()
    expect(report.patient).toEqual({
      identifiers: [{ authority: 'urn:example:mrn', id: 'BP-TEST-7' }],
      familyName: 'Example',
      givenName: 'Bert',
      birthDate: '1950',
      sex: 'male',
    })
  })

  it('splits components into grouped observations and skips the value-less panel', () => {
    expect(report.observations.slice(0, 2)).toEqual([
      {
        code: { system: 'LOINC', code: '8480-6', display: 'Systolic blood pressure' },
        valueType: 'numeric',
        valueNum: 142,
        unit: 'mm[Hg]',
        deviceFlag: 'H',
        status: 'final',
        observedAt: '2024-03-01T07:15:00-05:00',
        subId: '1',
      },
      {
        code: { system: 'LOINC', code: '8462-4', display: 'Diastolic blood pressure' },
        valueType: 'numeric',
        valueNum: 88,
        unit: 'mm[Hg]',
        status: 'final',
        observedAt: '2024-03-01T07:15:00-05:00',
        subId: '1',
      },
    ])
  })

  it('keeps a non-UCUM unit as written', () => {
    expect(report.observations[2]).toMatchObject({ code: { code: '8867-4' }, valueNum: 64, unit: 'beats/min' })
    expect(report.observations[2]?.subId).toBeUndefined()
  })

  it('records dataAbsentReason as text without a value', () => {
    const weight = report.observations[3]
    expect(weight).toEqual({
      code: { system: 'LOINC', code: '29463-7', display: 'Body weight' },
      valueType: 'text',
      valueText: 'No value (data absent: Not Performed)',
      status: 'final',
      observedAt: '2024-03-01T07:16:00-05:00',
    })
  })

  it('resolves a contained device', () => {
    expect(report.device).toEqual({ manufacturer: 'Example Home Health', model: 'BPX-2', serial: 'CUFF-0001' })
  })
})

describe('bare Observation with a UTF-8 BOM', () => {
  const report = only(okReports(fhirParser.parse(fixture('observation-bom.json'))))

  it('reads the observation field by field', () => {
    expect(report.kind).toBe('lab')
    expect(report.status).toBe('preliminary')
    expect(report.title).toBe('Glucose')
    expect(report.sourceKey).toBe('fhir:Observation/glu-1')
    expect(only(report.observations)).toEqual({
      code: { system: 'LOINC', code: '2345-7', display: 'Glucose [Mass/volume] in Serum or Plasma' },
      valueType: 'numeric',
      valueNum: 212,
      comparator: '>',
      unit: 'mg/dL',
      refLow: 70,
      refHigh: 99,
      refText: '70-99 mg/dL',
      deviceFlag: 'HH',
      status: 'preliminary',
      observedAt: '2024-02-10T08:00:00Z',
    })
    expect(report.statements).toEqual([{ kind: 'note', text: 'Sample slightly haemolysed' }])
  })

  it('logs the patient it could not find', () => {
    expect(report.patient).toEqual({ identifiers: [] })
    expect(report.parseLog).toContain('Patient Patient/pat-123 is not included in the input')
  })
})

describe('corrected Observation', () => {
  const report = only(okReports(fhirParser.parse(fixture('observation-corrected.json'))))

  it('maps amended to corrected and flags the report', () => {
    expect(report.hasCorrections).toBe(true)
    expect(report.status).toBe('corrected')
    expect(report.observations.map((o) => [o.code.code, o.status, o.valueNum, o.unit])).toEqual([
      ['2823-3', 'corrected', 4.1, 'mmol/L'],
      ['2951-2', 'final', 139, 'mmol/L'],
    ])
    expect(report.observations[0]).toMatchObject({ refLow: 3.5, refHigh: 5.1 })
  })

  it('takes the patient identifier from a logical reference', () => {
    expect(report.patient).toEqual({ identifiers: [{ authority: 'urn:example:mrn', id: 'K-TEST-1' }] })
  })
})

describe('errors', () => {
  it('locates malformed JSON by line and column', () => {
    const unit = only(fhirParser.parse(fixture('malformed.json')))
    expect(unit.ok).toBe(false)
    if (unit.ok) return
    expect(unit.error.location.line).toBe(4)
    expect(unit.error.message).toBe("malformed JSON at line 4, column 3: unexpected character '\"', expected ',' or '}'")
    expect(unit.index).toBe(0)
    expect(unit.raw.length).toBeGreaterThan(0)
  })

  it('locates a missing Observation code by field path', () => {
    const bundle = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        { resource: { resourceType: 'Patient', id: 'p' } },
        { resource: { resourceType: 'Observation', status: 'final', code: { text: 'ok' }, valueString: 'x' } },
        { resource: { resourceType: 'Observation', status: 'final', valueString: 'no code' } },
      ],
    }
    const unit = only(fhirParser.parse(fromJson(bundle)))
    expect(unit.ok).toBe(false)
    if (unit.ok) return
    expect(unit.error.location).toEqual({ segment: 'Observation', field: 'entry[2].resource.code' })
    expect(unit.error.describe()).toBe('segment Observation, field entry[2].resource.code: Observation: required field is missing')
  })

  it('locates an Observation code without any coding or text', () => {
    const unit = only(fhirParser.parse(fromJson({ resourceType: 'Observation', status: 'final', code: { coding: [] } })))
    expect(unit.ok).toBe(false)
    if (!unit.ok) expect(unit.error.location.field).toBe('code')
  })

  it('locates a resource without resourceType', () => {
    const unit = only(fhirParser.parse(fromJson({ resourceType: 'Bundle', type: 'collection', entry: [{ resource: { id: 'x' } }] })))
    expect(unit.ok).toBe(false)
    if (!unit.ok) expect(unit.error.location.field).toBe('entry[0].resource.resourceType')
  })

  it('refuses a report whose observations belong to another patient', () => {
    const bundle = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        { fullUrl: 'urn:uuid:a', resource: { resourceType: 'Patient', identifier: [{ system: 's', value: '1' }] } },
        { fullUrl: 'urn:uuid:b', resource: { resourceType: 'Patient', identifier: [{ system: 's', value: '2' }] } },
        {
          resource: {
            resourceType: 'DiagnosticReport',
            status: 'final',
            code: { text: 'Panel' },
            subject: { reference: 'urn:uuid:a' },
            result: [{ reference: 'urn:uuid:c' }],
          },
        },
        {
          fullUrl: 'urn:uuid:c',
          resource: {
            resourceType: 'Observation',
            status: 'final',
            code: { text: 'X' },
            subject: { reference: 'urn:uuid:b' },
            valueString: 'y',
          },
        },
      ],
    }
    const unit = only(fhirParser.parse(fromJson(bundle)))
    expect(unit.ok).toBe(false)
    if (!unit.ok) expect(unit.error.location.field).toBe('entry[3].resource.subject')
  })

  it('locates a Bundle without type', () => {
    const unit = only(fhirParser.parse(fromJson({ resourceType: 'Bundle', entry: [] })))
    expect(unit.ok).toBe(false)
    if (!unit.ok) expect(unit.error.describe()).toBe('segment Bundle, field type: Bundle: required field is missing')
  })

  it('reads a lone DiagnosticReport with contained Observations', () => {
    const report = only(
      okReports(
        fhirParser.parse(
          fromJson({
            resourceType: 'DiagnosticReport',
            status: 'preliminary',
            code: { coding: [{ system: 'http://loinc.org', code: '19926-5' }], text: 'Spirometry' },
            result: [{ reference: '#fev1' }],
            contained: [
              {
                resourceType: 'Observation',
                id: 'fev1',
                status: 'preliminary',
                code: { coding: [{ system: 'http://loinc.org', code: '20150-9', display: 'FEV1' }] },
                valueQuantity: { value: 2.41, unit: 'L', system: 'http://unitsofmeasure.org', code: 'L' },
              },
            ],
          }),
        ),
      ),
    )
    expect(report.kind).toBe('spirometry')
    expect(report.status).toBe('preliminary')
    expect(report.observations).toEqual([
      { code: { system: 'LOINC', code: '20150-9', display: 'FEV1' }, valueType: 'numeric', valueNum: 2.41, unit: 'L', status: 'preliminary' },
    ])
    expect(report.parseLog).toContain('Report names no patient (subject)')
  })

  it('makes one report per patient from loose Observations', () => {
    const obs = (patient: string, value: string): unknown => ({
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '2345-7' }] },
      subject: { reference: patient },
      valueString: value,
    })
    const bundle = { resourceType: 'Bundle', type: 'collection', entry: [{ resource: obs('Patient/a', '1') }, { resource: obs('Patient/b', '2') }] }
    const reports = okReports(fhirParser.parse(fromJson(bundle)))
    expect(reports.map((r) => r.observations[0]?.valueText)).toEqual(['1', '2'])
  })
})

describe('locateJsonError', () => {
  it('finds errors in strings, numbers and at the end of input', () => {
    expect(locateJsonError('{"a": 1}')).toBeUndefined()
    expect(locateJsonError('{"a": 01}')).toMatchObject({ line: 1, column: 8 })
    expect(locateJsonError('{\n"a": "x\n"}')).toMatchObject({ line: 2, column: 8, message: 'control character inside a string' })
    expect(locateJsonError('[1, 2')).toMatchObject({ line: 1, column: 6 })
    expect(locateJsonError('[1,]')).toMatchObject({ line: 1, column: 4 })
  })
})
