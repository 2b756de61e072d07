// Review actions: save (autosave) and apply a review document, return, amend, confirm after a device correction.
// Each runs in one IMMEDIATE transaction with its audit row, committed durably before it is acknowledged.
import { applyReview, type AppliedReview, type CorrectionRecord } from '../../shared/domain/applyReview'
import { transition, type ReviewEvent, type ReviewStatus } from '../../shared/domain/reviewLifecycle'
import type { ReviewDocument } from '../../shared/domain/reviewDocument'
import type { SessionUser } from '../../shared/domain/roles'
import { AppError } from '../../shared/errors'
import { appendAudit } from '../store/audit'
import { withDurableCommit, type Db } from '../store/db'
import { prepared } from '../store/prepared'
import { resolveBase } from './reviewBase'
import { getReviewRow, keepEdits, resolveKeptEdits, reviewStatusOf, setReviewStatus, writeReviewRow, type ReviewRow } from './reviewStore'
import { insertVersion, latestSignedVersion, replaceCorrections, signedVersionCount, updateWorkingVersion } from './versionStore'

/** One IMMEDIATE transaction, synced to disk before it returns (FULL), whatever mode an import left the connection in. */
export function durably<T>(db: Db, fn: () => T): T {
  return withDurableCommit(db, () => db.transaction(fn).immediate())
}

interface Loaded {
  status: ReviewStatus
  row: ReviewRow | undefined
  signed: number
}

function load(db: Db, reportId: number): Loaded {
  const status = reviewStatusOf(db, reportId)
  if (status === undefined) throw new AppError('NOT_FOUND', `No report with id ${reportId}`)
  return { status, row: getReviewRow(db, reportId), signed: signedVersionCount(db, reportId) }
}

function next(l: Loaded, event: ReviewEvent): ReviewStatus {
  const t = transition(l.status, event, { signedVersions: l.signed, workingVersion: l.row?.working_version_id != null })
  if (!t.ok) throw new AppError('CONFLICT', t.reason)
  return t.status
}

function staleMessage(reportId: number, base: number, row: ReviewRow | undefined): string {
  const by = row?.last_reviewer_name ? ` by ${row.last_reviewer_name}` : ''
  return `Report ${reportId}'s review was saved${by} at ${row?.updated_at ?? 'an earlier time'} after the copy you edited (your edits are on version ${base}, the review is at ${row?.row_version ?? 0}).`
}

/** Counts and codes for the audit row: ids, kinds and reason codes only, never text. */
function auditDetails(c: readonly CorrectionRecord[]): { actions: Record<string, number>; reasonCodes: string[] } {
  const actions: Record<string, number> = {}
  const codes = new Set<string>()
  for (const x of c) {
    const key = `${x.target}.${x.action}`
    actions[key] = (actions[key] ?? 0) + 1
    if (x.reason) codes.add(x.reason)
  }
  return { actions, reasonCodes: [...codes].sort() }
}

const describe = (problems: AppliedReview['errors']) =>
  problems
    .slice(0, 5)
    .map((p) => `${p.path}: ${p.message}`)
    .join('; ')

export interface SaveInput {
  reportId: number
  document: ReviewDocument
  resolvesKeptEdits?: number[] | undefined
  /** Decide against the newest draft instead of the one the review started from. */
  rebase?: boolean | undefined
}

type SaveOutcome = { ok: true } | { ok: false; message: string }

/**
 * Writes the working copy and the working version it yields. 'apply' also demands a finished document. A stale
 * baseVersion writes nothing but the caller's document, kept for them, and fails with CONFLICT.
 */
