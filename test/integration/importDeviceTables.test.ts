// Import pipeline on a real SQLite file: localised CGM exports, home blood-pressure tables, and BP reports from HL7 and FHIR.
import { readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ImportSummary } from '../../src/shared/contract/import'
import type { ReportDetail } from '../../src/shared/contract/reports'
import { bpSummary } from '../../src/shared/domain/bloodPressure'
import { oru } from '../helpers/hl7'
import { makeServices, makeTempDir, TEST_CTX, type TestServices } from '../helpers/services'

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url))

let t: TestServices
let dir: string
beforeEach(() => {
  t = makeServices()
  dir = makeTempDir('readout-device-tables-')
})
afterEach(() => t.cleanup())

async function importPaths(paths: string[]): Promise<ImportSummary> {
  const r = await t.dispatch('import.paths', { paths }, TEST_CTX)
  if (!r.ok) throw new Error(r.error.message)
  return r.value as ImportSummary
}
async function getReport(id: number): Promise<ReportDetail> {
  const r = await t.dispatch('reports.get', { id }, TEST_CTX)
  if (!r.ok) throw new Error(r.error.message)
  return r.value as ReportDetail
}
async function importOne(path: string): Promise<ReportDetail> {
  const s = await importPaths([path])
  expect(s).toMatchObject({ imported: 1, quarantined: 0 })
  return getReport(s.results[0]!.reportIds[0]!)
}

// Observation counts worked out from each fixture: one per historic or scan reading.
const CGM: Record<string, number> = {
  'libreview-de.csv': 4,
  'libreview-de-dotted.csv': 3,
  'libreview-es.csv': 4,
  'libreview-fr.csv': 3,
  'libreview-it.csv': 4,
  'libreview-nl.csv': 3,
  'libreview-pt.csv': 3,
  'libreview-fi.csv': 3,
  'libreview-pl.csv': 3,
  'libre-reader-en.txt': 4,
  'libre-reader-es.txt': 3,
}

describe('CGM exports in the account language', () => {
  it('imports every localised LibreView and reader fixture as a CGM report, none as text', async () => {
    const names = readdirSync(join(FIXTURES, 'cgm')).filter((n) => n in CGM)
    expect(names.sort()).toEqual(Object.keys(CGM).sort())
    const s = await importPaths(names.map((n) => join(FIXTURES, 'cgm', n)))
    expect(s).toMatchObject({ imported: names.length, quarantined: 0 })
    for (const result of s.results) {
      const report = await getReport(result.reportIds[0]!)
      const name = result.path.split(/[\\/]/).pop()!
      expect([name, report.kind, report.sourceFormat, report.observations.length]).toEqual([name, 'cgm', 'cgm-libreview', CGM[name]])
      expect(report.metrics['agp.readings']).toBeGreaterThan(0)
    }
  })

  it('stores mmol/L values read with decimal commas, normalised to mg/dL, and the date assumption in the parse log', async () => {
    const report = await importOne(join(FIXTURES, 'cgm', 'libreview-es.csv'))
    expect(report.observations.map((o) => [o.observedAt, o.valueNum, o.unit])).toEqual([
      ['2024-03-18T23:45:00', 5.5, 'mmol/L'],
      ['2024-03-19T00:00:00', 6.2, 'mmol/L'],
      ['2024-03-19T00:07:00', 6.8, 'mmol/L'],
      ['2024-03-19T00:15:00', 7, 'mmol/L'],
    ])
    expect(report.observations[0]!.normalisedValue).toBeCloseTo(5.5 * 18.0156, 1)
    expect(report.parseLog[0]).toBe('Dates read as DD-MM-YYYY (day > 12 seen in 4 rows)')
    expect([report.patient.givenName, report.patient.familyName]).toEqual(['Lucía', 'Ejemplar'])
  })
})

