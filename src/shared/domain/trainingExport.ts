// Closed lists of the training-data export shared by the contract, the pipeline and the UI. Runtime-neutral.

/** The six line formats an export can write. */
export const EXPORT_FORMATS = ['openai-chat', 'openai-dpo', 'trl-sft', 'trl-prompt-completion', 'trl-preference', 'trl-kto'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

/**
 * How the signed interpretation relates to the draft; decides which rows an item yields (issue 16, "Rows"):
 * signed exactly as drafted → accepted_unchanged; draft rejected as a whole and written anew → rejected_rewritten;
 * any other change → corrected; no draft → signed_without_draft.
 */
export const OUTCOMES = ['accepted_unchanged', 'corrected', 'rejected_rewritten', 'signed_without_draft'] as const
export type Outcome = (typeof OUTCOMES)[number]

/** The review's reason codes, version 1 (src/shared/domain/reasonCodes.ts on the review branch; keep in step). */
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

export const EVIDENCE_STANDINGS = ['verified', 'issues', 'contradiction'] as const
export type EvidenceStanding = (typeof EVIDENCE_STANDINGS)[number]

export const SPLITS = ['train', 'validation', 'test'] as const
export type Split = (typeof SPLITS)[number]
