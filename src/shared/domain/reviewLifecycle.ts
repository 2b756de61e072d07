// The report's review lifecycle as one pure transition function: which status an event leads to, or why it may not happen.

/**
 * new: no draft yet · drafted: a model draft waits for review · in_review: a working copy is being prepared or reviewed
 * (also an amendment of a signed version) · returned: sent back with a comment (re-import or re-draft) · signed: version 1
 * is signed · amended: a later version is signed · device_corrected: the device corrected a value after sign-off, and a
 * clinician must confirm the signed version still stands or amend it.
 */
export const REVIEW_STATUSES = ['new', 'drafted', 'in_review', 'returned', 'signed', 'amended', 'device_corrected'] as const
export type ReviewStatus = (typeof REVIEW_STATUSES)[number]

/** Statuses whose latest version is signed and needs nothing more: the worklist sorts them after every other. */
export const DONE_STATUSES: readonly ReviewStatus[] = ['signed', 'amended']

export const REVIEW_STATUS_LABELS: Readonly<Record<ReviewStatus, string>> = {
  new: 'New',
  drafted: 'Drafted',
  in_review: 'In review',
  returned: 'Returned',
  signed: 'Signed',
  amended: 'Amended',
  device_corrected: 'Device corrected after sign-off',
}

/**
 * draft_generated: the model wrote a draft · save: a working copy was saved or a review document applied · return: sent
 * back with a comment · sign: the working version was signed · amend: a signed report is opened for a new version ·
 * device_corrected: an import superseded a value · confirm_signed: after a device correction, the signed version stands.
 */
export const REVIEW_EVENTS = ['draft_generated', 'save', 'return', 'sign', 'amend', 'device_corrected', 'confirm_signed'] as const
export type ReviewEvent = (typeof REVIEW_EVENTS)[number]

/** What the decision needs to know besides the status. */
export interface LifecycleFacts {
  /** Signed versions the report has (before this event). */
  signedVersions: number
  /** A working version exists (a review in progress, or an amendment opened). */
  workingVersion: boolean
}

export type Transition = { ok: true; status: ReviewStatus } | { ok: false; reason: string }

const ok = (status: ReviewStatus): Transition => ({ ok: true, status })
const no = (reason: string): Transition => ({ ok: false, reason })

/** The status after `event`, or why the event is not allowed in `status`. */
export function transition(status: ReviewStatus, event: ReviewEvent, facts: LifecycleFacts): Transition {
  switch (event) {
    case 'draft_generated':
      // A new draft matters only to a report that had none or was sent back for one; a review in progress keeps its base.
      return ok(status === 'new' || status === 'returned' ? 'drafted' : status)
    case 'save':
      if (status === 'signed' || status === 'amended') return no('The report is signed; amend it to change the interpretation (a new version).')
      if (status === 'device_corrected' && !facts.workingVersion) {
        return no('The device corrected a value after sign-off; confirm the signed version or amend it first.')
      }
      return ok('in_review')
    case 'return':
      if (status === 'new' || status === 'drafted' || status === 'in_review') {
        if (facts.signedVersions > 0) return no('An amendment cannot be returned; finish or sign it.')
        return ok('returned')
      }
      return no(`A report that is ${status.replace('_', ' ')} cannot be returned.`)
    case 'sign':
      if (status === 'device_corrected') {
        return no(
          facts.workingVersion
            ? 'The device corrected a value since the amendment was saved: check it and save the amendment again before signing.'
            : 'The report is signed and the device corrected a value since: confirm the signed version or amend it.',
        )
      }
      if (status !== 'in_review') return no(status === 'signed' || status === 'amended' ? 'The report is already signed.' : 'There is no review to sign: review the draft first.')
      if (!facts.workingVersion) return no('There is no working version to sign.')
      return ok(facts.signedVersions > 0 ? 'amended' : 'signed')
    case 'amend':
      if (status === 'signed' || status === 'amended' || status === 'device_corrected') {
        if (facts.workingVersion) return no('An amendment is already open.')
        return ok('in_review')
      }
      return no('Only a signed report can be amended.')
    case 'device_corrected':
      // Before sign-off the reviewer sees the corrected values anyway; after it, the report must come back.
      return facts.signedVersions > 0 ? ok('device_corrected') : ok(status)
    case 'confirm_signed':
      if (status !== 'device_corrected') return no('Only a report corrected by the device after sign-off needs confirming.')
      if (facts.workingVersion) return no('An amendment is open: sign it instead.')
      return ok(facts.signedVersions > 1 ? 'amended' : 'signed')
  }
}
