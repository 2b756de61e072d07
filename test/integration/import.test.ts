// Import pipeline on a real SQLite file: idempotency, corrections with history, broken files quarantined, search.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ImportSummary } from '../../src/shared/contract/import'
import type { ReportDetail } from '../../src/shared/contract/reports'
import { oru } from '../helpers/hl7'
import { makeServices, makeTempDir, TEST_CTX, type TestServices } from '../helpers/services'

let t: TestServices
let dir: string
beforeEach(() => {
  t = makeServices()
  dir = makeTempDir('readout-import-')
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
const count = (sql: string) => (t.services.db.prepare(sql).get() as { n: number }).n

describe('import', () => {
  it('imports a multi-message file, one report per message, values normalised', async () => {
    const file = join(dir, 'batch.hl7')
    writeFileSync(
      file,
      oru({ controlId: 'A1', results: [{ code: '2823-3', display: 'Potassium', value: '4.1', unit: 'mEq/L', range: '3.5-5.1' }] }) +
        '\n' +
        oru({ controlId: 'A2', observedAt: '20260102090000', results: [{ code: '2345-7', display: 'Glucose', value: '5.5', unit: 'mmol/L', range: '3.9-5.5' }] }),
    )
    const s = await importPaths([file])
    expect(s).toMatchObject({ imported: 2, duplicates: 0, quarantined: 0 })
    expect(s.results.map((r) => r.index)).toEqual([1, 2])
    const k = await getReport(s.results[0]!.reportIds[0]!)
    expect(k.patient.identifiers).toEqual([{ authority: 'HOSP', id: 'MRN001' }])
    expect(k.observations[0]).toMatchObject({ code: '2823-3', codeSystem: 'LOINC', valueNum: 4.1, unit: 'mEq/L', refLow: 3.5, refHigh: 5.1 })
    expect(k.observations[0]!.normalisedUnit).toBe('mmol/L')
    expect(k.observations[0]!.normalisedValue).toBeCloseTo(4.1)
    const g = await getReport(s.results[1]!.reportIds[0]!)
    expect(g.observations[0]!.normalisedUnit).toBe('mg/dL')
    expect(g.observations[0]!.normalisedValue).toBeCloseTo(99.1, 0)
    // Both reports belong to the same patient, matched by identifier.
    expect(g.patientId).toBe(k.patientId)
    // The raw bytes are kept exactly as received.
    expect(k.source.text).toContain('MSH|^~\\&|ANALYSER|LAB1')
    expect(k.source.sha256).toMatch(/^[0-9a-f]{64}$/)
  })

  it('is idempotent: importing a folder twice creates nothing new', async () => {
    for (let i = 0; i < 5; i++) writeFileSync(join(dir, `m${i}.hl7`), oru({ controlId: `C${i}`, mrn: `P${i}` }))
    const first = await importPaths([dir])
    expect(first).toMatchObject({ imported: 5, duplicates: 0, quarantined: 0 })
    const counts = () => [count('SELECT count(*) AS n FROM reports'), count('SELECT count(*) AS n FROM observations'), count('SELECT count(*) AS n FROM patients')]
    const before = counts()
    const second = await importPaths([dir])
    expect(second).toMatchObject({ imported: 0, duplicates: 5, quarantined: 0 })
    expect(counts()).toEqual(before)
    // Same facility + control id with different bytes is still a duplicate.
    writeFileSync(join(dir, 'resent.hl7'), oru({ controlId: 'C0', mrn: 'P0', observedAt: '20260101083001' }))
    const third = await importPaths([join(dir, 'resent.hl7')])
    expect(third).toMatchObject({ imported: 0, duplicates: 1 })
  })

  it('applies a correction (OBX-11 C): the value is superseded and kept in history', async () => {
    writeFileSync(join(dir, '1.hl7'), oru({ controlId: 'K1', results: [{ code: '2823-3', display: 'Potassium', value: '6.8', unit: 'mmol/L', range: '3.5-5.1', flag: 'HH' }] }))
    writeFileSync(
      join(dir, '2.hl7'),
      oru({ controlId: 'K2', results: [{ code: '2823-3', display: 'Potassium', value: '4.2', unit: 'mmol/L', range: '3.5-5.1', flag: 'N', status: 'C' }] }),
    )
    const s = await importPaths([join(dir, '1.hl7'), join(dir, '2.hl7')])
    expect(s).toMatchObject({ imported: 2, quarantined: 0 })
    const id = s.results[0]!.reportIds[0]!
    expect(s.results[1]!.reportIds).toEqual([id])
    const r = await getReport(id)
    expect(r.status).toBe('corrected')
    expect(r.observations).toHaveLength(1)
    expect(r.observations[0]).toMatchObject({ valueNum: 4.2, status: 'corrected', deviceFlag: 'N' })
    expect(r.observations[0]!.history).toMatchObject([{ valueNum: 6.8, status: 'final' }])
    expect(count('SELECT count(*) AS n FROM reports')).toBe(1)
    expect(count("SELECT count(*) AS n FROM report_sources WHERE role = 'correction'")).toBe(1)
  })

  it('quarantines broken files with a located error and imports the rest of the batch', async () => {
    writeFileSync(join(dir, 'good.hl7'), oru({ controlId: 'G1' }))
    writeFileSync(join(dir, 'bad.hl7'), oru({ controlId: 'B1' }).replace('ORU^R01^ORU_R01', 'ADT^A01'))
    writeFileSync(join(dir, 'binary.bin'), Buffer.from([0, 1, 2, 3, 255, 254, 0, 0, 7]))
    const s = await importPaths([dir])
    expect(s).toMatchObject({ imported: 1, quarantined: 2 })
    const bad = s.results.find((r) => r.path.endsWith('bad.hl7'))!
    expect(bad.outcome).toBe('quarantined')
    expect(bad.error).toMatch(/segment MSH/)
    const q = await t.dispatch('quarantine.get', { id: bad.quarantineId! }, TEST_CTX)
    expect(q.ok && (q.value as { text: string }).text).toContain('ADT^A01')
    const bin = s.results.find((r) => r.path.endsWith('binary.bin'))!
    expect(bin.error).toMatch(/Unrecognised format/)
    // Quarantined bytes are kept unchanged.
    const stored = t.services.db.prepare('SELECT bytes FROM quarantine WHERE id = ?').get(bin.quarantineId) as { bytes: Buffer }
    expect([...stored.bytes]).toEqual([0, 1, 2, 3, 255, 254, 0, 0, 7])
  })

  it('refuses a path that does not exist, before importing anything', async () => {
    const r = await t.dispatch('import.paths', { paths: [join(dir, 'nope')] }, TEST_CTX)
    expect(r).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  })

  it('imports uploaded bytes and finds them by full-text search, filters and trends', async () => {
    const files = [
      { name: 'a.hl7', contentBase64: Buffer.from(oru({ controlId: 'U1', mrn: 'Q1', family: 'Lindqvist', results: [{ code: '2823-3', display: 'Potassium', value: '4.0', unit: 'mmol/L', range: '3.5-5.1' }] })).toString('base64') },
      { name: 'b.hl7', contentBase64: Buffer.from(oru({ controlId: 'U2', mrn: 'Q1', family: 'Lindqvist', observedAt: '20260105100000', results: [{ code: '2823-3', display: 'Potassium', value: '5.9', unit: 'mmol/L', range: '3.5-5.1', flag: 'H' }] })).toString('base64') },
      { name: 'c.hl7', contentBase64: Buffer.from(oru({ controlId: 'U3', mrn: 'Q2', family: 'Okafor' })).toString('base64') },
    ]
    const seen: number[] = []
    t.services.events.onAny((e, p) => e === 'import.progress' && seen.push((p as { done: number }).done))
    const r = await t.dispatch('import.files', { files, jobId: 'job1' }, TEST_CTX)
    expect(r.ok && r.value).toMatchObject({ imported: 3 })
    expect(seen.at(-1)).toBe(3)

    const search = await t.dispatch('reports.list', { search: 'lindq' }, TEST_CTX)
    expect(search.ok && (search.value as { total: number }).total).toBe(2)
    const byName = await t.dispatch('reports.list', { search: 'okafor' }, TEST_CTX)
    const items = byName.ok ? (byName.value as { items: { patientName: string; flagCount: number }[] }).items : []
    expect(items.map((i) => i.patientName)).toEqual(['Okafor, Alex'])
    const all = await t.dispatch('reports.list', { sort: 'time' }, TEST_CTX)
    const list = all.ok ? (all.value as { items: { observedAt: string; flagCount: number; patientId: number }[] }).items : []
    // Newest observation first.
    expect(list[0]!.observedAt).toBe('2026-01-05T10:00:00')
    expect(list[0]!.flagCount).toBe(1)
    const dated = await t.dispatch('reports.list', { from: '2026-01-02', to: '2026-01-05' }, TEST_CTX)
    expect(dated.ok && (dated.value as { total: number }).total).toBe(1)

    const tr = await t.dispatch('reports.trend', { patientId: list[0]!.patientId, codes: ['LOINC|2823-3'] }, TEST_CTX)
    expect(tr.ok && (tr.value as Record<string, { value: number }[]>)['LOINC|2823-3']!.map((p) => p.value)).toEqual([4, 5.9])
  })
})

describe('import of ASTM messages with several patients', () => {
  // Synthetic patients only. Records end with CR, as analysers send them.
  const astm = (controlId: string, ...patients: string[][]) =>
    [`H|\\^&|${controlId}||Synth^2|||||||P|LIS2-A2|20240301090000`, ...patients.flat(), 'L|1|N'].join('\r')
  const patientA = ['P|1|PR-A|||SYNTHETIC^ONE||19700101|F', 'R|1|^^^NA|139|mmol/L|136-145|N||F||||20240301083000', 'R|2|^^^K|6.4|mmol/L|3.5-5.1|H||F||||20240301083010', 'C|1|I|Haemolysed|G']
  const patientB = ['P|2|PR-B|||SYNTHETIC^TWO||19901231|M', 'R|1|^^^NA|141|mmol/L|136-145|N||F||||20240301084000', 'R|2|^^^GLU|5.2|mmol/L|3.9-6.1|N||F||||20240301084010']
  const sources = () =>
    (t.services.db.prepare('SELECT report_id AS reportId, sha256, part FROM report_sources ORDER BY report_id').all() as { reportId: number; sha256: string; part: number }[])
  const counts = () => ['reports', 'observations', 'patients', 'report_sources'].map((table) => count(`SELECT count(*) AS n FROM ${table}`))

  it('stores one report per patient, each with its own results and the whole message as raw bytes; a re-import adds nothing', async () => {
    const message = astm('BATCH7', patientA, patientB)
    const file = join(dir, 'batch.astm')
    writeFileSync(file, Buffer.from(message, 'latin1'))
    const s = await importPaths([file])
    expect(s).toMatchObject({ imported: 2, duplicates: 0, quarantined: 0 })
    expect(s.results.map((r) => r.index)).toEqual([1, 2])
    const [one, two] = await Promise.all(s.results.map((r) => getReport(r.reportIds[0]!)))
    expect(one!.patient).toMatchObject({ identifiers: [{ authority: 'practice-assigned', id: 'PR-A' }], familyName: 'SYNTHETIC', givenName: 'ONE', sex: 'female' })
    expect(two!.patient).toMatchObject({ identifiers: [{ authority: 'practice-assigned', id: 'PR-B' }], familyName: 'SYNTHETIC', givenName: 'TWO', sex: 'male' })
    expect(one!.patient.id).not.toBe(two!.patient.id)
    expect(one!.observations.map((o) => [o.code, o.valueNum, o.deviceFlag])).toEqual([
      ['NA', 139, 'N'],
      ['K', 6.4, 'H'],
    ])
    expect(two!.observations.map((o) => [o.code, o.valueNum])).toEqual([
      ['NA', 141],
      ['GLU', 5.2],
    ])
    expect(one!.statements.map((st) => st.text)).toEqual(['Haemolysed'])
    expect(two!.statements).toEqual([])
    expect(two!.parseLog).toContain('patient 2 of 2 in this message (P2); each patient is a report of its own')
    // Both keep the message exactly as received; the stored copies differ only by part.
    expect(one!.source.text).toBe(message)
    expect(two!.source.text).toBe(message)
    const rows = sources()
    expect(rows.map((r) => r.part)).toEqual([0, 1])
    expect(rows[0]!.sha256).toBe(rows[1]!.sha256)
    expect(count('SELECT count(*) AS n FROM patients')).toBe(2)

    const before = counts()
    const again = await importPaths([file])
    expect(again).toMatchObject({ imported: 0, duplicates: 2, quarantined: 0 })
    expect(counts()).toEqual(before)
  })

  it('imports a single-patient message followed by a two-patient message in one file as three reports', async () => {
    const single = astm('SOLO1', ['P|1|PR-C|||SYNTHETIC^THREE||19800101|F', 'R|1|^^^NA|137|mmol/L|136-145|N||F||||20240301085000'])
    const batch = astm('BATCH8', patientA, patientB)
    const file = join(dir, 'mixed.astm')
    writeFileSync(file, Buffer.from(`${single}\r${batch}`, 'latin1'))
    const s = await importPaths([file])
    expect(s).toMatchObject({ imported: 3, duplicates: 0, quarantined: 0 })
    const reports = await Promise.all(s.results.map((r) => getReport(r.reportIds[0]!)))
    expect(reports.map((r) => r.patient.identifiers[0]?.id)).toEqual(['PR-C', 'PR-A', 'PR-B'])
    // The single-patient message keeps part 0; the two patients of the other message share its bytes as parts 0 and 1.
    expect(sources().map((r) => r.part)).toEqual([0, 0, 1])
    expect(reports[1]!.source.text).toBe(batch)

    const before = counts()
    expect(await importPaths([file])).toMatchObject({ imported: 0, duplicates: 3, quarantined: 0 })
    // The same two-patient message in a file of its own is recognised too.
    const alone = join(dir, 'alone.astm')
    writeFileSync(alone, Buffer.from(batch, 'latin1'))
    expect(await importPaths([alone])).toMatchObject({ imported: 0, duplicates: 2, quarantined: 0 })
    expect(counts()).toEqual(before)
  })
})
