// Migration 0010 (review): review status backfilled from drafts, signed versions, signatures and their corrections frozen
// by triggers, signatures bound to their version's hash, and the worklist's review queries planned on indexes.
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { REVIEW_STATUSES, transition } from '../../../shared/domain/reviewLifecycle'
import { MINE_IN_PROGRESS_SQL, STATUS_COUNTS_SQL } from '../../review/counts'
import { migrate } from '../db'
import { MIGRATIONS } from './index'

const REVIEW = MIGRATIONS.findIndex((m) => m.name === 'review') + 1

function dbBefore() {
  const db = new Database(':memory:')
  db.pragma('foreign_keys = ON')
  migrate(db, MIGRATIONS.slice(0, REVIEW - 1))
  db.prepare("INSERT INTO patients (id, created_at, updated_at) VALUES (1, 'x', 'x')").run()
  const report = db.prepare(
    `INSERT INTO reports (id, patient_id, kind, source_format, received_at, sort_at, status, parse_log, metrics, flag_count, observation_count)
     VALUES (?, 1, 'lab', 'hl7v2', 'x', 'x', 'final', '[]', '{}', 0, 0)`,
  )
  for (const id of [1, 2, 3]) report.run(id)
  return db
}

const draft = (db: Database.Database, reportId: number) =>
  db.prepare("INSERT INTO interpretations (report_id, created_at, draft, raw_output, prompt, provenance, evidence_check, standing) VALUES (?, 'x', '{}', '', '', '{}', '{}', 'verified')").run(reportId)

function version(db: Database.Database, id: number, reportId: number, v = 1, previous: number | null = null) {
  db.prepare(
    `INSERT INTO interpretation_versions (id, report_id, version, previous_version_id, document, content, content_sha256, author_id, author_name, created_at, updated_at, state, amendment_reason)
     VALUES (?, ?, ?, ?, '{}', '{"a":1}', 'h1', 1, 'Dr A', 'x', 'x', 'working', ?)`,
  ).run(id, reportId, v, previous, previous === null ? null : 'reason')
}

const correction = (db: Database.Database, versionId: number, seq: number) =>
  db.prepare(
    `INSERT INTO corrections (version_id, report_id, seq, target, action, reason_code, reason_list_version, changed_fields, before, after)
     VALUES (?, 1, ?, 'finding', 'reject', 'wrong_unit', 1, '[]', 'null', 'null')`,
  ).run(versionId, seq)

