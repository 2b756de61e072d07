// Reads a report's review as the contract's ReviewState: base, working copy and version, diff, sign-off readiness.
import type { ReviewState, ReviewSummary } from '../../shared/contract/review'
import { applyReview } from '../../shared/domain/applyReview'
import { diffInterpretation } from '../../shared/domain/interpretationDiff'
import { transition } from '../../shared/domain/reviewLifecycle'
import { ReviewDocumentSchema } from '../../shared/domain/reviewDocument'
import type { SessionUser } from '../../shared/domain/roles'
import { AppError } from '../../shared/errors'
import type { Db } from '../store/db'
import { latestInterpretationId, resolveBase } from './reviewBase'
import { getReviewRow, listKeptEdits, reviewStatusOf, type ReviewRow } from './reviewStore'
import { versionIssues } from './signOffCheck'
import { getVersion, listCorrections, listVersions, signedVersionCount } from './versionStore'

function deviceCorrectionOf(row: ReviewRow | undefined): ReviewSummary['deviceCorrection'] {
  if (!row?.device_corrected_at) return null
  return { at: row.device_corrected_at, observationIds: JSON.parse(row.device_corrected_observation_ids ?? '[]') as number[] }
}

/** What reports.get shows of the review. */
export function reviewSummary(db: Db, reportId: number): ReviewSummary {
  return {
    status: reviewStatusOf(db, reportId) ?? 'new',
    deviceCorrection: deviceCorrectionOf(getReviewRow(db, reportId)),
    versions: listVersions(db, reportId),
  }
}

/** The review state; `user` selects whose kept edits are listed. `signOffCheck: false` skips the evidence check (autosave). */
export function reviewState(db: Db, reportId: number, user: SessionUser | null, opts: { signOffCheck?: boolean } = {}): ReviewState {
  const status = reviewStatusOf(db, reportId)
  if (status === undefined) throw new AppError('NOT_FOUND', `No report with id ${reportId}`)
  const row = getReviewRow(db, reportId)
  const base = resolveBase(db, reportId, row)
  const latestDraft = latestInterpretationId(db, reportId)
  const workingVersion = row?.working_version_id != null ? getVersion(db, row.working_version_id) : undefined

  let working: ReviewState['working'] = null
  let signOff: ReviewState['signOff'] = null
  if (workingVersion) {
    const applied = applyReview(base.content, workingVersion.document)
    const t = transition(status, 'sign', { signedVersions: signedVersionCount(db, reportId), workingVersion: true })
    working = {
      versionId: workingVersion.id,
      version: workingVersion.version,
      content: workingVersion.content,
      contentSha256: workingVersion.contentSha256,
      corrections: listCorrections(db, workingVersion.id),
      diff: diffInterpretation(base.content ?? applied.content, workingVersion.content, applied.origins),
      unfinished: applied.unfinished,
    }
    const blockers = [...(t.ok ? [] : [t.reason]), ...applied.unfinished.map((p) => `${p.path}: ${p.message}`)]
    signOff = {
      ready: blockers.length === 0,
      blockers,
      needsAcknowledgement: opts.signOffCheck === false ? null : versionIssues(db, reportId, workingVersion.content),
    }
  }
  const person = (id: number | null | undefined, name: string | null | undefined) => (id != null && name != null ? { id, name } : null)
  return {
    reportId,
    status,
    rowVersion: row?.row_version ?? 0,
    base,
    newerDraftId: base.kind === 'draft' && workingVersion && latestDraft !== null && latestDraft !== base.interpretationId ? latestDraft : null,
    // Parsed again: a stored document always passes, and the parse fills defaults the same way every time.
    document: row?.document ? ReviewDocumentSchema.parse(JSON.parse(row.document)) : null,
    working,
    signOff,
    assignedReviewer: person(row?.assigned_reviewer_id, row?.assigned_reviewer_name),
    lastReviewer: person(row?.last_reviewer_id, row?.last_reviewer_name),
    updatedAt: row?.updated_at ?? null,
    returned:
      row?.returned_comment != null && row.returned_by_id != null && row.returned_by_name != null && row.returned_at != null
        ? { comment: row.returned_comment, by: { id: row.returned_by_id, name: row.returned_by_name }, at: row.returned_at }
        : null,
    deviceCorrection: deviceCorrectionOf(row),
    versions: listVersions(db, reportId),
    keptEdits: user ? listKeptEdits(db, reportId, user.id) : [],
  }
}
