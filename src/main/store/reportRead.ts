// Report queries: the worklist page, one report in full, trends across a patient's reports.
import type { z } from 'zod'
import type { DraftFilter, ListReportsInputSchema, ReportDetail, ReportSummary } from '../../shared/contract/reports'
import type { ReportKind, ReportStatus, SourceFormat } from '../../shared/domain/report'
import { DONE_STATUSES, type ReviewStatus } from '../../shared/domain/reviewLifecycle'
import { reviewSummary } from '../review/reviewState'
import { decodeText } from '../ingest/decodeText'
import type { Db } from './db'
import { latestInterpretation } from '../llm/interpretations'
import { listFindings, severityFromRank } from './findings'
import { patientDisplayName } from './patients'
import { flushSearchIndex } from './reportWrite'
import { observationFromRow, type ObservationRow } from './observationRow'
import { prepared } from './prepared'

type ListInput = z.output<typeof ListReportsInputSchema>
const RAW_TEXT_LIMIT = 1024 * 1024

interface SummaryRow {
  id: number
  patient_id: number
  family_name: string | null
  given_name: string | null
  ident: string | null
  kind: ReportKind
  source_format: SourceFormat
  title: string | null
  device_manufacturer: string | null
  device_model: string | null
  observed_at: string | null
  received_at: string
  status: ReportStatus
  flag_count: number
  observation_count: number
  max_severity: number | null
  top_finding: string | null
  interpretation_standing: ReportSummary['draftStanding']
  draft_job: string | null
  review_status: ReviewStatus
  reviewer: string | null
}

/** The state of the report's latest batch job: the Draft column's source when the report has no draft. */
const LATEST_JOB = '(SELECT state FROM interpretation_jobs WHERE report_id = r.id ORDER BY id DESC LIMIT 1)'

const SUMMARY_COLUMNS = `r.id, r.patient_id, p.family_name, p.given_name,
  (SELECT authority || ':' || value FROM patient_identifiers WHERE patient_id = p.id ORDER BY id LIMIT 1) AS ident,
  r.kind, r.source_format, r.title, r.device_manufacturer, r.device_model, r.observed_at, r.received_at, r.status,
  r.flag_count, r.observation_count, r.max_severity, r.top_finding, r.interpretation_standing,
  ${LATEST_JOB} AS draft_job, r.review_status,
  (SELECT last_reviewer_name FROM reviews WHERE report_id = r.id) AS reviewer`

const DRAFT_JOB_STATES = new Set<string>(['queued', 'running', 'failed'])

/** One Draft-column state as SQL, exactly as toSummary reads it (the batch's states count only without a draft). */
function draftCondition(d: DraftFilter): string {
  switch (d) {
    case 'none':
      return 'r.interpretation_standing IS NULL'
    case 'verified':
    case 'issues':
    case 'contradiction':
      return `r.interpretation_standing = '${d}'`
    case 'queued':
    case 'running':
    case 'failed':
      return `(r.interpretation_standing IS NULL AND ${LATEST_JOB} = '${d}')`
  }
}

function toSummary(r: SummaryRow): ReportSummary {
  return {
    id: r.id,
    patientId: r.patient_id,
    patientName: patientDisplayName(r.family_name, r.given_name),
    patientIdentifier: r.ident ?? '',
    kind: r.kind,
    sourceFormat: r.source_format,
    title: r.title,
    device: [r.device_manufacturer, r.device_model].filter(Boolean).join(' ') || null,
    observedAt: r.observed_at,
    receivedAt: r.received_at,
    status: r.status,
    flagCount: r.flag_count,
    observationCount: r.observation_count,
    maxSeverity: severityFromRank(r.max_severity),
    topFinding: r.top_finding,
    draftStanding: r.interpretation_standing,
    // A finished or cancelled job says nothing the draft's standing does not.
    draftJob: r.draft_job !== null && DRAFT_JOB_STATES.has(r.draft_job) ? (r.draft_job as ReportSummary['draftJob']) : null,
    reviewStatus: r.review_status,
    reviewer: r.reviewer,
  }
}

/** Turns what a user typed into an FTS5 query: every word must match, as a prefix; operators are not exposed. */
export function ftsQuery(search: string): string | null {
  const words = search.match(/[\p{L}\p{N}]+/gu)
  if (!words || words.length === 0) return null
  return words
    .slice(0, 10)
    .map((w) => `"${w}"*`)
    .join(' ')
}