describe('migration 0010-review', () => {
  it('backfills drafted for reports with a draft, and a later draft moves new and returned reports to drafted', () => {
    const db = dbBefore()
    draft(db, 1)
    migrate(db, MIGRATIONS.slice(0, REVIEW))
    const statuses = () => db.prepare('SELECT review_status FROM reports ORDER BY id').pluck().all()
    expect(statuses()).toEqual(['drafted', 'new', 'new'])
    db.prepare("UPDATE reports SET review_status = 'returned' WHERE id = 3").run()
    db.prepare("UPDATE reports SET review_status = 'in_review' WHERE id = 1").run()
    for (const id of [1, 2, 3]) draft(db, id)
    expect(statuses()).toEqual(['in_review', 'drafted', 'drafted'])
    expect(() => db.prepare("UPDATE reports SET review_status = 'approved' WHERE id = 1").run()).toThrow(/CHECK/)
  })

  it('keeps the counts per status as reports are added and change status', () => {
    const db = dbBefore()
    draft(db, 1)
    migrate(db, MIGRATIONS.slice(0, REVIEW))
    const counts = () => Object.fromEntries((db.prepare(STATUS_COUNTS_SQL).all() as { status: string; n: number }[]).filter((r) => r.n !== 0).map((r) => [r.status, r.n]))
    expect(counts()).toEqual({ new: 2, drafted: 1 })
    db.prepare(
      `INSERT INTO reports (id, patient_id, kind, source_format, received_at, sort_at, status, parse_log, metrics, flag_count, observation_count)
       VALUES (4, 1, 'lab', 'hl7v2', 'x', 'x', 'final', '[]', '{}', 0, 0)`,
    ).run()
    draft(db, 2)
    db.prepare("UPDATE reports SET review_status = 'signed' WHERE id = 1").run()
    db.prepare("UPDATE reports SET review_status = 'signed' WHERE id = 1").run()
    db.prepare("UPDATE reports SET kind = 'ecg' WHERE id = 3").run()
    expect(counts()).toEqual({ new: 2, drafted: 1, signed: 1 })
    expect(counts()).toEqual(Object.fromEntries((db.prepare('SELECT review_status AS s, count(*) AS n FROM reports GROUP BY s').all() as { s: string; n: number }[]).map((r) => [r.s, r.n])))
  })

  it('the drafted trigger agrees with the lifecycle\'s draft_generated transition for every status', () => {
    const db = dbBefore()
    migrate(db, MIGRATIONS.slice(0, REVIEW))
    for (const status of REVIEW_STATUSES) {
      db.prepare('UPDATE reports SET review_status = ? WHERE id = 2').run(status)
      draft(db, 2)
      const expected = transition(status, 'draft_generated', { signedVersions: 0, workingVersion: false })
      expect(expected.ok && expected.status, status).toBe(db.prepare('SELECT review_status FROM reports WHERE id = 2').pluck().get())
    }
  })

  it('freezes a signed version, its corrections and its signature; a signature must carry its version\'s hash', () => {
    const db = dbBefore()
    migrate(db, MIGRATIONS.slice(0, REVIEW))
    version(db, 10, 1)
    correction(db, 10, 0)
    // Working: editable, corrections replaceable.
    db.prepare("UPDATE interpretation_versions SET content = '{\"a\":2}', content_sha256 = 'h2' WHERE id = 10").run()
    db.prepare('DELETE FROM corrections WHERE version_id = 10').run()
    correction(db, 10, 0)
    const sign = db.prepare(
      "INSERT INTO signatures (version_id, report_id, signer_id, signer_username, signer_name, signed_at, meaning, content_sha256) VALUES (10, 1, 1, 'a', 'Dr A', 'x', 'reviewed and approved', ?)",
    )
    // Not signed yet: no signature can name it.
    expect(() => sign.run('h2')).toThrow(/signed version/)
    db.prepare("UPDATE interpretation_versions SET state = 'signed' WHERE id = 10").run()
    expect(() => sign.run('h1')).toThrow(/content hash/)
    sign.run('h2')
    expect(() => db.prepare("UPDATE interpretation_versions SET content = '{}' WHERE id = 10").run()).toThrow(/immutable/)
    expect(() => db.prepare("UPDATE interpretation_versions SET state = 'working' WHERE id = 10").run()).toThrow(/immutable/)
    expect(() => db.prepare('DELETE FROM interpretation_versions WHERE id = 10').run()).toThrow(/immutable/)
    expect(() => db.prepare("UPDATE signatures SET signer_name = 'x'").run()).toThrow(/immutable/)
    expect(() => db.prepare('DELETE FROM signatures').run()).toThrow(/immutable/)
    expect(() => db.prepare("UPDATE corrections SET comment = 'x'").run()).toThrow(/immutable/)
    expect(() => db.prepare('DELETE FROM corrections').run()).toThrow(/immutable/)
    expect(() => correction(db, 10, 1)).toThrow(/immutable/)
    expect(db.prepare('SELECT content FROM interpretation_versions WHERE id = 10').pluck().get()).toBe('{"a":2}')
  })

  it('numbers versions per report, one working at a time; n+1 names n and a reason; an accept has no reason and every other action one', () => {
    const db = dbBefore()
    migrate(db, MIGRATIONS.slice(0, REVIEW))
    version(db, 10, 1)
    expect(() => version(db, 11, 1, 2, 10)).toThrow(/UNIQUE/)
    db.prepare("UPDATE interpretation_versions SET state = 'signed' WHERE id = 10").run()
    expect(() => version(db, 11, 1, 1)).toThrow(/UNIQUE/)
    expect(() => version(db, 11, 1, 2)).toThrow(/CHECK/)
    version(db, 11, 1, 2, 10)
    expect(() =>
      db.prepare("INSERT INTO interpretation_versions (report_id, version, document, content, content_sha256, author_id, author_name, created_at, updated_at, state) VALUES (2, 1, '{}', '{}', 'h', 1, 'a', 'x', 'x', 'signed')").run(),
    ).toThrow(/created working/)
    const insert = db.prepare(
      "INSERT INTO corrections (version_id, report_id, seq, target, action, reason_code, reason_list_version, changed_fields, before, after) VALUES (11, 1, ?, 'finding', ?, ?, 1, '[]', 'null', 'null')",
    )
    expect(() => insert.run(0, 'accept', 'other')).toThrow(/CHECK/)
    expect(() => insert.run(0, 'edit', null)).toThrow(/CHECK/)
    insert.run(0, 'accept', null)
    insert.run(1, 'edit', 'wrong_unit')
  })

  it('plans the worklist review filters, counts and corrections by reason code on indexes', () => {
    const db = dbBefore()
    migrate(db, MIGRATIONS.slice(0, REVIEW))
    const plan = (sql: string, params: Record<string, unknown> = {}) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map((r) => r.detail).join('\n')
    expect(plan(STATUS_COUNTS_SQL)).toMatch(/SCAN review_status_counts/)
    const mine = plan(MINE_IN_PROGRESS_SQL, { user: 1 })
    expect(mine).toMatch(/SEARCH r USING COVERING INDEX reports_review_status \(review_status=\?\)/)
    // One look-up per report in review, never a walk of the reviews.
    expect(mine).toMatch(/SEARCH v (EXISTS )?USING (COVERING INDEX reviews_last_reviewer \(last_reviewer_id=\? AND report_id=\?|INTEGER PRIMARY KEY)/)
    expect(plan("SELECT id FROM reports r WHERE r.review_status = 'in_review' ORDER BY r.max_severity DESC, r.sort_at DESC, r.id DESC LIMIT 100")).toMatch(
      /SEARCH r USING COVERING INDEX reports_review_status \(review_status=\?\)/,
    )
    const triage = plan("SELECT id FROM reports r ORDER BY (r.review_status IN ('signed', 'amended')), r.max_severity DESC, r.sort_at DESC, r.id DESC LIMIT 100")
    expect(triage).toMatch(/reports_review_triage/)
    expect(triage).not.toMatch(/TEMP B-TREE/)
    const kindTriage = plan("SELECT id FROM reports r WHERE r.kind IN ('ecg') ORDER BY (r.review_status IN ('signed', 'amended')), r.max_severity DESC, r.sort_at DESC, r.id DESC LIMIT 100")
    expect(kindTriage).toMatch(/SEARCH r USING (COVERING )?INDEX reports_kind_review_triage \(kind=\?\)/)
    expect(kindTriage).not.toMatch(/TEMP B-TREE/)
    expect(plan("SELECT * FROM corrections WHERE reason_code = 'wrong_unit'")).toMatch(/SEARCH corrections USING INDEX corrections_reason \(reason_code=\?\)/)
  })
})