export function saveReview(db: Db, user: SessionUser, input: SaveInput, mode: 'save' | 'apply', now = new Date().toISOString()): void {
  const outcome = durably(db, (): SaveOutcome => {
    const l = load(db, input.reportId)
    const current = l.row?.row_version ?? 0
    const doc = input.document
    if (doc.baseVersion !== current) {
      const kept = keepEdits(db, input.reportId, user.id, doc, now)
      appendAudit(db, { actor: user.username, action: 'review.conflict', entityType: 'report', entityId: input.reportId, details: { baseVersion: doc.baseVersion, rowVersion: current, keptEditId: kept } })
      return { ok: false, message: `${staleMessage(input.reportId, doc.baseVersion, l.row)} Nothing was overwritten: your edits are kept (kept edit ${kept}); reload the review and re-apply them.` }
    }
    const status = next(l, 'save')
    const base = resolveBase(db, input.reportId, l.row, input.rebase === true)
    const applied = applyReview(base.content, doc)
    if (applied.errors.length > 0) throw new AppError('INVALID_INPUT', `The review document does not fit the draft: ${describe(applied.errors)}`)
    if (mode === 'apply' && applied.unfinished.length > 0) throw new AppError('INVALID_INPUT', `The review document is not finished: ${describe(applied.unfinished)}`)
    const stored: ReviewDocument = { ...doc, baseVersion: current + 1 }
    let versionId = l.row?.working_version_id ?? null
    if (versionId !== null) {
      updateWorkingVersion(db, versionId, stored, applied.content, now)
      if (input.rebase === true && base.kind === 'draft') prepared(db, "UPDATE interpretation_versions SET base_interpretation_id = ? WHERE id = ? AND state = 'working'").run(base.interpretationId, versionId)
    } else {
      versionId = insertVersion(db, { reportId: input.reportId, previousVersionId: null, baseInterpretationId: base.interpretationId, document: stored, content: applied.content, author: user, now, amendmentReason: null })
    }
    replaceCorrections(db, versionId, input.reportId, applied.corrections)
    const createsOrRebases = l.row?.working_version_id == null || input.rebase === true
    writeReviewRow(db, input.reportId, { document: stored, workingVersionId: versionId, reviewer: user, ...(createsOrRebases && base.kind !== 'version' ? { baseInterpretationId: base.interpretationId } : {}) }, now)
    setReviewStatus(db, input.reportId, status)
    if (input.resolvesKeptEdits?.length) resolveKeptEdits(db, input.reportId, user.id, input.resolvesKeptEdits)
    appendAudit(db, {
      actor: user.username,
      action: mode === 'apply' ? 'review.apply' : 'review.save',
      entityType: 'report',
      entityId: input.reportId,
      details: { rowVersion: current + 1, versionId, status, unfinished: applied.unfinished.length, ...auditDetails(applied.corrections) },
    })
    return { ok: true }
  })
  if (!outcome.ok) throw new AppError('CONFLICT', outcome.message)
}

/** Sends the report back with a comment; the working copy stays as it was. */
export function returnReview(db: Db, user: SessionUser, input: { reportId: number; baseVersion: number; comment: string }, now = new Date().toISOString()): void {
  durably(db, () => {
    const l = load(db, input.reportId)
    if (input.baseVersion !== (l.row?.row_version ?? 0)) throw new AppError('CONFLICT', `${staleMessage(input.reportId, input.baseVersion, l.row)} Reload it before returning the report.`)
    const status = next(l, 'return')
    const rowVersion = writeReviewRow(db, input.reportId, { reviewer: user, returned: { comment: input.comment, by: user, at: now } }, now)
    setReviewStatus(db, input.reportId, status)
    appendAudit(db, { actor: user.username, action: 'review.return', entityType: 'report', entityId: input.reportId, details: { rowVersion } })
  })
}

/** Opens version n+1 of a signed report, referencing n, starting from n's content; n stays exactly as signed. */
export function amendReview(db: Db, user: SessionUser, input: { reportId: number; reason: string }, now = new Date().toISOString()): void {
  durably(db, () => {
    const l = load(db, input.reportId)
    const status = next(l, 'amend')
    const signed = latestSignedVersion(db, input.reportId)
    if (!signed) throw new AppError('CONFLICT', 'The report has no signed version to amend.')
    const rowVersion = (l.row?.row_version ?? 0) + 1
    const document: ReviewDocument = { baseVersion: rowVersion, findings: [] }
    const content = applyReview(signed.content, document).content
    const versionId = insertVersion(db, { reportId: input.reportId, previousVersionId: signed.id, baseInterpretationId: null, document, content, author: user, now, amendmentReason: input.reason })
    replaceCorrections(db, versionId, input.reportId, [])
    writeReviewRow(db, input.reportId, { document, workingVersionId: versionId, baseVersionId: signed.id, reviewer: user }, now)
    setReviewStatus(db, input.reportId, status)
    appendAudit(db, { actor: user.username, action: 'review.amend', entityType: 'report', entityId: input.reportId, details: { versionId, previousVersionId: signed.id, rowVersion } })
  })
}

/** After a device correction following sign-off: the signed version stands; the clinician's comment is kept. */
export function confirmSigned(db: Db, user: SessionUser, input: { reportId: number; comment: string }, now = new Date().toISOString()): void {
  durably(db, () => {
    const l = load(db, input.reportId)
    const status = next(l, 'confirm_signed')
    const signed = latestSignedVersion(db, input.reportId)!
    const ids = l.row?.device_corrected_observation_ids ?? '[]'
    prepared(db, 'INSERT INTO device_correction_confirmations (report_id, version_id, observation_ids, comment, user_id, user_name, at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      input.reportId,
      signed.id,
      ids,
      input.comment,
      user.id,
      user.displayName,
      now,
    )
    const rowVersion = writeReviewRow(db, input.reportId, { deviceCorrection: null, reviewer: user }, now)
    setReviewStatus(db, input.reportId, status)
    appendAudit(db, { actor: user.username, action: 'review.confirmSigned', entityType: 'report', entityId: input.reportId, details: { versionId: signed.id, observationIds: JSON.parse(ids) as number[], rowVersion } })
  })
}
