// The interpretation's text parts a reviewer may replace (summary, overall severity, comparison, limitations): their
// current value in the working copy, and the document entry a new value makes.
import type { DraftSeverity, InterpretationDraft } from '../../../../shared/domain/interpretation'
import { DRAFT_SEVERITIES } from '../../../../shared/domain/interpretation'
import type { ReasonCode } from '../../../../shared/domain/reasonCodes'
import type { WorkingDoc } from './reviewModel'

export const TEXT_FIELDS = ['summary', 'overallSeverity', 'comparison', 'limitations'] as const
export type TextField = (typeof TEXT_FIELDS)[number]

export const TEXT_FIELD_LABELS: Record<TextField, string> = {
  summary: 'Summary',
  overallSeverity: 'Overall severity',
  comparison: 'Comparison with earlier reports',
  limitations: 'Limitations',
}

/** The value the working copy gives a field ('' for none), and whether the reviewer changed it. */
export function textValue(base: InterpretationDraft | null, doc: WorkingDoc, field: TextField): { value: string; changed: boolean } {
  const fromBase = base && !doc.rejectDraft ? base : null
  switch (field) {
    case 'summary':
      return doc.summary ? { value: doc.summary.text, changed: true } : { value: fromBase?.summary ?? '', changed: false }
    case 'overallSeverity':
      return doc.overallSeverity ? { value: doc.overallSeverity.value, changed: true } : { value: fromBase?.overall_severity ?? '', changed: false }
    case 'comparison':
      return doc.comparison ? { value: doc.comparison.text ?? '', changed: true } : { value: fromBase?.comparison_with_prior ?? '', changed: false }
    case 'limitations':
      return doc.limitations ? { value: doc.limitations.text, changed: true } : { value: fromBase?.limitations ?? '', changed: false }
  }
}

function isSeverity(v: string): v is DraftSeverity {
  return (DRAFT_SEVERITIES as readonly string[]).includes(v)
}

/** The working copy with a field replaced; an error message when the value cannot stand (empty summary, no severity). */
export function setTextField(doc: WorkingDoc, field: TextField, value: string, reason: ReasonCode, comment: string): WorkingDoc | string {
  const c = comment.trim() === '' ? null : comment.trim()
  const v = value.trim()
  switch (field) {
    case 'summary':
      return v === '' ? 'The summary must not be empty.' : { ...doc, summary: { text: v, reason, comment: c } }
    case 'overallSeverity':
      return isSeverity(v) ? { ...doc, overallSeverity: { value: v, reason, comment: c } } : 'Choose normal, abnormal or critical.'
    case 'comparison':
      return { ...doc, comparison: { text: v === '' ? null : v, reason, comment: c } }
    case 'limitations':
      return { ...doc, limitations: { text: v, reason, comment: c } }
  }
}

/** Fields a from-scratch interpretation must fill before it can be signed. */
export function missingFromScratch(doc: WorkingDoc): TextField[] {
  return [...(doc.summary ? [] : (['summary'] as const)), ...(doc.overallSeverity ? [] : (['overallSeverity'] as const))]
}
