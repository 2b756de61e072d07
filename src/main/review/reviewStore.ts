// The reviews table (working copy, row version, reviewers, return and device-correction notes), the report's review
// status, and edits kept after a conflicting save: repository functions (db first).
import type { ReviewStatus } from '../../shared/domain/reviewLifecycle'
import type { ReviewDocument } from '../../shared/domain/reviewDocument'
import type { SessionUser } from '../../shared/domain/roles'
import type { Db } from '../store/db'
import { prepared } from '../store/prepared'

export interface ReviewRow {
  report_id: number
  row_version: number
  document: string | null
  base_interpretation_id: number | null
  base_version_id: number | null
  working_version_id: number | null
  assigned_reviewer_id: number | null
  assigned_reviewer_name: string | null
  last_reviewer_id: number | null
  last_reviewer_name: string | null
  returned_comment: string | null
  returned_by_id: number | null
  returned_by_name: string | null
  returned_at: string | null
  device_corrected_at: string | null
  device_corrected_observation_ids: string | null
  created_at: string
  updated_at: string
}

export function getReviewRow(db: Db, reportId: number): ReviewRow | undefined {
  return prepared(db, 'SELECT * FROM reviews WHERE report_id = ?').get(reportId) as ReviewRow | undefined
}

/** The report's review status; undefined when there is no such report. */
export function reviewStatusOf(db: Db, reportId: number): ReviewStatus | undefined {
  return (prepared(db, 'SELECT review_status FROM reports WHERE id = ?').get(reportId) as { review_status: ReviewStatus } | undefined)?.review_status
}

export function setReviewStatus(db: Db, reportId: number, status: ReviewStatus): void {
  prepared(db, 'UPDATE reports SET review_status = ? WHERE id = ?').run(status, reportId)
}

/** The fields of a review row an action writes; row_version is always raised by one. */
export interface ReviewUpdate {
  document?: ReviewDocument | null
  baseInterpretationId?: number | null
  baseVersionId?: number | null
  workingVersionId?: number | null
  reviewer?: SessionUser
  returned?: { comment: string; by: SessionUser; at: string } | null
  deviceCorrection?: { at: string; observationIds: number[] } | null
}

/** Creates the review row on first use (row version 1) or raises its row version; returns the new row version. */
export function writeReviewRow(db: Db, reportId: number, u: ReviewUpdate, now: string): number {
  const existing = getReviewRow(db, reportId)
  if (!existing) {
    prepared(db, 'INSERT INTO reviews (report_id, row_version, created_at, updated_at) VALUES (?, 0, ?, ?)').run(reportId, now, now)
  }
  const sets: string[] = ['row_version = row_version + 1', 'updated_at = @now']
  const params: Record<string, unknown> = { reportId, now }
  if (u.document !== undefined) {
    sets.push('document = @document')
    params.document = u.document === null ? null : JSON.stringify(u.document)
  }
  if (u.baseInterpretationId !== undefined) {
    sets.push('base_interpretation_id = @baseInterpretationId')
    params.baseInterpretationId = u.baseInterpretationId
  }
  if (u.baseVersionId !== undefined) {
    sets.push('base_version_id = @baseVersionId')
    params.baseVersionId = u.baseVersionId
  }
  if (u.workingVersionId !== undefined) {
    sets.push('working_version_id = @workingVersionId')
    params.workingVersionId = u.workingVersionId
  }
  if (u.reviewer) {
    sets.push('last_reviewer_id = @reviewerId', 'last_reviewer_name = @reviewerName')
    sets.push('assigned_reviewer_id = coalesce(assigned_reviewer_id, @reviewerId)', 'assigned_reviewer_name = coalesce(assigned_reviewer_name, @reviewerName)')
    params.reviewerId = u.reviewer.id
    params.reviewerName = u.reviewer.displayName
  }
  if (u.returned !== undefined) {
    sets.push('returned_comment = @returnedComment', 'returned_by_id = @returnedById', 'returned_by_name = @returnedByName', 'returned_at = @returnedAt')
    params.returnedComment = u.returned?.comment ?? null
    params.returnedById = u.returned?.by.id ?? null
    params.returnedByName = u.returned?.by.displayName ?? null
    params.returnedAt = u.returned?.at ?? null
  }
  if (u.deviceCorrection !== undefined) {
    sets.push('device_corrected_at = @correctedAt', 'device_corrected_observation_ids = @correctedIds')
    params.correctedAt = u.deviceCorrection?.at ?? null
    params.correctedIds = u.deviceCorrection ? JSON.stringify(u.deviceCorrection.observationIds) : null
  }
  prepared(db, `UPDATE reviews SET ${sets.join(', ')} WHERE report_id = @reportId`).run(params)
  return (existing?.row_version ?? 0) + 1
}

export interface KeptEdit {
  id: number
  savedAt: string
  baseVersion: number
  document: ReviewDocument
}

/** Keeps a document a stale save could not write, for its author to re-apply. */
export function keepEdits(db: Db, reportId: number, userId: number, document: ReviewDocument, now: string): number {
  const info = prepared(db, 'INSERT INTO review_kept_edits (report_id, user_id, base_version, document, saved_at) VALUES (?, ?, ?, ?, ?)').run(
    reportId,
    userId,
    document.baseVersion,
    JSON.stringify(document),
    now,
  )
  return Number(info.lastInsertRowid)
}

export function listKeptEdits(db: Db, reportId: number, userId: number): KeptEdit[] {
  return (
    prepared(db, 'SELECT id, saved_at, base_version, document FROM review_kept_edits WHERE report_id = ? AND user_id = ? ORDER BY id').all(reportId, userId) as {
      id: number
      saved_at: string
      base_version: number
      document: string
    }[]
  ).map((r) => ({ id: r.id, savedAt: r.saved_at, baseVersion: r.base_version, document: JSON.parse(r.document) as ReviewDocument }))
}

/** Removes the caller's own kept edits that they re-applied or dismissed; returns how many. */
export function resolveKeptEdits(db: Db, reportId: number, userId: number, ids: readonly number[]): number {
  let n = 0
  const del = prepared(db, 'DELETE FROM review_kept_edits WHERE id = ? AND report_id = ? AND user_id = ?')
  for (const id of ids) n += del.run(id, reportId, userId).changes
  return n
}