/** Signed reports sort after every other in triage; the expression matches the index reports_review_triage. */
export const DONE_LAST = `(r.review_status IN (${DONE_STATUSES.map((d) => `'${d}'`).join(', ')}))`

/** `userId`: the caller, for `mine` (their reviews in progress). */
export function listReports(db: Db, input: ListInput, userId: number | null = null): { total: number; items: ReportSummary[] } {
  const where: string[] = []
  const params: Record<string, unknown> = {}
  if (input.kinds?.length) {
    where.push(`r.kind IN (${input.kinds.map((_, i) => `@kind${i}`).join(', ')})`)
    input.kinds.forEach((k, i) => (params[`kind${i}`] = k))
  }
  if (input.statuses?.length) {
    where.push(`r.status IN (${input.statuses.map((_, i) => `@status${i}`).join(', ')})`)
    input.statuses.forEach((s, i) => (params[`status${i}`] = s))
  }
  if (input.from) {
    where.push('r.sort_at >= @from')
    params.from = input.from
  }
  if (input.to) {
    // A bare date includes that whole day.
    where.push('r.sort_at <= @to')
    params.to = /^\d{4}-\d{2}-\d{2}$/.test(input.to) ? `${input.to}T23:59:59.999~` : input.to
  }
  if (input.reviewStatuses?.length) {
    where.push(`r.review_status IN (${input.reviewStatuses.map((_, i) => `@review${i}`).join(', ')})`)
    input.reviewStatuses.forEach((s, i) => (params[`review${i}`] = s))
  }
  if (input.reviewerId !== undefined) {
    where.push('EXISTS (SELECT 1 FROM reviews v WHERE v.report_id = r.id AND v.last_reviewer_id = @reviewerId)')
    params.reviewerId = input.reviewerId
  }
  if (input.mine) {
    // In review only: the status index gives the candidates, each checked by one index look-up.
    where.push("r.review_status = 'in_review' AND EXISTS (SELECT 1 FROM reviews v WHERE v.report_id = r.id AND v.last_reviewer_id = @me)")
    params.me = userId ?? -1
  }
  if (input.drafts?.length) where.push(`(${input.drafts.map(draftCondition).join(' OR ')})`)
  if (input.patientId !== undefined) {
    where.push('r.patient_id = @patientId')
    params.patientId = input.patientId
  }
  if (input.search) {
    const q = ftsQuery(input.search)
    if (q) {
      flushSearchIndex(db)
      where.push('r.id IN (SELECT rowid FROM report_fts WHERE report_fts MATCH @fts)')
      params.fts = q
    }
  }
  const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : ''
  const total = (prepared(db, `SELECT count(*) AS n FROM reports r ${whereSql}`).get(params) as { n: number }).n
  const rows = prepared(db, 
      `SELECT ${SUMMARY_COLUMNS} FROM reports r JOIN patients p ON p.id = r.patient_id ${whereSql}
       ORDER BY ${input.sort === 'triage' ? `${triageLead(input.mine ? ['in_review'] : input.reviewStatuses)}r.max_severity DESC, ` : ''}r.sort_at DESC, r.id DESC LIMIT @limit OFFSET @offset`,
    )
    .all({ ...params, limit: input.limit, offset: input.offset }) as SummaryRow[]
  return { total, items: rows.map(toSummary) }
}

/** Unsigned first, unless the status filter already decides it (then the status index gives the order). */
function triageLead(statuses: readonly ReviewStatus[] | undefined): string {
  if (statuses?.length) {
    const done = statuses.filter((s) => DONE_STATUSES.includes(s)).length
    if (done === 0 || done === statuses.length) return ''
  }
  return `${DONE_LAST}, `
}

