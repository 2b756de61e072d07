// What the training-data export reads: one signed report with its draft, outcome, reason codes and the patient's identifiers.
import type { InterpretationDraft } from '../../shared/domain/interpretation'
import type { ReportKind } from '../../shared/domain/report'

export { EVIDENCE_STANDINGS, OUTCOMES, REASON_CODES, type EvidenceStanding, type Outcome, type ReasonCode } from '../../shared/domain/trainingExport'
import type { EvidenceStanding, Outcome, ReasonCode } from '../../shared/domain/trainingExport'

/**
 * The model's input. `system` is the instruction block (the template's shared prefix), `user` the report, findings and
 * patient context, `rendered` the exact text the model evaluated (the chat template applied, or the raw prompt).
 * `origin`: 'chat' = a draft built as messages and rendered with the model's chat template; 'raw' = a draft stored before
 * that change (its raw prompt is the user message and the rendered text, system is empty); 'built' = no draft, the prompt
 * Readout would build today.
 */
export interface ExportPrompt {
  system: string
  user: string
  rendered: string
  origin: 'chat' | 'raw' | 'built'
  /**
   * How `rendered` is tokenized, for a built prompt: 'chat-template' when today's base model's chat template rendered it
   * (as a draft made now would be), else raw text. A draft's prompt says so by its origin.
   */
  builtFormat?: 'chat-template' | 'raw'
}

export interface ExportDraft {
  interpretationId: number
  prompt: ExportPrompt
  interpretation: InterpretationDraft
  standing: EvidenceStanding
  baseModel: { name: string; sha256: string }
  adapters: { name: string; sha256: string; scale: number }[]
  promptTemplateVersion: string
}

/**
 * Everything known to identify the patient, for scrubbing free text. Never exported. Values are as stored (any
 * spelling); the scrubber derives the common spellings (dates, phone digits) itself.
 */
export interface PatientIdentifiers {
  /** Full names as stored (given, family, maiden…); every part of at least two letters is scrubbed. */
  names: string[]
  /** MRN, health-plan, account, licence, SSN and other identifier values. */
  ids: string[]
  /** YYYY-MM-DD (or a longer ISO string), or null. */
  birthDate: string | null
  phones: string[]
  emails: string[]
  /** Street lines, city, postal code. */
  addressParts: string[]
  deviceSerials: string[]
}

/** A free text tied to the item that is not part of the prompt or the target (kept for scrubbing and the report). */
export interface ExportFreeText {
  kind: 'comment' | 'note' | 'machine_statement' | 'pdf_text'
  text: string
}

export interface ExportItem {
  reportId: number
  /** The signed version this item is (the latest signed version of its report). */
  signedVersionId: number
  patientId: number
  kind: ReportKind
  deviceModel: string | null
  /** ISO date-times. */
  observedAt: string | null
  signedAt: string
  /** The signer's username. */
  reviewer: string
  signed: InterpretationDraft
  draft: ExportDraft | null
  /** For an item without a draft: the prompt Readout builds today. Ignored when there is a draft. */
  builtPrompt: ExportPrompt | null
  outcome: Outcome
  reasonCodes: ReasonCode[]
  /** The conditions the report shows, for counts per condition: the rule ids of its rule findings. */
  conditions: string[]
  identifiers: PatientIdentifiers
  /** Reviewers' comments and other texts that travel with the item; they are never written to the training files. */
  freeTexts: ExportFreeText[]
}

/** Which signed items an export takes. Every field optional: absent = no restriction. */
export interface ExportFilters {
  /** Signed at or after / before (ISO dates or date-times, compared as strings on the signed date-time). */
  signedFrom?: string
  signedTo?: string
  kinds?: ReportKind[]
  reviewers?: string[]
  /** Items carrying at least one of these. */
  reasonCodes?: ReasonCode[]
  /** Base model sha256 (or a prefix of it) of the draft. */
  modelVersions?: string[]
  standings?: EvidenceStanding[]
  /** Outcomes to take. */
  outcomes?: Outcome[]
}

/** The prompt an item's rows use: the draft's, else the one built today. */
export function itemPrompt(item: ExportItem): ExportPrompt | null {
  return item.draft?.prompt ?? item.builtPrompt
}