describe('home blood-pressure tables', () => {
  it.each([
    ['app-epoch-seconds.csv', 8, 3],
    ['app-epoch-ms.tsv', 8, 3],
    ['diary-iso-offset.csv', 9, 3],
    ['separate-date-time-implausible.csv', 15, 3],
    ['app-snake-case.csv', 5, 2],
  ])('%s: a blood-pressure report with %i observations, %i readings averaged', async (name, observations, counted) => {
    const report = await importOne(join(FIXTURES, 'bp', name))
    expect([report.kind, report.sourceFormat, report.observations.length]).toEqual(['blood_pressure', 'bp-csv', observations])
    expect(report.metrics['bp.readings']).toBe(counted)
    // The panel computed from the stored observations agrees with the averages the file gave at import.
    const summary = bpSummary(report.observations)
    expect(summary.counted).toBe(counted)
    expect(summary.avgSystolic).toBeCloseTo(report.metrics['bp.avg_sys']!, 9)
    expect(summary.avgDiastolic).toBeCloseTo(report.metrics['bp.avg_dia']!, 9)
  })

  it('stores implausible readings flagged, lists them, and the rule finding leaves them out visibly', async () => {
    const report = await importOne(join(FIXTURES, 'bp', 'separate-date-time-implausible.csv'))
    const flagged = report.observations.filter((o) => o.deviceFlag === 'IMPLAUSIBLE').map((o) => [o.code, o.valueNum])
    expect(flagged).toEqual([
      ['8480-6', 80],
      ['8462-4', 120],
      ['8480-6', 310],
      ['8462-4', 85],
      ['8867-4', 400],
    ])
    expect(report.parseLog.some((l) => l.startsWith('3 implausible values flagged IMPLAUSIBLE and left out of the averages: line 3'))).toBe(true)
    const bp = report.findings.filter((f) => f.ruleId === 'bp.category')
    expect(bp.find((f) => f.notEvaluated === null)?.values).toMatchObject({ systolic: 128.3, diastolic: 82, readings: 3 })
    expect(bp.filter((f) => f.notEvaluated !== null).map((f) => f.notEvaluated)).toEqual([
      'not evaluated: 2 implausible systolic reading(s) left out of the average',
      'not evaluated: 2 implausible diastolic reading(s) left out of the average',
    ])
  })

  it('lists rows without both pressures by line in the parse log', async () => {
    const report = await importOne(join(FIXTURES, 'bp', 'app-epoch-seconds.csv'))
    expect(report.parseLog).toContain('2 rows without both a systolic and a diastolic value were not imported (lines 4, 5).')
    expect(report.observations[0]!.observedAt).toBe('2024-03-14T06:30:00Z')
  })
})

describe('blood-pressure panel from HL7 and FHIR', () => {
  it('HL7 v2: systolic 185 and diastolic 125 give the same averages as the rule finding', async () => {
    const file = join(dir, 'bp.hl7')
    writeFileSync(
      file,
      oru({
        controlId: 'BP1',
        results: [
          { code: '8480-6', display: 'Systolic blood pressure', value: '185', unit: 'mm[Hg]', range: '', flag: 'H' },
          { code: '8462-4', display: 'Diastolic blood pressure', value: '125', unit: 'mm[Hg]', range: '', flag: 'H' },
          { code: '8867-4', display: 'Heart rate', value: '92', unit: '/min', range: '' },
        ],
      }),
    )
    const report = await importOne(file)
    expect(report.kind).toBe('blood_pressure')
    expect(report.metrics['bp.avg_sys']).toBeUndefined()
    expect(bpSummary(report.observations)).toMatchObject({ avgSystolic: 185, avgDiastolic: 125, avgPulse: 92, counted: 1, excluded: 0 })
    expect(report.findings.find((f) => f.ruleId === 'bp.category')?.values).toMatchObject({ systolic: 185, diastolic: 125, category: 'crisis' })
  })

  it('FHIR: a 85354-9 panel with components and a separate heart rate', async () => {
    const report = await importOne(join(FIXTURES, 'fhir', 'collection-bp-bundle.json'))
    expect(report.kind).toBe('blood_pressure')
    const summary = bpSummary(report.observations)
    const finding = report.findings.find((f) => f.ruleId === 'bp.category' && f.notEvaluated === null)
    expect(summary.counted).toBeGreaterThan(0)
    expect(Math.round(summary.avgSystolic! * 10) / 10).toBe(finding?.values.systolic)
    expect(Math.round(summary.avgDiastolic! * 10) / 10).toBe(finding?.values.diastolic)
    expect(summary.avgPulse).toBeDefined()
  })
})
