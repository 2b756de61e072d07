// Batch import with parsing on the built worker thread (out/main/parseWorker.js), against the same import parsed
// in-thread: identical results, errors keep their location across the thread boundary, and a failing worker loses
// nothing. Real SQLite files, real fixtures.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ParseThread } from '../../src/main/ingest/parseThread'
import { importBatch, type ImportSource } from '../../src/main/ingest/pipeline'
import { silentLogger } from '../../src/main/log'
import { oru } from '../helpers/hl7'
import { makeServices, makeTempDir, type TestServices } from '../helpers/services'

const FIXTURES = resolve(__dirname, '..', 'fixtures')
const sources = (): ImportSource[] => {
  const out: ImportSource[] = []
  for (const dir of readdirSync(FIXTURES).sort()) {
    for (const name of readdirSync(join(FIXTURES, dir)).sort()) {
      out.push({ name: `${dir}/${name}`, origin: `file:${dir}/${name}`, bytes: new Uint8Array(readFileSync(join(FIXTURES, dir, name))) })
    }
  }
  // A file of several messages, so the worker returns units that share their bytes.
  out.push({ name: 'many.hl7', origin: 'file:many.hl7', bytes: new TextEncoder().encode(Array.from({ length: 5 }, (_, i) => oru({ controlId: `W${i}`, mrn: `P${i}` })).join('')) })
  return out
}
const stored = (t: TestServices) => ({
  reports: t.services.db.prepare('SELECT kind, source_format, status, observation_count, flag_count, source_key FROM reports ORDER BY id').all(),
  observations: t.services.db.prepare('SELECT code, value_num, value_text, unit, ucum_unit, normalised_value FROM observations ORDER BY id').all(),
  quarantine: t.services.db.prepare('SELECT origin, error, location, length(bytes) AS size FROM quarantine ORDER BY id').all(),
})

const open: TestServices[] = []
afterAll(() => open.forEach((t) => t.cleanup()))

describe('parse worker thread', () => {
  it('imports exactly what in-thread parsing imports, with located errors and every message of a file', async () => {
    const inThread = makeServices()
    const onWorker = makeServices({ parseWorker: true })
    open.push(inThread, onWorker)
    expect(inThread.services.parser.usesWorker).toBe(false)
    expect(onWorker.services.parser.usesWorker).toBe(true)

    const a = await importBatch(inThread.services, sources(), { actor: 'test' })
    const b = await importBatch(onWorker.services, sources(), { actor: 'test' })
    expect(b.imported).toBeGreaterThan(10)
    expect(b.quarantined).toBeGreaterThan(2)
    expect(b).toEqual(a)
    expect(stored(onWorker)).toEqual(stored(inThread))
    // The location survived the thread boundary.
    expect(b.results.find((r) => r.path === 'hl7/broken-obx-value.hl7' && r.outcome === 'quarantined')?.error).toMatch(/line \d+, segment OBX, field 5/)
    expect(onWorker.services.parser.usesWorker).toBe(true)
  })

  it('parses in-thread when the worker fails, losing nothing', async () => {
    const dir = makeTempDir()
    const broken = join(dir, 'broken-worker.js')
    writeFileSync(broken, "throw new Error('worker failed to start')\n")
    const parser = new ParseThread(broken, silentLogger)
    try {
      const units = await parser.parse(new TextEncoder().encode(oru({ controlId: 'X1', mrn: 'P1' })))
      expect(units).toHaveLength(1)
      expect(units[0]).toMatchObject({ ok: true, report: { sourceFormat: 'hl7v2' } })
      expect(parser.usesWorker).toBe(false)
    } finally {
      parser.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
