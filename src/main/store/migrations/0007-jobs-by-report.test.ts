// Migration 7: the queue's standing-failure count walks failed jobs by state and looks up each report's later jobs and
// drafts by index, never by walking the job table.
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { STANDING_FAILURE_COUNT_SQL } from '../../llm/queue'
import { migrate } from '../db'
import { MIGRATIONS } from './index'

function dbAt(version: number) {
  const db = new Database(':memory:')
  migrate(db, MIGRATIONS.slice(0, version))
  return db
}

const plan = (db: Database.Database) =>
  (db.prepare(`EXPLAIN QUERY PLAN ${STANDING_FAILURE_COUNT_SQL}`).all() as { detail: string }[]).map((r) => r.detail).join('\n')

describe('migration 0007-jobs-by-report', () => {
  it('adds the index, and the standing-failure count uses it', () => {
    // Before: every job after the failed one, whatever its report (a walk of the rowid range).
    expect(plan(dbAt(6))).toMatch(/SEARCH k USING INTEGER PRIMARY KEY \(rowid>\?\)/)
    const db = dbAt(7)
    const p = plan(db)
    expect(p).toMatch(/SEARCH j USING (COVERING )?INDEX interpretation_jobs_state/)
    expect(p).toMatch(/SEARCH k USING COVERING INDEX interpretation_jobs_report \(report_id=\? AND id>\?\)/)
    expect(p).toMatch(/SEARCH i USING INDEX interpretations_report/)
    expect(p).not.toMatch(/SCAN/)
  })
})
