// Migration 0011: the export tables exist, are STRICT, constrain their values, and "since export N" looks up by index.
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate } from '../db'
import { MIGRATIONS } from './index'

const VERSION = MIGRATIONS.findIndex((m) => m.name === 'export') + 1

function db() {
  const d = new Database(':memory:')
  d.pragma('foreign_keys = ON')
  migrate(d, MIGRATIONS.slice(0, VERSION))
  d.prepare("INSERT INTO patients (id, created_at, updated_at) VALUES (1, 'x', 'x')").run()
  return d
}

describe('migration 0011-export', () => {
  it('creates four STRICT tables with their checks', () => {
    const d = db()
    for (const t of ['export_history', 'export_membership', 'export_patient_splits', 'export_pseudonyms']) {
      const sql = (d.prepare("SELECT sql FROM sqlite_master WHERE name = ?").get(t) as { sql: string }).sql
      expect(sql, t).toMatch(/STRICT/)
    }
    d.prepare("INSERT INTO export_history (id, started_at, status, actor, out_path, params) VALUES (1, 'now', 'running', 'ml', '/x', '{}')").run()
    expect(() => d.prepare("INSERT INTO export_history (started_at, status, actor, out_path, params) VALUES ('now', 'done', 'ml', '/x', '{}')").run()).toThrow(/CHECK/)
    expect(() => d.prepare("INSERT INTO export_patient_splits VALUES (1, 'holdout', 1, 'now')").run()).toThrow(/CHECK/)
    expect(() => d.prepare("INSERT INTO export_patient_splits VALUES (99, 'test', 1, 'now')").run()).toThrow(/FOREIGN KEY/)
    d.prepare("INSERT INTO export_patient_splits VALUES (1, 'test', 1, 'now')").run()
    d.prepare("INSERT INTO export_pseudonyms VALUES (1, 'P-ABC', 'now')").run()
    expect(() => d.prepare("INSERT INTO export_pseudonyms VALUES (1, 'P-DEF', 'now')").run()).toThrow(/UNIQUE|PRIMARY/)
  })

  it('"held by an earlier export" searches the membership by signed version', () => {
    const plan = (db()
      .prepare(
        `EXPLAIN QUERY PLAN SELECT 1 FROM export_membership m JOIN export_history h ON h.id = m.export_id
         WHERE m.signed_version_id = 5 AND m.export_id <= 3 AND h.status = 'completed' LIMIT 1`,
      )
      .all() as { detail: string }[]).map((r) => r.detail).join('\n')
    expect(plan).toMatch(/SEARCH m USING PRIMARY KEY \(signed_version_id=\? AND export_id<\?\)/)
    expect(plan).not.toMatch(/SCAN/)
  })
})
