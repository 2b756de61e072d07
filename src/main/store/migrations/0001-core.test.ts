// Migration 1: settings table and an audit log that refuses updates and deletes.
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { appendAudit, verifyAuditChain } from '../audit'
import { migrate } from '../db'
import { MIGRATIONS } from './index'

function dbAt(version: number) {
  const db = new Database(':memory:')
  migrate(db, MIGRATIONS.slice(0, version))
  return db
}

describe('migration 0001-core', () => {
  it('creates settings and audit_events as STRICT tables', () => {
    const db = dbAt(1)
    const t = db.prepare("SELECT name, strict FROM pragma_table_list WHERE name IN ('settings','audit_events') ORDER BY name").all()
    expect(t).toEqual([
      { name: 'audit_events', strict: 1 },
      { name: 'settings', strict: 1 },
    ])
    expect(() => db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('a', X'00', 'x')").run()).toThrow(/cannot store BLOB/)
  })

  it('makes the audit log append-only and hash-chained', () => {
    const db = dbAt(1)
    appendAudit(db, { actor: 'a', action: 'one' })
    appendAudit(db, { actor: 'a', action: 'two', entityType: 'report', entityId: 7, details: { n: 1 } })
    expect(verifyAuditChain(db)).toMatchObject({ ok: true, checked: 2, firstBadId: null })
    expect(() => db.prepare("UPDATE audit_events SET action = 'x'").run()).toThrow('append-only')
    expect(() => db.prepare('DELETE FROM audit_events').run()).toThrow('append-only')
  })

  it('detects a tampered row when the triggers are bypassed', () => {
    const db = dbAt(1)
    appendAudit(db, { actor: 'a', action: 'one' })
    appendAudit(db, { actor: 'a', action: 'two' })
    db.exec('DROP TRIGGER audit_events_no_update')
    db.prepare("UPDATE audit_events SET actor = 'mallory' WHERE id = 2").run()
    expect(verifyAuditChain(db)).toMatchObject({ ok: false, checked: 1, firstBadId: 2, reason: 'altered_row' })
  })
})
