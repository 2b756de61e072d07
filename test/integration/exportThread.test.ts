// The export's second pass on its worker thread (the built entry, as in the app): the same bytes as in-process with the
// model's tokenizer opened in the thread, a leak still blocks with its row and category, a cancel mid-run and a heap
// too small for the work leave nothing behind, and the history says what happened.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { makeTestModels, type TestModelPaths } from '../../scripts/make-test-models'
import { EXPORT_FORMATS } from '../../src/main/export/formats'
import { DEFAULT_RATIOS, SPLITS } from '../../src/main/export/hygiene/split'
import { runExport, type ExportOptions } from '../../src/main/export/pipeline'
import { openCounterFrom, type TokenizerSpec } from '../../src/main/export/tokens/modelTokenizer'
import type { PatientIdentifiers } from '../../src/main/export/types'
import { builtEntries } from '../../src/main/services'
import { openDatabase, type Db } from '../../src/main/store/db'
import { AppError } from '../../src/shared/errors'
import { listSource, plantedIdentifiers, seedPatients, syntheticItem, syntheticSource } from '../helpers/exportItems'
import { makeTempDir } from '../helpers/services'

const WORKER = builtEntries(join(__dirname, '..', '..', 'out', 'main')).exportWorkerPath
const missing = existsSync(WORKER) ? null : `${WORKER} is not built (run 'npm run build'; npm test builds first)`
if (missing) console.log(`exportThread.test.ts skipped: ${missing}`)

let modelDir: string
let models: TestModelPaths
let dir: string
let db: Db

beforeAll(async () => {
  if (missing) return
  modelDir = makeTempDir('readout-export-thread-models-')
  models = await makeTestModels({ outDir: modelDir })
}, 120_000)
afterAll(() => {
  if (modelDir) rmSync(modelDir, { recursive: true, force: true })
})
beforeEach(() => {
  dir = makeTempDir('readout-export-thread-')
  db = openDatabase(join(dir, 'readout.db'))
  seedPatients(db, 40)
})
afterEach(() => {
  db.close()
  rmSync(dir, { recursive: true, force: true })
})

const spec = (): TokenizerSpec => ({ kind: 'model', path: models.base, of: 'the test base model' })

function opts(out: string, extra: Partial<ExportOptions> = {}): ExportOptions {
  return {
    formats: [...EXPORT_FORMATS],
    outDir: join(dir, out),
    seed: 11,
    ratios: DEFAULT_RATIOS,
    sinceExportId: null,
    filters: {},
    deidentify: true,
    minimumPerCondition: 5,
    contextSize: 8192,
    zip: false,
    actor: 'ml.user',
    appVersion: '0.0.0-test',
    ...extra,
  }
}
const threaded = (heapMb = 384) => ({ thread: { workerPath: WORKER, heapMb, tokenizer: spec() } })
const history = () => db.prepare('SELECT status, error FROM export_history ORDER BY id').all() as { status: string; error: string | null }[]
const leftovers = (name: string) => readdirSync(dir).filter((f) => f.includes(name))

describe.skipIf(missing !== null)('export worker thread', () => {
  it('writes byte for byte what the in-process pass writes, counting tokens with the model opened in the thread', async () => {
    const source = syntheticSource(90, { plant: true, patientOf: (i) => (i % 40) + 1 })
    const tokens = await openCounterFrom(spec())
    const here = await runExport(db, source, opts('here', { tokens: tokens.counter })).finally(() => tokens.close())
    const there = await runExport(db, source, opts('there', threaded()))
    expect(here.quality.tokens.method).toBe('tokenizer')
    expect(there.tokenStats.tokens).toBe(here.tokenStats.tokens)
    expect(there.tokenStats.tokens).toBeGreaterThan(0)
    expect(there.items).toBe(here.items)
    expect(there.rows).toEqual(here.rows)
    // The second export finds the splits the first one froze: the same rows land in the same files.
    for (const f of EXPORT_FORMATS) {
      for (const s of SPLITS) expect(readFileSync(join(dir, 'there', f, `${s}.jsonl`), 'utf8')).toBe(readFileSync(join(dir, 'here', f, `${s}.jsonl`), 'utf8'))
    }
    for (const f of ['quality-report.json', 'deid-report.json']) expect(readFileSync(join(dir, 'there', f), 'utf8')).toBe(readFileSync(join(dir, 'here', f), 'utf8'))
    // Metadata differs only in the row ids, which carry the export's id.
    const meta = (out: string) => readFileSync(join(dir, out, 'metadata.jsonl'), 'utf8').replace(/"row_id":"e\d+-/g, '"row_id":"e-')
    expect(meta('there')).toBe(meta('here'))
    expect(there.deid.residualScan?.linesScanned).toBeGreaterThan(0)
    expect(history().map((h) => h.status)).toEqual(['completed', 'completed'])
  }, 120_000)

  it('a leak the scrubber missed still blocks, naming row and category, and leaves nothing', async () => {
    const nickname = 'Quokkabelle'
    const item = syntheticItem(3, { patientOf: () => 5 })
    const leaky = { ...item, signed: { ...item.signed, summary: `${item.signed.summary} Told ${nickname}.` } }
    const full: PatientIdentifiers = { ...plantedIdentifiers(5), names: [...plantedIdentifiers(5).names, nickname] }
    const source = listSource([syntheticItem(0), leaky], (id) => (id === 5 ? full : plantedIdentifiers(id)))
    const err = await runExport(db, source, opts('leaky', threaded())).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AppError)
    expect((err as AppError).code).toBe('EXPORT_BLOCKED')
    expect((err as AppError).message).toMatch(/row e\d+-r\d+ in .* still holds a name/)
    expect((err as AppError).message).not.toContain(nickname)
    expect(leftovers('leaky')).toEqual([])
    expect(history()).toEqual([{ status: 'blocked', error: expect.stringContaining('name') }])
  }, 60_000)

  it('a cancel while the thread writes stops it, and nothing is left', async () => {
    const cancel = new AbortController()
    const err = await runExport(
      db,
      syntheticSource(3000, { patientOf: (i) => (i % 40) + 1 }),
      opts('cancelled', {
        ...threaded(),
        signal: cancel.signal,
        onProgress: (p) => {
          if (p.phase === 'writing' && p.done >= 500) cancel.abort()
        },
      }),
    ).catch((e: unknown) => e)
    expect((err as AppError).code).toBe('CANCELLED')
    expect(leftovers('cancelled')).toEqual([])
    expect(history()).toEqual([{ status: 'cancelled', error: expect.stringContaining('cancelled') }])
  }, 60_000)

  it('a heap too small for the work fails with what to do, and nothing is left', async () => {
    const err = await runExport(db, syntheticSource(400, { patientOf: (i) => (i % 40) + 1 }), opts('small', threaded(2))).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AppError)
    expect((err as AppError).message).toMatch(/ran out of memory \(its limit is 2 MB\).*Export fewer items at a time/)
    expect(leftovers('small')).toEqual([])
    expect(history()).toEqual([{ status: 'failed', error: expect.stringContaining('ran out of memory') }])
  }, 60_000)
})
