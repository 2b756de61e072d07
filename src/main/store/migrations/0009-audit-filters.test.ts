// Migration 0009: the audit list's filters by user and by action read their index, newest first, without a sort.
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { auditListQuery, type AuditQuery } from '../audit'
import { migrate } from '../db'
import { MIGRATIONS } from './index'

const VERSION = MIGRATIONS.findIndex((m) => m.name === 'audit-filters') + 1

function dbAt(version: number) {
  const db = new Database(':memory:')
  migrate(db, MIGRATIONS.slice(0, version))
  return db
}

function plan(db: Database.Database, q: AuditQuery): string {
  const { sql, params } = auditListQuery(q)
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map((r) => r.detail).join('\n')
}

describe('migration 0009-audit-filters', () => {
  it('adds the indexes, and the user and action filters use them', () => {
    expect(plan(dbAt(VERSION - 1), { limit: 50, actor: 'u1' })).toMatch(/SCAN audit_events/)
    const db = dbAt(VERSION)
    const byUser = plan(db, { limit: 50, actor: 'u1' })
    expect(byUser).toMatch(/SEARCH audit_events USING INDEX audit_events_actor \(actor=\?\)/)
    expect(byUser).not.toMatch(/TEMP B-TREE/)
    const byAction = plan(db, { limit: 50, action: 'report.viewed', beforeId: 900 })
    expect(byAction).toMatch(/SEARCH audit_events USING INDEX audit_events_action \(action=\? AND id<\?\)/)
    expect(byAction).not.toMatch(/TEMP B-TREE/)
    expect(plan(db, { limit: 50, reportId: 7 })).toMatch(/SEARCH audit_events USING INDEX audit_events_entity \(entity_type=\? AND entity_id=\?\)/)
  })
})
