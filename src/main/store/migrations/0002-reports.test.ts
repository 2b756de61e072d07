// Migration 2: report tables are STRICT, enforce their constraints, and the search index works.
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

describe('migration 0002-reports', () => {
  it('upgrades a version-1 database that already holds data', () => {
    const db = dbAt(1)
    db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('k', '1', 'now')").run()
    migrate(db, MIGRATIONS.slice(0, 2))
    expect(db.pragma('user_version', { simple: true })).toBe(2)
    expect(db.prepare('SELECT value FROM settings').get()).toEqual({ value: '1' })
  })

  it('creates STRICT tables with the expected columns', () => {
    const db = dbAt(2)
    const strict = db
      .prepare("SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND strict = 1 ORDER BY name")
      .all()
      .map((r) => (r as { name: string }).name)
    for (const t of ['patients', 'patient_identifiers', 'reports', 'report_sources', 'observations', 'observation_history', 'statements', 'attachments', 'quarantine'])
      expect(strict).toContain(t)
    const cols = db.prepare("SELECT name FROM pragma_table_info('observations')").all().map((r) => (r as { name: string }).name)
    expect(cols).toEqual(expect.arrayContaining(['code_system', 'code', 'value_num', 'unit', 'ucum_unit', 'ref_low', 'ref_high', 'device_flag', 'status', 'sub_id']))
  })

  it('enforces kinds, statuses, foreign keys and unique sources', () => {
    const db = dbAt(2)
    db.prepare("INSERT INTO patients (id, created_at, updated_at) VALUES (1, 'x', 'x')").run()
    const report = (kind: string, status: string, patient = 1) =>
      db
        .prepare(
          `INSERT INTO reports (patient_id, kind, source_format, received_at, sort_at, status, parse_log, metrics, flag_count, observation_count)
           VALUES (?, ?, 'hl7v2', 'x', 'x', ?, '[]', '{}', 0, 0)`,
        )
        .run(patient, kind, status)
    expect(() => report('ecg', 'final')).not.toThrow()
    expect(() => report('xray', 'final')).toThrow(/CHECK/)
    expect(() => report('ecg', 'maybe')).toThrow(/CHECK/)
    expect(() => report('ecg', 'final', 99)).toThrow(/FOREIGN KEY/)
    const source = (sha: string, part: number) =>
      db
        .prepare("INSERT INTO report_sources (report_id, sha256, part, bytes, size, origin, received_at, role) VALUES (1, ?, ?, X'00', 1, 'f', 'x', 'original')")
        .run(sha, part)
    source('abc', 0)
    expect(() => source('abc', 1)).not.toThrow()
    expect(() => source('abc', 0)).toThrow(/UNIQUE/)
  })

  it('has a working full-text index', () => {
    const db = dbAt(2)
    db.prepare("INSERT INTO report_fts (rowid, patient, codes, body) VALUES (7, 'Müller Anna', 'LOINC 2823-3 Potassium', 'Sinus rhythm')").run()
    const hit = (q: string) => db.prepare('SELECT rowid FROM report_fts WHERE report_fts MATCH ?').all(q)
    expect(hit('"muller"*')).toEqual([{ rowid: 7 }])
    expect(hit('"potass"*')).toEqual([{ rowid: 7 }])
    expect(hit('"sinus" "rhythm"')).toEqual([{ rowid: 7 }])
    expect(hit('"absent"')).toEqual([])
  })

  it('serves the worklist query from an index', () => {
    const db = dbAt(2)
    const plan = db
      .prepare("EXPLAIN QUERY PLAN SELECT id FROM reports WHERE kind = 'ecg' ORDER BY sort_at DESC, id DESC LIMIT 200")
      .all()
      .map((r) => (r as { detail: string }).detail)
      .join('\n')
    expect(plan).toContain('reports_kind_sort')
    expect(plan).not.toContain('TEMP B-TREE')
  })
})
