// Real-world variations through the real import pipeline (real SQLite): narrative HL7, STU3 FHIR, subject-display
// patients, empty and long-prolog ECG XML; and error messages that stay short when a file holds a 5 MB value.
import { copyFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ImportResult, ImportSummary } from '../../src/shared/contract/import'
import type { QuarantineItem, ReportDetail } from '../../src/shared/contract/reports'
import { makeServices, makeTempDir, TEST_CTX, type TestServices } from '../helpers/services'

const FIXTURES = resolve(__dirname, '..', 'fixtures')
// Generous for a located message with one excerpt, and four orders of magnitude below the values in the files.
const MAX_ERROR_CHARS = 700

let t: TestServices
let dir: string
beforeEach(() => {
  t = makeServices()
  dir = makeTempDir('readout-realworld-')
})
afterEach(() => t.cleanup())

async function importFixtures(...names: string[]): Promise<ImportSummary> {
  const paths = names.map((name) => {
    const target = join(dir, name.replace('/', '-'))
    copyFileSync(join(FIXTURES, name), target)
    return target
  })
  return importPaths(paths)
}
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
async function quarantineList(): Promise<QuarantineItem[]> {
  const r = await t.dispatch('quarantine.list', {}, TEST_CTX)
  if (!r.ok) throw new Error(r.error.message)
  return (r.value as { items: QuarantineItem[] }).items
}
async function reportOf(result: ImportResult | undefined): Promise<ReportDetail> {
  expect(result?.outcome).toBe('imported')
  return getReport(result?.reportIds[0] ?? -1)
}

describe('HL7 v2 with empty OBX-3 rows and uninterpreted value types', () => {
  it('imports every message that holds something, and quarantines only the one whose OBX rows are all empty', async () => {
    const s = await importFixtures(
      'hl7/obx-echo-narrative.hl7',
      'hl7/obx-lab-comment-block.hl7',
      'hl7/obx-ed-without-data.hl7',
      'hl7/obx-rp-pointer.hl7',
      'hl7/obx-all-obx-empty.hl7',
    )
    expect(s).toMatchObject({ imported: 4, duplicates: 0, quarantined: 1 })
    const [echo, comment, ed, rp, empty] = s.results

    const e = await reportOf(echo)
    expect(e.kind).toBe('other')
    expect(e.sourceFormat).toBe('hl7v2')
    expect(e.observations.map((o) => [o.code, o.valueNum])).toEqual([['10230-1', 60]])
    expect(e.statements.map((x) => x.text)).toEqual([
      'TRANSTHORACIC ECHOCARDIOGRAM\n\nLeft ventricle: normal size and wall thickness.\nGlobal systolic function preserved, no regional wall motion abnormality.',
      'Valves: mild mitral regurgitation\nAortic valve trileaflet, no stenosis.\n\nConclusion: normal left ventricular function.',
    ])
    expect(e.parseLog).toContain('line 4: OBX-3 is empty; OBX-5 kept as report text')
    expect(e.parseLog).toContain('line 5: OBX-3 and OBX-5 are empty; kept as a blank line of the report text')

    const c = await reportOf(comment)
    expect(c.kind).toBe('lab')
    expect(c.observations.map((o) => o.code)).toEqual(['2823-3', '2951-2', '2345-7'])
    expect(c.statements.map((x) => x.text)).toEqual([
      'Sample slightly haemolysed.\n\nPotassium may be falsely raised; repeat if clinically indicated.',
      'Validated by synthetic lab.',
    ])

    const d = await reportOf(ed)
    expect(d.kind).toBe('ecg')
    expect(d.observations.filter((o) => o.valueNum !== null).map((o) => [o.code, o.valueNum])).toEqual([
      ['8867-4', 72],
      ['8634-8', 384],
    ])
    expect(d.parseLog).toContain('line 7, OBX-5: encapsulated data (ED) is empty; the row is kept without data')

    const r = await reportOf(rp)
    expect(r.observations.map((o) => o.valueText ?? o.valueNum)).toEqual([64, 'ECG-IMG-0007^PACS^AP^PDF'])
    expect(r.parseLog).toContain('line 5: OBX-2 value type RP is not interpreted; OBX-5 kept as the text sent')

    expect(empty).toMatchObject({ outcome: 'quarantined', error: expect.stringMatching(/^line 4, segment OBX: nothing to import/) })
  })
})

describe('FHIR STU3 shapes and subject-display patients', () => {
  it('imports STU3 Observations and Bundles, noting what was normalised, and names display-only patients', async () => {
    const s = await importFixtures('fhir/stu3-observation.json', 'fhir/stu3-bundle.json', 'fhir/subject-display-bundle.json')
    expect(s).toMatchObject({ imported: 4, duplicates: 0, quarantined: 0 })
    const [k, ecg, bp, spo2] = s.results

    const potassium = await reportOf(k)
    expect(potassium.kind).toBe('lab')
    expect(potassium.observations[0]).toMatchObject({ code: '2823-3', valueNum: 5.9, deviceFlag: 'H' })
    expect(potassium.patientName).toBe('Stu Threeson')
    expect(potassium.parseLog).toContain('Observation.interpretation: a single interpretation (FHIR STU3 form) read as a list of one (R4)')
    expect(potassium.parseLog).toContain(
      'Observation: FHIR STU3 code system http://hl7.org/fhir/v2/0078 read as http://terminology.hl7.org/CodeSystem/v2-0078',
    )

    const e = await reportOf(ecg)
    expect(e.kind).toBe('ecg')
    expect(e.observations.map((o) => o.code)).toEqual(['8867-4', '8636-3', '8625-6'])
    expect(e.deviceInfo).toMatchObject({ manufacturer: 'Synthetic Cardio', model: 'SC-12' })
    const b = await reportOf(bp)
    expect(b.kind).toBe('blood_pressure')
    expect(b.patientId).toBe(e.patientId)

    const o = await reportOf(spo2)
    expect(o.kind).toBe('oximetry')
    expect(o.patientName).toBe('Dora Displayonly')
    expect(o.patient).toMatchObject({ identifiers: [], familyName: 'Dora Displayonly' })
  })
})

