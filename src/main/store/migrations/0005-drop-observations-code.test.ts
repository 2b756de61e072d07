// Migration 5: observations_code is gone, stored observations stay, and a correction's look-up of one report's
// observation by code goes through the report's own observations.
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

const indexNames = (db: Database.Database) =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'observations'").pluck().all() as string[]).sort()

describe('migration 0005-drop-observations-code', () => {
  it('drops the index and keeps the observations', () => {
    const db = dbAt(4)
    expect(indexNames(db)).toContain('observations_code')
    db.prepare("INSERT INTO patients (id, created_at, updated_at) VALUES (1, 'x', 'x')").run()
    db.prepare(
      `INSERT INTO reports (id, patient_id, kind, source_format, received_at, sort_at, status, parse_log, metrics, flag_count, observation_count)
       VALUES (1, 1, 'lab', 'hl7v2', 'x', 'x', 'final', '[]', '{}', 0, 1)`,
    ).run()
    db.prepare("INSERT INTO observations (report_id, seq, code_system, code, value_type, value_num, status) VALUES (1, 1, 'LOINC', '2823-3', 'numeric', 4.1, 'final')").run()
    migrate(db, MIGRATIONS.slice(0, 5))
    expect(indexNames(db)).toEqual(['observations_report'])
    expect(db.prepare('SELECT code, value_num FROM observations').all()).toEqual([{ code: '2823-3', value_num: 4.1 }])
  })

  it("finds a report's observation by code through the report index", () => {
    const db = dbAt(5)
    const plan = (
      db
        .prepare('EXPLAIN QUERY PLAN SELECT * FROM observations WHERE report_id = ? AND code_system = ? AND code = ? AND sub_id IS ? ORDER BY seq LIMIT 1')
        .all(1, 'LOINC', '2823-3', null) as { detail: string }[]
    )
      .map((r) => r.detail)
      .join('\n')
    expect(plan).toMatch(/USING INDEX observations_report/)
  })
})
