// The export's item source in the app: signed reviews from the review store (migration 0010), one function, loadSignedItems.
import { InterpretationDraftSchema, type InterpretationDraft } from '../../shared/domain/interpretation'
import type { ReportKind } from '../../shared/domain/report'
import type { Statement } from 'better-sqlite3'
import type { Db } from '../store/db'
import { prepared } from '../store/prepared'
import { serialiseInterpretation } from './canonical'
import type { ExportSource } from './pipeline'
import { REASON_CODES, type EvidenceStanding, type ExportDraft, type ExportFilters, type ExportItem, type ExportPrompt, type Outcome, type PatientIdentifiers, type ReasonCode } from './types'

/** Builds the prompt Readout would give the model today for a report (for items signed without a draft). */
export type PromptBuilder = (reportId: number) => ExportPrompt | null

function tableExists(db: Db, name: string): boolean {
  return prepared(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined
}

/** A patient's known identifiers as stored: names, identifier values, birth date, the serials of their devices. */
export function patientIdentifiers(db: Db, patientId: number): PatientIdentifiers {
  const p = prepared(db, 'SELECT family_name, given_name, birth_date FROM patients WHERE id = ?').get(patientId) as
    | { family_name: string | null; given_name: string | null; birth_date: string | null }
    | undefined
  const ids = (prepared(db, 'SELECT value FROM patient_identifiers WHERE patient_id = ?').all(patientId) as { value: string }[]).map((r) => r.value)
  const serials = (
    prepared(db, 'SELECT DISTINCT device_serial FROM reports WHERE patient_id = ? AND device_serial IS NOT NULL').all(patientId) as { device_serial: string }[]
  ).map((r) => r.device_serial)
  const names = [p?.given_name, p?.family_name, [p?.given_name, p?.family_name].filter(Boolean).join(' ')].filter((n): n is string => !!n && n.trim() !== '')
  // Importers keep no phone, e-mail or address today (they stay in the raw source, which the export never reads).
  return { names, ids, birthDate: p?.birth_date ?? null, phones: [], emails: [], addressParts: [], deviceSerials: serials }
}

/**
 * The draft's input as the model saw it. Drafts stored so far hold the raw prompt only (no chat template): it is the user
 * message and the rendered text. When drafts record their chat messages, this is the one place to read them.
 */
export function promptOfDraft(storedPrompt: string): ExportPrompt {
  return { system: '', user: storedPrompt, rendered: storedPrompt, origin: 'raw' }
}

interface SignedRow {
  version_id: number
  report_id: number
  patient_id: number
  kind: ReportKind
  device_model: string | null
  observed_at: string | null
  content: string
  signer_username: string
  signed_at: string
  root_document: string
  interpretation_id: number | null
  draft: string | null
  prompt: string | null
  provenance: string | null
  standing: EvidenceStanding | null
}

interface StoredProvenance {
  baseModel?: { name?: string; sha256?: string }
  adapters?: { name?: string; sha256?: string; scale?: number }[]
  promptTemplateVersion?: string
}

/** The outcome class from the review: a draft rejected as a whole, signed exactly as drafted, or corrected. */
export function outcomeOf(draft: InterpretationDraft | null, signed: InterpretationDraft, rejectedWhole: boolean): Outcome {
  if (draft === null) return 'signed_without_draft'
  if (rejectedWhole) return 'rejected_rewritten'
  return serialiseInterpretation(draft) === serialiseInterpretation(signed) ? 'accepted_unchanged' : 'corrected'
}

// The latest signed version of each report (an amendment supersedes what it amends), with the draft its first version
// was reviewed from: amendments have no base interpretation of their own.
const SIGNED_SQL = `
  SELECT v.id AS version_id, v.report_id, r.patient_id, r.kind, r.device_model, r.observed_at, v.content,
         s.signer_username, s.signed_at, root.document AS root_document,
         i.id AS interpretation_id, i.draft, i.prompt, i.provenance, i.standing
  FROM interpretation_versions v
  JOIN signatures s ON s.version_id = v.id
  JOIN reports r ON r.id = v.report_id
  JOIN interpretation_versions root ON root.report_id = v.report_id AND root.version = 1
  LEFT JOIN interpretations i ON i.id = root.base_interpretation_id
  WHERE v.state = 'signed'
    AND v.version = (SELECT max(x.version) FROM interpretation_versions x WHERE x.report_id = v.report_id AND x.state = 'signed')
    AND (@from IS NULL OR s.signed_at >= @from)
    AND (@afterAt IS NULL OR (s.signed_at, v.id) < (@afterAt, @afterId))
  ORDER BY s.signed_at DESC, v.id DESC
  LIMIT 500`

/**
 * Signed items, newest signature first, one per report (its latest signed version). The review store is read here and
 * nowhere else in the export. Without the review tables (a database from before review and sign-off) there is nothing
 * signed and nothing is yielded. Filters other than the date are applied by the pipeline (matchesFilters).
 */
export function* loadSignedItems(db: Db, filters: ExportFilters, buildPrompt: PromptBuilder): Generator<ExportItem> {
  if (!tableExists(db, 'signatures') || !tableExists(db, 'interpretation_versions')) return
  const reasons = prepared(
    db,
    `SELECT DISTINCT c.reason_code, c.comment FROM corrections c JOIN interpretation_versions v ON v.id = c.version_id
     WHERE c.report_id = ? AND v.state = 'signed'`,
  )
  const conditions = prepared(db, 'SELECT DISTINCT rule_id FROM findings WHERE report_id = ? ORDER BY rule_id')
  // Pages of 500 by keyset: memory stays at one page, and the connection is free between pages for the pipeline's writes
  // (an open iterate() would hold it).
  let after: { at: string; id: number } | null = null
  for (;;) {
    const page = prepared(db, SIGNED_SQL).all({ from: filters.signedFrom ?? null, afterAt: after?.at ?? null, afterId: after?.id ?? null }) as SignedRow[]
    if (page.length === 0) return
    const last = page[page.length - 1]
    if (last) after = { at: last.signed_at, id: last.version_id }
    yield* page.map((r) => toItem(db, r, buildPrompt, reasons, conditions))
  }
}

function toItem(db: Db, r: SignedRow, buildPrompt: PromptBuilder, reasons: Statement, conditions: Statement): ExportItem {
  const signed = InterpretationDraftSchema.parse(JSON.parse(r.content))
  const draft = r.draft === null ? null : InterpretationDraftSchema.parse(JSON.parse(r.draft))
  const rootDoc = JSON.parse(r.root_document) as { rejectDraft?: unknown }
  const corrections = reasons.all(r.report_id) as { reason_code: string | null; comment: string | null }[]
  const reasonCodes = [...new Set(corrections.map((c) => c.reason_code).filter((c): c is ReasonCode => (REASON_CODES as readonly (string | null)[]).includes(c)))]
  const provenance = r.provenance === null ? {} : (JSON.parse(r.provenance) as StoredProvenance)
  const exportDraft: ExportDraft | null =
    draft === null || r.interpretation_id === null || r.prompt === null
      ? null
      : {
          interpretationId: r.interpretation_id,
          prompt: promptOfDraft(r.prompt),
          interpretation: draft,
          standing: r.standing ?? 'issues',
          baseModel: { name: provenance.baseModel?.name ?? '', sha256: provenance.baseModel?.sha256 ?? '' },
          adapters: (provenance.adapters ?? []).map((a) => ({ name: a.name ?? '', sha256: a.sha256 ?? '', scale: a.scale ?? 1 })),
          promptTemplateVersion: provenance.promptTemplateVersion ?? '',
        }
  return {
    reportId: r.report_id,
    signedVersionId: r.version_id,
    patientId: r.patient_id,
    kind: r.kind,
    deviceModel: r.device_model,
    observedAt: r.observed_at,
    signedAt: r.signed_at,
    reviewer: r.signer_username,
    signed,
    draft: exportDraft,
    builtPrompt: exportDraft === null ? buildPrompt(r.report_id) : null,
    outcome: outcomeOf(exportDraft?.interpretation ?? null, signed, rootDoc.rejectDraft !== undefined),
    reasonCodes,
    conditions: (conditions.all(r.report_id) as { rule_id: string }[]).map((c) => c.rule_id),
    identifiers: patientIdentifiers(db, r.patient_id),
    freeTexts: corrections.filter((c) => c.comment).map((c) => ({ kind: 'comment' as const, text: c.comment ?? '' })),
  }
}

/** The app's source: the review store, with today's prompt for reports signed without a draft. */
export function reviewStoreSource(db: Db, buildPrompt: PromptBuilder): ExportSource {
  return { items: (filters) => loadSignedItems(db, filters, buildPrompt), identifiers: (patientId) => patientIdentifiers(db, patientId) }
}