export function getReport(db: Db, id: number): ReportDetail | undefined {
  const row = prepared(db, `SELECT ${SUMMARY_COLUMNS} FROM reports r JOIN patients p ON p.id = r.patient_id WHERE r.id = ?`).get(id) as
    | SummaryRow
    | undefined
  if (!row) return undefined
  const extra = prepared(db, 'SELECT device_manufacturer, device_model, device_serial, ordered_at, parse_log, metrics FROM reports WHERE id = ?')
    .get(id) as { device_manufacturer: string | null; device_model: string | null; device_serial: string | null; ordered_at: string | null; parse_log: string; metrics: string }
  const patient = prepared(db, 'SELECT * FROM patients WHERE id = ?').get(row.patient_id) as {
    id: number
    family_name: string | null
    given_name: string | null
    birth_date: string | null
    sex: string | null
  }
  const identifiers = prepared(db, 'SELECT authority, value AS id FROM patient_identifiers WHERE patient_id = ? ORDER BY id').all(row.patient_id) as {
    authority: string
    id: string
  }[]
  const historyStmt = prepared(db, 
    'SELECT value_num, value_text, unit, status, superseded_at FROM observation_history WHERE observation_id = ? ORDER BY id',
  )
  const observations = (prepared(db, 'SELECT * FROM observations WHERE report_id = ? ORDER BY seq').all(id) as ObservationRow[]).map((o) =>
    observationFromRow(
      o,
      (historyStmt.all(o.id) as { value_num: number | null; value_text: string | null; unit: string | null; status: string; superseded_at: string }[]).map(
        (h) => ({ valueNum: h.value_num, valueText: h.value_text, unit: h.unit, status: h.status, supersededAt: h.superseded_at }),
      ),
    ),
  )
  const statements = prepared(db, 'SELECT seq, kind, text FROM statements WHERE report_id = ? ORDER BY seq').all(id) as ReportDetail['statements']
  const attachments = prepared(db, 'SELECT id, media_type AS mediaType, description, size, text FROM attachments WHERE report_id = ? ORDER BY id')
    .all(id) as ReportDetail['attachments']
  const source = prepared(db, `SELECT sha256, size, origin, bytes, source_format FROM report_sources s JOIN reports r ON r.id = s.report_id
              WHERE s.report_id = ? AND s.role = 'original' LIMIT 1`)
    .get(id) as { sha256: string; size: number; origin: string; bytes: Buffer; source_format: SourceFormat }
  const binary = source.source_format === 'pdf'
  return {
    ...toSummary(row),
    patient: {
      id: patient.id,
      identifiers,
      familyName: patient.family_name,
      givenName: patient.given_name,
      birthDate: patient.birth_date,
      sex: patient.sex,
    },
    deviceInfo: { manufacturer: extra.device_manufacturer, model: extra.device_model, serial: extra.device_serial },
    orderedAt: extra.ordered_at,
    parseLog: JSON.parse(extra.parse_log) as string[],
    metrics: JSON.parse(extra.metrics) as Record<string, number>,
    observations,
    findings: listFindings(db, id),
    latestInterpretation: latestInterpretation(db, id),
    review: reviewSummary(db, id),
    statements,
    attachments,
    source: {
      sha256: source.sha256,
      size: source.size,
      origin: source.origin,
      text: binary ? null : decodeText(source.bytes.subarray(0, RAW_TEXT_LIMIT)).text,
      truncated: !binary && source.size > RAW_TEXT_LIMIT,
    },
  }
}

// Reports first (CROSS JOIN), observations by report (INDEXED BY): one patient's reports, not every observation of the code in the store.
export function trend(db: Db, patientId: number, codes: string[]) {
  const stmt = prepared(db, 
    `SELECT o.report_id AS reportId, coalesce(o.observed_at, r.sort_at) AS observedAt,
       coalesce(o.normalised_value, o.value_num) AS value, coalesce(o.normalised_unit, o.ucum_unit, o.unit) AS unit, o.status
     FROM reports r CROSS JOIN observations o INDEXED BY observations_report ON o.report_id = r.id
     WHERE r.patient_id = @patientId AND o.code_system = @system AND o.code = @code AND o.value_num IS NOT NULL
       AND o.status NOT IN ('entered-in-error', 'cancelled')
     ORDER BY observedAt, o.id LIMIT 5000`,
  )
  const out: Record<string, { reportId: number; observedAt: string; value: number; unit: string | null; status: string }[]> = {}
  for (const key of codes) {
    const bar = key.indexOf('|')
    if (bar < 1) continue
    out[key] = stmt.all({ patientId, system: key.slice(0, bar), code: key.slice(bar + 1) }) as (typeof out)[string]
  }
  return out
}
