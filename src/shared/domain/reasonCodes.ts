// The fixed, versioned list of reason codes a reviewer gives for every change to a draft (everything but accept).
// The training export and the evaluation count these codes: add a code by appending it and raising the version.

/** Raised whenever a code is added or a label's meaning changes; stored with every correction. */
export const REASON_CODES_VERSION = 1

export const REASON_CODES = [
  'missed_finding',
  'wrong_severity',
  'invented_or_wrong_value',
  'wrong_unit',
  'misread_trend_or_comparison',
  'contradicts_rule_finding',
  'wrong_recommendation',
  'terminology_or_style',
  'incomplete',
  'other',
] as const
export type ReasonCode = (typeof REASON_CODES)[number]

/** What a reviewer sees in the reason picker, in list order (digits 1–9 and 0 choose them). */
export const REASON_LABELS: Readonly<Record<ReasonCode, string>> = {
  missed_finding: 'Missed finding',
  wrong_severity: 'Wrong severity',
  invented_or_wrong_value: 'Invented or wrong value',
  wrong_unit: 'Wrong unit',
  misread_trend_or_comparison: 'Misread trend or comparison',
  contradicts_rule_finding: 'Contradicts a rule finding',
  wrong_recommendation: 'Wrong recommendation',
  terminology_or_style: 'Terminology or style',
  incomplete: 'Incomplete',
  other: 'Other',
}

export function isReasonCode(value: string): value is ReasonCode {
  return (REASON_CODES as readonly string[]).includes(value)
}
