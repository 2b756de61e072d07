// Migration 3: findings and rule sets; one active rule set; triage index serves the worklist's critical-first order.
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

describe('migration 0003-findings', () => {
  it('adds max_severity to existing reports without touching them', () => {
    const db = dbAt(2)
    db.prepare("INSERT INTO patients (id, created_at, updated_at) VALUES (1, 'x', 'x')").run()
    db.prepare(
      `INSERT INTO reports (patient_id, kind, source_format, received_at, sort_at, status, parse_log, metrics, flag_count, observation_count)
       VALUES (1, 'lab', 'hl7v2', 'x', 'x', 'final', '[]', '{}', 0, 0)`,
    ).run()
    migrate(db, MIGRATIONS.slice(0, 3))
    expect(db.prepare('SELECT kind, max_severity FROM reports').get()).toEqual({ kind: 'lab', max_severity: null })
  })

  it('allows only one active rule set and valid severities', () => {
    const db = dbAt(3)
    const add = (version: string, active: number) =>
      db.prepare("INSERT INTO rule_sets (version, name, text, is_default, activated_at, active) VALUES (?, 'n', 't', 0, 'x', ?)").run(version, active)
    add('a', 1)
    add('b', 0)
    expect(() => add('c', 1)).toThrow(/UNIQUE/)
    expect(() =>
      db
        .prepare(
          `INSERT INTO findings (report_id, seq, rule_id, rule_set_version, severity, title, message, source, observation_ids, "values", evaluated_at)
           VALUES (1, 1, 'r', 'v', 'urgent', 't', 'm', 's', '[]', '{}', 'x')`,
        )
        .run(),
    ).toThrow(/CHECK|FOREIGN KEY/)
  })

  it('orders the worklist critical first from an index', () => {
    const db = dbAt(3)
    const plan = db
      .prepare('EXPLAIN QUERY PLAN SELECT id FROM reports ORDER BY max_severity DESC, sort_at DESC, id DESC LIMIT 200')
      .all()
      .map((r) => (r as { detail: string }).detail)
      .join('\n')
    expect(plan).toContain('reports_triage')
    expect(plan).not.toContain('TEMP B-TREE')
  })
})
