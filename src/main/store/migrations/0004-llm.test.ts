// Migration 4: model registry, one configuration row, interpretations, and a queue that holds a report once.
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate } from '../db'
import { MIGRATIONS } from './index'

function dbAt(version: number) {
  const db = new Database(':memory:')
  db.pragma('foreign_keys = ON')
  migrate(db, MIGRATIONS.slice(0, version))
  return db
}

describe('migration 0004-llm', () => {
  it('creates one default configuration row and allows no second', () => {
    const db = dbAt(4)
    expect(db.prepare('SELECT base_model_id, adapters, parallelism, temperature FROM llm_config').all()).toEqual([
      { base_model_id: null, adapters: '[]', parallelism: 2, temperature: 0 },
    ])
    expect(() => db.prepare("INSERT INTO llm_config (id, adapters, parallelism, temperature, seed, max_tokens, timeout_s, updated_at) VALUES (2, '[]', 1, 0, 1, 1, 1, 'x')").run()).toThrow(/CHECK/)
  })

  it('keeps a report in the queue at most once while it waits or runs', () => {
    const db = dbAt(4)
    db.prepare("INSERT INTO patients (id, created_at, updated_at) VALUES (1, 'x', 'x')").run()
    db.prepare(
      `INSERT INTO reports (id, patient_id, kind, source_format, received_at, sort_at, status, parse_log, metrics, flag_count, observation_count)
       VALUES (1, 1, 'lab', 'hl7v2', 'x', 'x', 'final', '[]', '{}', 0, 0)`,
    ).run()
    const add = () => db.prepare("INSERT OR IGNORE INTO interpretation_jobs (report_id, state, enqueued_at) VALUES (1, 'queued', 'x')").run().changes
    expect(add()).toBe(1)
    expect(add()).toBe(0)
    db.prepare("UPDATE interpretation_jobs SET state = 'done'").run()
    expect(add()).toBe(1)
    expect(() => db.prepare("UPDATE interpretation_jobs SET state = 'sleeping'").run()).toThrow(/CHECK/)
  })

  it('adds the worklist column for the interpretation standing to existing reports', () => {
    const db = dbAt(3)
    migrate(db, MIGRATIONS.slice(0, 4))
    const cols = db.prepare("SELECT name FROM pragma_table_info('reports')").all().map((r) => (r as { name: string }).name)
    expect(cols).toContain('interpretation_standing')
  })
})