describe('ECG XML', () => {
  it('quarantines empty aECG, Philips and MUSE documents and imports the aECG behind a 20 KB DTD', async () => {
    const s = await importFixtures('ecg/aecg-empty.xml', 'ecg/philips-empty.xml', 'ecg/muse-empty.xml', 'ecg/aecg-long-prolog.xml')
    expect(s).toMatchObject({ imported: 1, quarantined: 3 })
    for (const r of s.results.slice(0, 3)) expect(r.error).toMatch(/nothing to import/)
    const long = await reportOf(s.results[3])
    expect(long).toMatchObject({ kind: 'ecg', sourceFormat: 'ecg-aecg' })
    expect(long.observations).toHaveLength(8)
    expect(long.statements.map((x) => x.text)).toEqual(['Normal sinus rhythm', 'Normal ECG'])
  })
})

describe('a 5 MB offending value', () => {
  const BIG = 5 * 1024 * 1024
  const big = (c: string) => c.repeat(BIG)
  const files: Record<string, string> = {
    'msh9.hl7': `MSH|^~\\&|APP|FAC|RCV|RFAC|20250101120000||${big('Z')}|BIG1|P|2.5.1\rPID|1||ID1^^^AUTH\r`,
    'resource-type.json': `{"contained": [{"resourceType": "Observation"}], "resourceType": "${big('Q')}"}`,
    'unterminated.json': `{"resourceType": "Observation", "status": "final", "code": {"text": "${big('J')}`,
    'bp.csv': `Date,Time,Systolic (mmHg),Diastolic (mmHg),Pulse (bpm)\n03/14/2024,7:30 AM,${big('9')}x,85,71\n`,
    'records.astm': `H|\\^&|||Synth^1|||||||P|LIS2-A2|20250101\rP|1\rR|1|^^^GLU|5.6|mmol/L||N||F\r${big('W')}|1\rL|1|N\r`,
    'tag.xml': `<?xml version="1.0"?>\n<AnnotatedECG xmlns="urn:hl7-org:v3"><${big('t')} a="1"></AnnotatedECG>\n`,
  }

  it('quarantines each with a short, located message that states the value length; the raw file keeps every byte', async () => {
    const paths = Object.entries(files).map(([name, text]) => {
      const path = join(dir, name)
      writeFileSync(path, text)
      return path
    })
    const s = await importPaths(paths)
    expect(s.quarantined).toBe(paths.length)
    // The summary is what `readout import --json` prints.
    expect(JSON.stringify(s).length).toBeLessThan(paths.length * (MAX_ERROR_CHARS + 300))
    for (const r of s.results) expect(r.error?.length, r.path).toBeLessThan(MAX_ERROR_CHARS)
    const byName = (name: string) => s.results.find((r) => r.path.endsWith(name))?.error ?? ''
    expect(byName('msh9.hl7')).toBe(`line 1, segment MSH, field 9: message type ${'Z'.repeat(32)}… (5,242,880 characters) is not ORU^R01`)
    expect(byName('resource-type.json')).toMatch(/^field resourceType: resourceType "Q{32}…" \(5,242,880 characters\) is not importable/)
    expect(byName('bp.csv')).toMatch(/"9{32}…" \(5,242,881 characters\) is not a systolic pressure/)
    expect(byName('tag.xml')).toMatch(/… \(5,242,8\d\d characters\)/)

    const list = await quarantineList()
    expect(list).toHaveLength(paths.length)
    for (const item of list) {
      expect(item.error.length).toBeLessThan(MAX_ERROR_CHARS)
      expect((item.location ?? '').length).toBeLessThan(MAX_ERROR_CHARS)
    }
    const sizes = t.services.db.prepare('SELECT size, length(bytes) AS stored FROM quarantine ORDER BY id').all() as { size: number; stored: number }[]
    expect(sizes.map((x) => x.stored)).toEqual(Object.values(files).map((text) => Buffer.byteLength(text)))
  })

  it('keeps a report whose parse-log note quotes a huge value, with the note cut short', async () => {
    const path = join(dir, 'long-system.hl7')
    writeFileSync(
      path,
      `MSH|^~\\&|APP|FAC|RCV|RFAC|20250101120000||ORU^R01|BIG2|P|2.5.1\rPID|1||ID2^^^AUTH\rOBR|1||O1|X^Panel^L\rOBX|1|NM|K^Potassium^${big('S')}||4.1|mmol/L|||||F\r`,
    )
    const s = await importPaths([path])
    const report = await reportOf(s.results[0])
    expect(report.observations[0]).toMatchObject({ valueNum: 4.1 })
    for (const note of report.parseLog) expect(note.length).toBeLessThan(MAX_ERROR_CHARS)
    expect(report.parseLog.some((note) => note.includes('(5,242,882 characters)'))).toBe(true)
  })
})
