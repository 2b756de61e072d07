// Every audited action appends its row (who, what, which ids), through the real handlers, the real node-llama-cpp with
// the generated test model and real SQLite files; and no audit row carries a patient's name, identifier or note text.
import { rmSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeTestModels, type TestModelPaths } from '../../scripts/make-test-models'
import type { CallContext } from '../../src/main/handlers/types'
import type { AuditEvent, AuditVerification } from '../../src/shared/contract/audit'
import type { Model } from '../../src/shared/contract/models'
import { oru } from '../helpers/hl7'
import { makeServices, makeTempDir, type TestServices } from '../helpers/services'
import { ctxAs } from '../helpers/users'

const ADMIN = ctxAs('ada', ['admin'])
const CLINICIAN = ctxAs('cleo', ['clinician'], 'session-1')
const TECH = ctxAs('tom', ['technician'])

// A synthetic patient whose every identifying string is distinctive, so a leak cannot hide.
const PATIENT = { family: 'Quillfeather', given: 'Marisol', mrn: 'MRN-48151623' }
const NOTE = 'Allergic to penicillin; daughter Rosalind visits on Tuesdays'

let t: TestServices
let dir: string
let models: TestModelPaths
let lastId = 0

async function as<T>(ctx: CallContext, method: string, input: unknown): Promise<T> {
  const r = await t.dispatch(method, input, ctx)
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`)
  return r.value as T
}

/** The rows appended since the previous call, oldest first, as { actor, action, entity, details }. */
function newRows() {
  const rows = t.services.db.prepare('SELECT * FROM audit_events WHERE id > ? ORDER BY id').all(lastId) as {
    id: number
    actor: string
    action: string
    entity_type: string | null
    entity_id: string | null
    details: string
  }[]
  lastId = rows.at(-1)?.id ?? lastId
  return rows.map((r) => ({ actor: r.actor, action: r.action, entity: r.entity_type ? `${r.entity_type}:${r.entity_id}` : null, details: JSON.parse(r.details) as Record<string, unknown> }))
}

const upload = (name: string, text: string) => ({ name, contentBase64: Buffer.from(text).toString('base64') })

beforeAll(async () => {
  dir = makeTempDir('readout-audit-models-')
  models = await makeTestModels({ outDir: dir })
  t = makeServices({ engineProcess: true })
  newRows()
}, 60_000)
afterAll(() => {
  t?.cleanup()
  rmSync(dir, { recursive: true, force: true })
})

describe('audited actions', () => {
  it('import: a row per report and one per batch with counts and ids, never file names', async () => {
    await as(TECH, 'import.files', {
      files: [
        upload(`${PATIENT.family}-${PATIENT.mrn}-potassium.hl7`, oru({ controlId: 'Q1', ...PATIENT, results: [{ code: '2823-3', display: 'Potassium', value: '6.1', unit: 'mmol/L', range: '3.5-5.1' }] })),
        upload(`${PATIENT.family}-second.hl7`, oru({ controlId: 'Q2', ...PATIENT, observedAt: '20260102083000' })),
        upload(`${PATIENT.family}-broken.hl7`, `MSH|^~\\&|X|Y|Z|W|20260101||ADT^A01|Q3|P|2.5\rPID|1||${PATIENT.mrn}||${PATIENT.family}^${PATIENT.given}\r`),
      ],
    })
    const rows = newRows()
    expect(rows.map((r) => [r.actor, r.action, r.entity])).toEqual([
      ['tom', 'report.imported', 'report:1'],
      ['tom', 'report.imported', 'report:2'],
      ['tom', 'import.batch', null],
    ])
    expect(rows[2]!.details).toEqual({ files: 3, imported: 2, duplicates: 0, quarantined: 1, reportIds: [1, 2], quarantineIds: [1] })
  })

  it("opening a report: once per user and session within the window, not on every re-read", async () => {
    await as(CLINICIAN, 'reports.get', { id: 1 })
    await as(CLINICIAN, 'reports.get', { id: 1 })
    await as(CLINICIAN, 'reports.get', { id: 2 })
    await as({ ...CLINICIAN, sessionId: 'session-2' }, 'reports.get', { id: 1 })
    expect(newRows().map((r) => [r.actor, r.action, r.entity])).toEqual([
      ['cleo', 'report.viewed', 'report:1'],
      ['cleo', 'report.viewed', 'report:2'],
      ['cleo', 'report.viewed', 'report:1'],
    ])
  })

  it('settings and rules', async () => {
    await as(ADMIN, 'settings.set', { key: 'import.autoQueue', value: false })
    await as(ADMIN, 'rules.resetToDefault', {})
    await as(ADMIN, 'rules.run', {})
    const rows = newRows()
    expect(rows.map((r) => [r.actor, r.action, r.entity])).toEqual([
      ['ada', 'settings.set', 'setting:import.autoQueue'],
      ['ada', 'rules.reset', expect.stringMatching(/^rule_set:/)],
      ['ada', 'rules.run', null],
    ])
    expect(rows[0]!.details).toEqual({ value: false })
  })

  it('the model registry: add, use, configure, load, unload, remove', async () => {
    const base = await as<Model>(ADMIN, 'models.add', { path: models.base })
    const adapter = await as<Model>(ADMIN, 'models.add', { path: models.adapter })
    await as(ADMIN, 'models.use', { baseModelId: base.id, adapters: [{ modelId: adapter.id, scale: 1 }] })
    await as(ADMIN, 'models.use', { baseModelId: base.id, adapters: [] })
    await as(ADMIN, 'models.remove', { id: adapter.id })
    await as(ADMIN, 'models.configure', { temperature: 0, seed: 7, maxTokens: 2000, threads: 1 })
    await as(ADMIN, 'models.load', {})
    await as(ADMIN, 'models.unload', {})
    const rows = newRows()
    expect(rows.map((r) => [r.actor, r.action, r.entity])).toEqual([
      ['ada', 'model.added', `model:${base.id}`],
      ['ada', 'model.added', `model:${adapter.id}`],
      ['ada', 'model.configured', `model:${base.id}`],
      ['ada', 'model.configured', `model:${base.id}`],
      ['ada', 'model.removed', `model:${adapter.id}`],
      ['ada', 'model.settings', null],
      ['ada', 'model.load_requested', null],
      ['ada', 'model.unloaded', null],
    ])
    expect(rows[0]!.details).toEqual({ sha256: base.sha256, kind: 'base' })
    expect(rows[2]!.details).toEqual({ adapters: [{ modelId: adapter.id, scale: 1 }] })
  })

  it('a draft: started and stored with the model fingerprints, or started and failed with the code', async () => {
    const base = (await as<{ models: Model[] }>(ADMIN, 'models.list', {})).models.find((m) => m.kind === 'base')!
    const draft = await as<{ id: number }>(TECH, 'interpret.report', { reportId: 1, jobId: 'j1' })
    let rows = newRows()
    expect(rows.map((r) => [r.actor, r.action, r.entity])).toEqual([
      ['tom', 'interpretation.started', 'report:1'],
      ['tom', 'interpretation.generated', 'report:1'],
    ])
    expect(rows[1]!.details).toEqual({
      interpretationId: draft.id,
      base: { id: base.id, sha256: base.sha256 },
      adapters: [],
      template: expect.stringMatching(/\S/),
      standing: expect.stringMatching(/^(verified|issues|contradiction)$/),
    })

    await as(ADMIN, 'models.configure', { maxTokens: 16 })
    const r = await t.dispatch('interpret.report', { reportId: 2, jobId: 'j2' }, TECH)
    expect(r.ok || r.error.code).toBe('GENERATION_FAILED')
    rows = newRows()
    expect(rows.map((x) => [x.actor, x.action, x.entity, x.details])).toEqual([
      ['ada', 'model.settings', null, { maxTokens: 16 }],
      ['tom', 'interpretation.started', 'report:2', {}],
      ['tom', 'interpretation.failed', 'report:2', { code: 'GENERATION_FAILED' }],
    ])
  }, 120_000)

  it('queue operations, and the batch drafts under the queue with its job id', async () => {
    await as(TECH, 'queue.enqueue', { reportIds: [2] })
    await as(TECH, 'queue.start', {})
    await t.services.queue.whenIdle()
    await as(TECH, 'queue.enqueue', { allNew: true })
    await as(TECH, 'queue.pause', {})
    await as(TECH, 'queue.cancel', {})
    const rows = newRows()
    const job = (rows.find((r) => r.action === 'interpretation.started')!.details as { queueJobId: number }).queueJobId
    expect(job).toBeGreaterThan(0)
    expect(rows.map((r) => [r.actor, r.action, r.details])).toEqual([
      ['tom', 'queue.enqueued', { added: 1, allNew: false, reportIds: [2] }],
      ['tom', 'queue.started', { queued: 1 }],
      ['queue', 'interpretation.started', { queueJobId: job }],
      ['queue', 'interpretation.failed', { queueJobId: job, code: 'GENERATION_FAILED' }],
      ['tom', 'queue.enqueued', { added: 1, allNew: true, reportIds: [] }],
      ['tom', 'queue.paused', { queued: 1 }],
      ['tom', 'queue.cancelled', { cancelled: 1 }],
    ])
  }, 120_000)

  it('patient notes, by id', async () => {
    const note = await as<{ id: number }>(CLINICIAN, 'patients.addNote', { patientId: 1, text: NOTE })
    expect(newRows()).toEqual([{ actor: 'cleo', action: 'patients.addNote', entity: 'patient:1', details: { noteId: note.id } }])
  })

  it('no audit row carries the patient name, identifier, birth date, file name or note text, and the chain is intact', async () => {
    const rows = t.services.db.prepare('SELECT * FROM audit_events').all() as Record<string, unknown>[]
    expect(rows.length).toBeGreaterThan(25)
    const text = rows.map((r) => Object.values(r).map(String).join('\u0000')).join('\n').toLowerCase()
    const forbidden = [PATIENT.family, PATIENT.given, PATIENT.mrn, '48151623', '19700101', '1970-01-01', 'penicillin', 'rosalind', 'tuesdays', '.hl7']
    for (const s of forbidden) expect(text, s).not.toContain(s.toLowerCase())
    expect(await as<AuditVerification>(CLINICIAN, 'audit.verify', {})).toMatchObject({ ok: true, checked: rows.length })
    const mine = await as<AuditEvent[]>(CLINICIAN, 'audit.list', { limit: 500 })
    expect(new Set(mine.map((e) => e.actor))).toEqual(new Set(['cleo']))
  })
})
