// The predicted correction: what a clinician would have had to do to each draft finding to reach the signed version.
import type { DraftFinding } from '../../../shared/domain/interpretation'
import type { Alignment } from './alignFindings'
import { evidenceSet, sameSet } from './evidenceSet'

export type FindingAction = 'accepted' | 'edited' | 'rejected'

export interface PredictedCorrections {
  /** Per draft finding, in draft order. */
  actions: FindingAction[]
  accepted: number
  edited: number
  rejected: number
  /** Signed findings with no draft counterpart: the clinician would have added them. */
  added: number
  /** (edited + rejected) / draft findings; null when the draft has none. */
  rate: number | null
}

// Spacing is not an edit a reviewer makes; everything else (wording, case, punctuation) is.
function norm(s: string | null): string {
  return s === null ? '' : s.trim().replace(/\s+/g, ' ')
}

/**
 * A draft finding is rejected when nothing in the signed version corresponds to it, edited when its
 * counterpart differs in statement, severity, evidence (as a set of valid ids) or recommendation
 * (spacing aside), and accepted otherwise.
 */
export function predictCorrections(draft: readonly DraftFinding[], reference: readonly DraftFinding[], alignment: Alignment): PredictedCorrections {
  const actions: FindingAction[] = draft.map(() => 'rejected')
  for (const p of alignment.pairs) {
    const d = draft[p.draftIndex]!
    const r = reference[p.referenceIndex]!
    const same = norm(d.statement) === norm(r.statement) && d.severity === r.severity && sameSet(evidenceSet(d), evidenceSet(r)) && norm(d.recommendation) === norm(r.recommendation)
    actions[p.draftIndex] = same ? 'accepted' : 'edited'
  }
  const count = (a: FindingAction) => actions.filter((x) => x === a).length
  const edited = count('edited')
  const rejected = count('rejected')
  return {
    actions,
    accepted: count('accepted'),
    edited,
    rejected,
    added: alignment.unmatchedReference.length,
    rate: draft.length === 0 ? null : (edited + rejected) / draft.length,
  }
}
