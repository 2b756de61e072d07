// Interpretations repository: store a checked draft with its provenance, read the latest, gather prior-report context.
import { z } from 'zod'
import type { Interpretation, Provenance } from '../../shared/contract/interpret'
import type { ReportDetail } from '../../shared/contract/reports'
import type { InterpretationDraft } from '../../shared/domain/interpretation'
import type { Db } from '../store/db'
import type { ChatMessage, PromptFormat } from './prompt/chatTemplate'
import { prepared } from '../store/prepared'
import type { EvidenceResult } from './evidence'

export interface PriorReport {
  id: number
  observedAt: string | null
  kind: string
  keyValues: { display: string; value: string; unit: string | null; flag: string | null }[]
}

const PRIOR_REPORTS = 5
const KEY_VALUES = 10

/** The patient's latest earlier reports with their key values (flagged first), for the prompt and the evidence check. */
export function priorReportsFor(db: Db, report: ReportDetail): PriorReport[] {
  const sortAt = report.observedAt ?? report.receivedAt
  const rows = prepared(
    db,
    `SELECT id, observed_at, kind FROM reports WHERE patient_id = @patient AND (sort_at < @sortAt OR (sort_at = @sortAt AND id < @id))
     ORDER BY sort_at DESC, id DESC LIMIT ${PRIOR_REPORTS}`,
  ).all({ patient: report.patientId, sortAt, id: report.id }) as { id: number; observed_at: string | null; kind: string }[]
  const values = prepared(
    db,
    `SELECT coalesce(display, code) AS display, value_num, comparator, value_text, unit, device_flag FROM observations
     WHERE report_id = ? AND status NOT IN ('entered-in-error', 'cancelled') AND value_num IS NOT NULL
     ORDER BY (device_flag IS NOT NULL AND device_flag <> '' AND upper(device_flag) <> 'N') DESC, seq LIMIT ${KEY_VALUES}`,
  )
  return rows.map((r) => ({
    id: r.id,
    observedAt: r.observed_at,
    kind: r.kind,
    keyValues: (values.all(r.id) as { display: string; value_num: number; comparator: string | null; unit: string | null; device_flag: string | null }[]).map((v) => ({
      display: v.display,
      value: `${v.comparator ?? ''}${v.value_num}`,
      unit: v.unit,
      flag: v.device_flag,
    })),
  }))
}

export interface NewInterpretation {
  reportId: number
  now: string
  draft: InterpretationDraft
  rawOutput: string
  /** The prompt text the engine evaluated. */
  prompt: string
  /** The same prompt as messages, system then user (for a raw prompt too: what a chat model would have been given). */
  messages: readonly ChatMessage[]
  provenance: Provenance
  evidence: EvidenceResult
  standing: Interpretation['standing']
  queueJobId?: number
  /** The model version that drafted it (provenance.modelVersion); per-version monitoring joins through it. */
  modelVersionId?: number | null
}

/** A batch job is done with this interpretation: the one it drafted, or one its report got meanwhile. */
export function markJobDone(db: Db, jobId: number, interpretationId: number, now: string): void {
  prepared(db, "UPDATE interpretation_jobs SET state = 'done', finished_at = ?, interpretation_id = ?, error = NULL WHERE id = ?").run(now, interpretationId, jobId)
}

/** Call inside a transaction: the interpretation, the report's standing and the queue job change together. */
export function insertInterpretation(db: Db, n: NewInterpretation): Interpretation {
  const info = prepared(
    db,
    `INSERT INTO interpretations (report_id, created_at, draft, raw_output, prompt, prompt_messages, provenance, evidence_check, standing, model_version_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    n.reportId,
    n.now,
    JSON.stringify(n.draft),
    n.rawOutput,
    n.prompt,
    JSON.stringify(n.messages.map((m) => ({ role: m.role, content: m.content }))),
    JSON.stringify(n.provenance),
    JSON.stringify(n.evidence),
    n.standing,
    n.modelVersionId ?? null,
  )
  const id = Number(info.lastInsertRowid)
  prepared(db, 'UPDATE reports SET interpretation_standing = ? WHERE id = ?').run(n.standing, n.reportId)
  if (n.queueJobId !== undefined) markJobDone(db, n.queueJobId, id, n.now)
  return { id, reportId: n.reportId, createdAt: n.now, draft: n.draft, provenance: n.provenance, evidenceCheck: n.evidence, standing: n.standing }
}

interface InterpretationRow {
  id: number
  report_id: number
  created_at: string
  draft: string
  provenance: string
  evidence_check: string
  standing: Interpretation['standing']
}

export function latestInterpretation(db: Db, reportId: number): Interpretation | null {
  const r = prepared(db, 'SELECT * FROM interpretations WHERE report_id = ? ORDER BY id DESC LIMIT 1').get(reportId) as InterpretationRow | undefined
  if (!r) return null
  return {
    id: r.id,
    reportId: r.report_id,
    createdAt: r.created_at,
    draft: JSON.parse(r.draft) as InterpretationDraft,
    provenance: JSON.parse(r.provenance) as Provenance,
    evidenceCheck: JSON.parse(r.evidence_check) as EvidenceResult,
    standing: r.standing,
  }
}

/** What a draft's model was given, for the training-data export: the prompt text, and how it was made. */
export interface DraftPrompt {
  /** The prompt text the engine evaluated (for a chat-template prompt: the rendered messages, BOS not included unless the template wrote it). */
  prompt: string
  /** The prompt as messages (system, user); null for a draft made before they were stored (its prompt is raw text). */
  messages: ChatMessage[] | null
  promptFormat: PromptFormat
  /** SHA-256 of the chat template that rendered `prompt`; null for a raw prompt. */
  chatTemplateSha256: string | null
}

const StoredMessagesSchema = z.array(z.object({ role: z.enum(['system', 'user', 'assistant']), content: z.string() }))

export function draftPrompt(db: Db, interpretationId: number): DraftPrompt | null {
  const r = prepared(db, 'SELECT prompt, prompt_messages, provenance FROM interpretations WHERE id = ?').get(interpretationId) as
    | { prompt: string; prompt_messages: string | null; provenance: string }
    | undefined
  if (!r) return null
  const provenance = JSON.parse(r.provenance) as Provenance
  return {
    prompt: r.prompt,
    messages: r.prompt_messages === null ? null : StoredMessagesSchema.parse(JSON.parse(r.prompt_messages)),
    promptFormat: provenance.promptFormat ?? 'raw',
    chatTemplateSha256: provenance.chatTemplateSha256 ?? null,
  }
}
