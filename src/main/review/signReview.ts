// Signing: an explicit act of a clinician who re-entered their password. Freezes the working version, binds the
// signature to its content hash, and never happens on its own.
import { applyReview } from '../../shared/domain/applyReview'
import { transition } from '../../shared/domain/reviewLifecycle'
import type { SessionUser } from '../../shared/domain/roles'
import { SIGNATURE_MEANING, decideSignOff } from '../../shared/domain/signOff'
import { AppError } from '../../shared/errors'
import { appendAudit } from '../store/audit'
import type { Db } from '../store/db'
import { canonicalContent } from './contentHash'
import { resolveBase } from './reviewBase'
import { durably } from './reviewActions'
import { getReviewRow, reviewStatusOf, setReviewStatus, writeReviewRow } from './reviewStore'
import { versionIssues } from './signOffCheck'
import { getVersion, signedVersionCount, signVersion } from './versionStore'

export { SIGNATURE_MEANING }

export interface SignInput {
  reportId: number
  contentSha256: string
  acknowledgement?: string | undefined
}

/**
 * Signs the working version the signer saw (contentSha256). Call only after the password was verified. Refused with
 * CONFLICT when the version changed or the status does not allow it, INVALID_INPUT when the document is unfinished or
 * an acknowledgement is missing.
 */
export function signReview(db: Db, user: SessionUser, input: SignInput, now = new Date().toISOString()): void {
  durably(db, () => {
    const status = reviewStatusOf(db, input.reportId)
    if (status === undefined) throw new AppError('NOT_FOUND', `No report with id ${input.reportId}`)
    const row = getReviewRow(db, input.reportId)
    const signed = signedVersionCount(db, input.reportId)
    const t = transition(status, 'sign', { signedVersions: signed, workingVersion: row?.working_version_id != null })
    if (!t.ok) throw new AppError('CONFLICT', t.reason)
    const version = getVersion(db, row!.working_version_id!)!
    if (version.contentSha256 !== input.contentSha256) {
      throw new AppError('CONFLICT', `The version changed since you viewed it (it was saved${row?.last_reviewer_name ? ` by ${row.last_reviewer_name}` : ''} at ${row?.updated_at}): review it again before signing.`)
    }
    // The stored bytes must be exactly what the document yields from its base: what is signed is what was reviewed.
    const applied = applyReview(resolveBase(db, input.reportId, row).content, version.document)
    if (applied.unfinished.length > 0 || applied.errors.length > 0) {
      const problems = [...applied.errors, ...applied.unfinished].slice(0, 5).map((p) => `${p.path}: ${p.message}`)
      throw new AppError('INVALID_INPUT', `The review is not finished: ${problems.join('; ')}`)
    }
    const c = canonicalContent(applied.content)
    if (c.json !== version.contentJson) throw new AppError('CONFLICT', 'The working version does not match its review document; save the review again before signing.')
    const decision = decideSignOff(versionIssues(db, input.reportId, version.content), input.acknowledgement)
    if (!decision.ok) throw new AppError('INVALID_INPUT', decision.refusal!)
    const acknowledgement = decision.needsAcknowledgement.length > 0 ? input.acknowledgement!.trim() : null
    const signatureId = signVersion(db, {
      versionId: version.id,
      reportId: input.reportId,
      signer: user,
      now,
      meaning: SIGNATURE_MEANING,
      contentSha256: version.contentSha256,
      acknowledgement,
    })
    const rowVersion = writeReviewRow(
      db,
      input.reportId,
      { document: null, workingVersionId: null, baseVersionId: version.id, reviewer: user, returned: null, deviceCorrection: null },
      now,
    )
    setReviewStatus(db, input.reportId, t.status)
    appendAudit(db, {
      actor: user.username,
      action: 'review.sign',
      entityType: 'report',
      entityId: input.reportId,
      details: { versionId: version.id, version: version.version, signatureId, contentSha256: version.contentSha256, acknowledged: acknowledgement !== null, issueCodes: [...new Set(decision.needsAcknowledgement.map((i) => i.code))], rowVersion },
    })
  })
}
