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

/** The review's reason codes: the export filters and counts the very list reviewers choose from. */
export { REASON_CODES, type ReasonCode } from './reasonCodes'

export const EVIDENCE_STANDINGS = ['verified', 'issues', 'contradiction'] as const
export type EvidenceStanding = (typeof EVIDENCE_STANDINGS)[number]

export const SPLITS = ['train', 'validation', 'test'] as const
export type Split = (typeof SPLITS)[number]
