// FHIR STU3 shapes that differ from R4 only in cardinality, field name or code-system URL are read as R4.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ParsedReport, ParsedUnit } from '../../../shared/domain/report'
import { fhirParser } from './index'
import { normaliseStu3, r4SystemUrl } from './stu3'

const FIXTURES = join(__dirname, '../../../../test/fixtures/fhir')
const fixture = (name: string) => new Uint8Array(readFileSync(join(FIXTURES, name)))
const fromJson = (value: unknown) => new TextEncoder().encode(JSON.stringify(value))

function reports(units: ParsedUnit[]): ParsedReport[] {
  return units.map((u) => {
    if (!u.ok) throw new Error(`unexpected failure: ${u.error.describe()}`)
    return u.report
  })
}

describe('r4SystemUrl', () => {
  it.each([
    ['http://hl7.org/fhir/v2/0078', 'http://terminology.hl7.org/CodeSystem/v2-0078'],
    ['http://hl7.org/fhir/v2/0203', 'http://terminology.hl7.org/CodeSystem/v2-0203'],
    ['http://hl7.org/fhir/v3/ObservationInterpretation', 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation'],
    ['http://hl7.org/fhir/v3/NullFlavor', 'http://terminology.hl7.org/CodeSystem/v3-NullFlavor'],
    ['http://hl7.org/fhir/observation-category', 'http://terminology.hl7.org/CodeSystem/observation-category'],
    ['http://hl7.org/fhir/data-absent-reason', 'http://terminology.hl7.org/CodeSystem/data-absent-reason'],
    ['http://hl7.org/fhir/referencerange-meaning', 'http://terminology.hl7.org/CodeSystem/referencerange-meaning'],
    // Already R4, or systems that stayed where they were, or not FHIR's at all: unchanged.
    ['http://terminology.hl7.org/CodeSystem/v2-0078', undefined],
    ['http://hl7.org/fhir/administrative-gender', undefined],
    ['http://hl7.org/fhir/observation-status', undefined],
    ['http://loinc.org', undefined],
    ['http://hl7.org/fhir/v2/78', undefined],
  ])('%s → %s', (from, to) => expect(r4SystemUrl(from)).toBe(to))
})

describe('normaliseStu3', () => {
  it('leaves an R4 resource as it is, with no notes', () => {
    const r4 = {
      resourceType: 'Observation',
      status: 'final',
      code: { text: 'x' },
      interpretation: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation', code: 'H' }] }],
    }
    expect(normaliseStu3(r4, 'entry[0].resource')).toEqual({ resource: r4, notes: [] })
  })

  it('does not change the input object', () => {
    const stu3 = { resourceType: 'Observation', interpretation: { coding: [{ system: 'http://hl7.org/fhir/v2/0078', code: 'H' }] } }
    const copy = structuredClone(stu3)
    const { resource } = normaliseStu3(stu3, '')
    expect(stu3).toEqual(copy)
    expect(resource['interpretation']).toEqual([{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0078', code: 'H' }] }])
  })

  it('keeps an R4 field when the STU3 one is also present', () => {
    const both = { resourceType: 'DiagnosticReport', codedDiagnosis: [{ text: 'old' }], conclusionCode: [{ text: 'new' }] }
    expect(normaliseStu3(both, '').resource['conclusionCode']).toEqual([{ text: 'new' }])
  })
})

describe('STU3 Observation', () => {
  const [report] = reports(fhirParser.parse(fixture('stu3-observation.json')))

  it('reads the single interpretation, the comment and the value', () => {
    expect(report?.observations).toEqual([
      expect.objectContaining({ code: expect.objectContaining({ system: 'LOINC', code: '2823-3' }), valueNum: 5.9, unit: 'mmol/L', deviceFlag: 'H', refLow: 3.5, refHigh: 5.1 }),
    ])
    expect(report?.statements).toEqual([{ kind: 'note', text: 'Sample not haemolysed.' }])
    expect(report?.kind).toBe('lab')
  })

  it('names the patient from the subject display when no Patient resource is included', () => {
    expect(report?.patient).toEqual({ identifiers: [], familyName: 'Stu Threeson' })
  })

  it('says in the parse log what was read as R4, where', () => {
    expect(report?.parseLog).toEqual([
      'Observation.interpretation: a single interpretation (FHIR STU3 form) read as a list of one (R4)',
      'Observation.comment: FHIR STU3 field read as R4 note',
      'Observation: FHIR STU3 code system http://hl7.org/fhir/observation-category read as http://terminology.hl7.org/CodeSystem/observation-category',
      'Observation: FHIR STU3 code system http://hl7.org/fhir/v2/0078 read as http://terminology.hl7.org/CodeSystem/v2-0078',
      'Patient Patient/stu3-pat-1 is not included in the input',
      'Patient name taken from the subject reference display',
    ])
  })
})

describe('STU3 Bundle (DiagnosticReport, Patient, Device, component interpretation)', () => {
  const [ecg, bp] = reports(fhirParser.parse(fixture('stu3-bundle.json')))

  it('builds the ECG report with its conclusion codes and the STU3 device model', () => {
    expect(ecg?.kind).toBe('ecg')
    expect(ecg?.observations.map((o) => [o.code.code, o.valueNum ?? o.valueText, o.deviceFlag])).toEqual([
      ['8867-4', 68, 'N'],
      ['8636-3', 492, 'H'],
      ['8625-6', 'No value (data absent: Unknown)', undefined],
    ])
    expect(ecg?.statements).toEqual([
      { kind: 'conclusion', text: 'Sinus rhythm. Prolonged QTc.' },
      { kind: 'conclusion', text: 'Normal sinus rhythm' },
    ])
    expect(ecg?.device).toEqual({ manufacturer: 'Synthetic Cardio', model: 'SC-12' })
    expect(ecg?.patient).toMatchObject({ identifiers: [{ authority: 'urn:oid:1.2.3.4.5.6.7', id: 'STU3-MRN-0007' }], familyName: 'Threeson' })
  })

  it('reads the blood-pressure panel with a single component interpretation', () => {
    expect(bp?.kind).toBe('blood_pressure')
    expect(bp?.observations.map((o) => [o.code.code, o.valueNum, o.deviceFlag])).toEqual([
      ['8480-6', 151, 'H'],
      ['8462-4', 93, undefined],
    ])
  })

  it('notes each normalisation with the entry it was found in', () => {
    expect(ecg?.parseLog).toEqual(
      expect.arrayContaining([
        'entry[1].resource.model: FHIR STU3 field read as R4 modelNumber',
        'entry[2].resource.category: a single category (FHIR STU3 form) read as a list of one (R4)',
        'entry[2].resource.codedDiagnosis: FHIR STU3 field read as R4 conclusionCode',
        'entry[4].resource: FHIR STU3 code system http://hl7.org/fhir/v3/ObservationInterpretation read as http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation',
        'entry[6].resource.component[0].interpretation: a single interpretation (FHIR STU3 form) read as a list of one (R4)',
      ]),
    )
  })
})

describe('what cannot be read is still refused, with its location', () => {
  it('refuses an interpretation that is neither a CodeableConcept nor a list of them', () => {
    const [unit] = fhirParser.parse(
      fromJson({ resourceType: 'Observation', status: 'final', code: { text: 'K' }, valueQuantity: { value: 4 }, interpretation: 'H' }),
    )
    if (unit === undefined || unit.ok) throw new Error('expected a failure')
    expect(unit.error.location).toEqual({ segment: 'Observation', field: 'interpretation' })
  })
})

describe('subject display without a Patient resource', () => {
  it('names the patient of a Bundle of Observations from the subject display', () => {
    const [report, ...rest] = reports(fhirParser.parse(fixture('subject-display-bundle.json')))
    expect(rest).toEqual([])
    expect(report?.kind).toBe('oximetry')
    expect(report?.patient).toEqual({ identifiers: [], familyName: 'Dora Displayonly' })
    expect(report?.parseLog).toEqual(['Patient resource not included', 'Patient name taken from the subject reference display'])
  })

  it('keeps an identifier from the reference alongside the display', () => {
    const [report] = reports(
      fhirParser.parse(
        fromJson({
          resourceType: 'Observation',
          status: 'final',
          code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
          subject: { identifier: { system: 'urn:example:mrn', value: 'D-1' }, display: 'Ida Identified' },
          valueQuantity: { value: 60, unit: '/min' },
        }),
      ),
    )
    expect(report?.patient).toEqual({ identifiers: [{ authority: 'urn:example:mrn', id: 'D-1' }], familyName: 'Ida Identified' })
  })

  it('never puts two differently named display-only subjects in one report', () => {
    const obs = (display: string) => ({
      resource: { resourceType: 'Observation', status: 'final', code: { text: 'HR' }, subject: { display }, valueQuantity: { value: 60 } },
    })
    const out = reports(fhirParser.parse(fromJson({ resourceType: 'Bundle', type: 'collection', entry: [obs('Ann One'), obs('Bea Two')] })))
    expect(out.map((r) => r.patient.familyName)).toEqual(['Ann One', 'Bea Two'])
  })
})
