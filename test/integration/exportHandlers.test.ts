// export.* through the contract (dispatch, zod, roles) on real SQLite with a synthetic signed-item source: the ml role
// exports with progress events, de-identification off needs admin and a reason (audited), preview, history, split reset.
import { existsSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { handlers } from '../../src/main/handlers'
import type { CallContext } from '../../src/main/handlers/types'
import { silentLogger } from '../../src/main/log'
import { createServices, type Services } from '../../src/main/services'
import { createDispatch, type Dispatch } from '../../src/main/transport/dispatch'
import type { Role } from '../../src/shared/domain/roles'
import { seedPatients, syntheticSource } from '../helpers/exportItems'
import { makeTempDir } from '../helpers/services'

let dir: string
let services: Services
let dispatch: Dispatch

const as = (roles: Role[], username = 'u1'): CallContext => ({ actor: username, transport: 'test', user: { id: 1, username, displayName: 'U One', roles } })
const ML = as(['ml'], 'ml.user')
const ADMIN_ML = as(['ml', 'admin'], 'boss')

beforeEach(() => {
  dir = makeTempDir('readout-export-h-')
  services = createServices({ dataDir: dir, version: '0.0.0-test', runtime: 'node', logger: silentLogger, exportSource: syntheticSource(120, { plant: true, patientOf: (i) => (i % 30) + 1 }) })
  seedPatients(services.db, 30)
  dispatch = createDispatch(handlers, services)
})
afterEach(() => {
  services.close()
  rmSync(dir, { recursive: true, force: true })
})

async function ok<T>(method: string, input: unknown, ctx: CallContext): Promise<T> {
  const r = await dispatch(method, input, ctx)
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`)
  return r.value as T
}
async function fails(method: string, input: unknown, ctx: CallContext) {
  const r = await dispatch(method, input, ctx)
  if (r.ok) throw new Error(`${method} should have failed`)
  return r.error
}

const audit = () => services.db.prepare("SELECT actor, action, details FROM audit_events WHERE action LIKE 'export.%' ORDER BY id").all() as { actor: string; action: string; details: string }[]

describe('export handlers', () => {
  it('an ml user exports with progress events; the export is audited with counts, no content', async () => {
    const progress: { label?: string; done: number }[] = []
    services.events.onAny((event, payload) => {
      if (event === 'export.progress') progress.push(payload as { label?: string; done: number })
    })
    const r = await ok<{ exportId: number; items: number; files: string[]; deid: { enabled: boolean } }>(
      'export.run',
      { formats: ['openai-chat', 'trl-preference'], outDir: join(dir, 'out1'), split: '80/10/10', jobId: 'job-1' },
      ML,
    )
    expect(r.items).toBe(120)
    expect(r.deid.enabled).toBe(true)
    expect(r.files).toContain('openai-chat/train.jsonl')
    expect(existsSync(join(dir, 'out1', 'DATASET.md'))).toBe(true)
    expect(new Set(progress.map((p) => p.label))).toEqual(new Set(['writing', 'scanning', 'finishing']))
    const a = audit()
    expect(a.map((e) => [e.actor, e.action])).toEqual([['ml.user', 'export.completed']])
    expect(JSON.parse(a[0]!.details)).toMatchObject({ items: 120, formats: ['openai-chat', 'trl-preference'], deidentify: true })
    const history = await ok<{ id: number; status: string; contentHash: string | null; actor: string }[]>('export.history', {}, ML)
    expect(history).toEqual([expect.objectContaining({ id: r.exportId, status: 'completed', actor: 'ml.user', contentHash: expect.stringMatching(/^[0-9a-f]{64}$/) })])
  })

  it('roles: a clinician may not export; de-identification off needs admin and a reason, and is audited', async () => {
    expect((await fails('export.run', { formats: ['trl-sft'], outDir: join(dir, 'x') }, as(['clinician']))).code).toBe('FORBIDDEN')
    expect((await fails('export.history', {}, { actor: 'anon', transport: 'test' })).code).toBe('UNAUTHENTICATED')
    const off = { formats: ['trl-sft'], outDir: join(dir, 'raw'), deidentification: { enabled: false, reason: 'internal IRB study 2026-17' } }
    expect((await fails('export.run', off, ML)).code).toBe('FORBIDDEN')
    expect(existsSync(join(dir, 'raw'))).toBe(false)
    const short = await fails('export.run', { ...off, deidentification: { enabled: false, reason: 'because' } }, ADMIN_ML)
    expect(short).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('at least 10 characters') })
    const r = await ok<{ deid: { enabled: boolean; residualScan: unknown } }>('export.run', off, ADMIN_ML)
    expect(r.deid).toMatchObject({ enabled: false, residualScan: null })
    expect(audit().map((e) => [e.actor, e.action])).toEqual([
      ['boss', 'export.deidentificationOff'],
      ['boss', 'export.completed'],
    ])
    expect(JSON.parse(audit()[0]!.details)).toEqual({ reason: 'internal IRB study 2026-17' })
  })

  it('refuses a bad split or an existing folder with what to change', async () => {
    expect(await fails('export.run', { formats: ['trl-sft'], outDir: join(dir, 'a'), split: '80/20/10' }, ML)).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('add up to 100') })
    expect(await fails('export.run', { formats: ['trl-sft'], outDir: dir }, ML)).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('choose a new folder') })
    expect(await fails('export.run', { formats: ['csv'], outDir: join(dir, 'b') }, ML)).toMatchObject({ code: 'INVALID_INPUT' })
  })

  it('preview: the first rows, de-identified, nothing written', async () => {
    const p = await ok<{ matching: number; rows: { format: string; line: string }[]; withheld: unknown[] }>(
      'export.preview',
      { formats: ['openai-chat'], filters: { kinds: ['ecg'] }, limit: 3 },
      ML,
    )
    expect(p.matching).toBe(30)
    expect(p.rows).toHaveLength(3)
    expect(p.withheld).toEqual([])
    for (const row of p.rows) expect(row.line).not.toMatch(/MRN\d|@mail\.example|SER\d/)
    expect(services.db.prepare('SELECT count(*) AS n FROM export_history').get()).toEqual({ n: 0 })
  })

  it('reset of the frozen splits: admin only, with a reason, audited; the next export places patients afresh', async () => {
    await ok('export.run', { formats: ['trl-sft'], outDir: join(dir, 'r1') }, ML)
    const placed = (services.db.prepare("SELECT count(*) AS n FROM export_patient_splits WHERE split = 'test'").get() as { n: number }).n
    expect(placed).toBeGreaterThan(0)
    expect((await fails('export.resetSplits', { split: 'test', reason: 'new hold-out set for 2027' }, ML)).code).toBe('FORBIDDEN')
    expect(await ok('export.resetSplits', { split: 'test', reason: 'new hold-out set for 2027' }, ADMIN_ML)).toEqual({ removed: placed })
    expect(audit().at(-1)).toMatchObject({ actor: 'boss', action: 'export.splitsReset' })
    expect(services.db.prepare("SELECT count(*) AS n FROM export_patient_splits WHERE split = 'test'").get()).toEqual({ n: 0 })
  })
})

describe('export history after a process ended mid-export', () => {
  it("marks a 'running' export that no process is writing as interrupted", async () => {
    services.db.prepare("INSERT INTO export_history (started_at, status, actor, out_path, params) VALUES ('2026-01-01', 'running', 'ml.user', '/gone', '{}')").run()
    const h = await ok<{ status: string; error: string | null }[]>('export.history', {}, ML)
    expect(h).toEqual([expect.objectContaining({ status: 'interrupted', error: 'the process ended before the export finished' })])
  })
})
