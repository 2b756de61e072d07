// Error kinds of a draft against the signed version, after GREEN's categories: false and missed findings, wrong severity, wrong value or unit, comparison wrong or omitted.
import type { InterpretationDraft } from '../../../shared/domain/interpretation'
import { extractNumbers, type StatedNumber } from '../../llm/evidence/numbers'
import type { Alignment } from './alignFindings'

export const ERROR_KINDS = ['false_finding', 'missed_finding', 'wrong_severity', 'wrong_value_or_unit', 'comparison_wrong', 'comparison_omitted'] as const
export type ErrorKind = (typeof ERROR_KINDS)[number]
export type ErrorCounts = Record<ErrorKind, number>

/** Same unit (or both none) and the same value to the precision of the less precise of the two ("6.8" = "6.80", "7" ≈ "6.8"). */
function sameNumber(x: StatedNumber, y: StatedNumber): boolean {
  if (x.unit !== y.unit) return false
  const decimals = Math.min(x.decimals, y.decimals)
  return Math.abs(x.value - y.value) <= 0.5 * 10 ** -decimals + 1e-9
}

/**
 * Whether `text` states a number that `reference` does not, when the reference states numbers at
 * all: a reference without numbers makes no claim about values (the clinician may simply have
 * dropped them), so it cannot show a value wrong.
 */
export function statesOtherNumber(text: string, reference: string): boolean {
  const ref = extractNumbers(reference)
  if (ref.length === 0) return false
  return extractNumbers(text).some((n) => !ref.some((r) => sameNumber(n, r)))
}

function hasText(s: string | null): s is string {
  return s !== null && s.trim() !== ''
}

/**
 * - false_finding: a draft finding the signed version has no counterpart of;
 * - missed_finding: a signed finding no draft finding corresponds to;
 * - wrong_severity: an aligned pair with different severities;
 * - wrong_value_or_unit: an aligned pair where the draft's statement states a number (with its unit)
 *   that the signed statement, which states numbers, does not;
 * - comparison_wrong: the draft compares with a prior report where the signed version does not
 *   (GREEN's "comparison not in the reference"), or both compare and the draft states a number the
 *   signed comparison does not;
 * - comparison_omitted: the signed version compares with a prior report and the draft does not.
 */
export function errorKinds(draft: InterpretationDraft, reference: InterpretationDraft, alignment: Alignment): ErrorCounts {
  const counts: ErrorCounts = { false_finding: alignment.unmatchedDraft.length, missed_finding: alignment.unmatchedReference.length, wrong_severity: 0, wrong_value_or_unit: 0, comparison_wrong: 0, comparison_omitted: 0 }
  for (const p of alignment.pairs) {
    const d = draft.findings[p.draftIndex]!
    const r = reference.findings[p.referenceIndex]!
    if (d.severity !== r.severity) counts.wrong_severity++
    if (statesOtherNumber(d.statement, r.statement)) counts.wrong_value_or_unit++
  }
  const dc = draft.comparison_with_prior
  const rc = reference.comparison_with_prior
  if (hasText(rc) && !hasText(dc)) counts.comparison_omitted = 1
  else if (hasText(dc) && (!hasText(rc) || statesOtherNumber(dc, rc))) counts.comparison_wrong = 1
  return counts
}

export function emptyErrorCounts(): ErrorCounts {
  return { false_finding: 0, missed_finding: 0, wrong_severity: 0, wrong_value_or_unit: 0, comparison_wrong: 0, comparison_omitted: 0 }
}
