// Handlers for review.* methods: role checks, then the review module; every action is audited there, in its transaction.
import type { reviewContract } from '../../shared/contract/review'
import { requireRole, requireUser } from '../auth/requireRole'
import { afterSign } from '../eval/monitor/afterSign'
import { reviewCounts } from '../review/counts'
import { amendReview, confirmSigned, returnReview, saveReview } from '../review/reviewActions'
import { reviewState } from '../review/reviewState'
import { verifySignerPassword } from '../review/signerPassword'
import { signReview } from '../review/signReview'
import type { HandlersFor } from './types'

// Technicians prepare a review (save, apply, return); only clinicians sign, amend and confirm.
export const reviewHandlers: HandlersFor<keyof typeof reviewContract> = {
  'review.get': ({ reportId }, s, ctx) => {
    const user = requireRole(ctx, 'technician', 'clinician')
    return reviewState(s.db, reportId, user)
  },
  'review.save': ({ reportId, document, resolvesKeptEdits, rebase }, s, ctx) => {
    const user = requireRole(ctx, 'technician', 'clinician')
    saveReview(s.db, user, { reportId, document, resolvesKeptEdits, rebase }, 'save')
    // Autosave answers without the evidence check of the working version (the sign dialog reads review.get).
    return reviewState(s.db, reportId, user, { signOffCheck: false })
  },
  'review.apply': ({ reportId, document }, s, ctx) => {
    const user = requireRole(ctx, 'technician', 'clinician')
    saveReview(s.db, user, { reportId, document }, 'apply')
    return reviewState(s.db, reportId, user)
  },
  'review.return': (input, s, ctx) => {
    const user = requireRole(ctx, 'technician', 'clinician')
    returnReview(s.db, user, input)
    return reviewState(s.db, input.reportId, user)
  },
  'review.sign': async ({ reportId, contentSha256, password, acknowledgement }, s, ctx) => {
    const user = requireRole(ctx, 'clinician')
    // The password check (a deliberately slow KDF) runs before the write transaction, never inside it.
    await verifySignerPassword(s, ctx, user, password)
    signReview(s.db, user, { reportId, contentSha256, acknowledgement })
    // Shadow comparisons and the canary's alert thresholds: after the signature is durable, never able to undo it.
    afterSign(s, reportId)
    return reviewState(s.db, reportId, user)
  },
  'review.amend': (input, s, ctx) => {
    const user = requireRole(ctx, 'clinician')
    amendReview(s.db, user, input)
    return reviewState(s.db, input.reportId, user)
  },
  'review.confirmSigned': (input, s, ctx) => {
    const user = requireRole(ctx, 'clinician')
    confirmSigned(s.db, user, input)
    return reviewState(s.db, input.reportId, user)
  },
  'review.counts': (_input, s, ctx) => reviewCounts(s.db, requireUser(ctx).id),
}
