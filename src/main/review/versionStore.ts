// Interpretation versions, their corrections and signatures: repository functions (db first). Signed rows are frozen by
// triggers (migration 0010); these functions never try to change them.
import type { Provenance } from '../../shared/contract/interpret'
import type { Correction, Signature, VersionSummary } from '../../shared/contract/review'
import type { CorrectionRecord } from '../../shared/domain/applyReview'
import type { InterpretationDraft } from '../../shared/domain/interpretation'
import { REASON_CODES_VERSION, type ReasonCode } from '../../shared/domain/reasonCodes'
import type { ReviewDocument } from '../../shared/domain/reviewDocument'
import type { SessionUser } from '../../shared/domain/roles'
import type { Db } from '../store/db'
import { prepared } from '../store/prepared'
import { canonicalContent } from './contentHash'

interface VersionRow {
  id: number
  report_id: number
  version: number
  previous_version_id: number | null
  base_interpretation_id: number | null
  document: string
  content: string
  content_sha256: string
  author_id: number
  author_name: string
  created_at: string
  updated_at: string
  state: 'working' | 'signed'
  amendment_reason: string | null
}

export interface StoredVersion {
  id: number
  reportId: number
  version: number
  previousVersionId: number | null
  baseInterpretationId: number | null
  document: ReviewDocument
  content: InterpretationDraft
  /** The stored bytes, exactly as hashed. */
  contentJson: string
  contentSha256: string
  state: 'working' | 'signed'
  amendmentReason: string | null
}

function toStored(r: VersionRow): StoredVersion {
  return {
    id: r.id,
    reportId: r.report_id,
    version: r.version,
    previousVersionId: r.previous_version_id,
    baseInterpretationId: r.base_interpretation_id,
    document: JSON.parse(r.document) as ReviewDocument,
    content: JSON.parse(r.content) as InterpretationDraft,
    contentJson: r.content,
    contentSha256: r.content_sha256,
    state: r.state,
    amendmentReason: r.amendment_reason,
  }
}

export function getVersion(db: Db, id: number): StoredVersion | undefined {
  const r = prepared(db, 'SELECT * FROM interpretation_versions WHERE id = ?').get(id) as VersionRow | undefined
  return r && toStored(r)
}

/** The report's newest signed version, or undefined. */
export function latestSignedVersion(db: Db, reportId: number): StoredVersion | undefined {
  const r = prepared(db, "SELECT * FROM interpretation_versions WHERE report_id = ? AND state = 'signed' ORDER BY version DESC LIMIT 1").get(reportId) as
    | VersionRow
    | undefined
  return r && toStored(r)
}

export function signedVersionCount(db: Db, reportId: number): number {
  return (prepared(db, "SELECT count(*) AS n FROM interpretation_versions WHERE report_id = ? AND state = 'signed'").get(reportId) as { n: number }).n
}

export interface NewVersion {
  reportId: number
  previousVersionId: number | null
  baseInterpretationId: number | null
  document: ReviewDocument
  content: InterpretationDraft
  author: SessionUser
  now: string
  amendmentReason: string | null
}

/** Inserts the report's next version, working. */
export function insertVersion(db: Db, v: NewVersion): number {
  const next = (prepared(db, 'SELECT coalesce(max(version), 0) + 1 AS n FROM interpretation_versions WHERE report_id = ?').get(v.reportId) as { n: number }).n
  const c = canonicalContent(v.content)
  const info = prepared(
    db,
    `INSERT INTO interpretation_versions (report_id, version, previous_version_id, base_interpretation_id, document, content, content_sha256,
       author_id, author_name, created_at, updated_at, state, amendment_reason)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'working', ?)`,
  ).run(v.reportId, next, v.previousVersionId, v.baseInterpretationId, JSON.stringify(v.document), c.json, c.sha256, v.author.id, v.author.displayName, v.now, v.now, v.amendmentReason)
  return Number(info.lastInsertRowid)
}

/** A working version's new content (the triggers refuse this for a signed one). */
export function updateWorkingVersion(db: Db, id: number, document: ReviewDocument, content: InterpretationDraft, now: string): void {
  const c = canonicalContent(content)
  prepared(db, "UPDATE interpretation_versions SET document = ?, content = ?, content_sha256 = ?, updated_at = ? WHERE id = ? AND state = 'working'").run(
    JSON.stringify(document),
    c.json,
    c.sha256,
    now,
    id,
  )
}

/** The working version's corrections, replaced by the current document's. */
export function replaceCorrections(db: Db, versionId: number, reportId: number, corrections: readonly CorrectionRecord[]): void {
  prepared(db, 'DELETE FROM corrections WHERE version_id = ?').run(versionId)
  const insert = prepared(
    db,
    `INSERT INTO corrections (version_id, report_id, seq, target, draft_index, result_index, action, reason_code, reason_list_version, comment, changed_fields, before, after)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  for (const c of corrections) {
    insert.run(versionId, reportId, c.seq, c.target, c.draftIndex, c.resultIndex, c.action, c.reason, REASON_CODES_VERSION, c.comment, JSON.stringify(c.changedFields), JSON.stringify(c.before), JSON.stringify(c.after))
  }
}

interface CorrectionRow {
  seq: number
  target: Correction['target']
  draft_index: number | null
  result_index: number | null
  action: Correction['action']
  reason_code: ReasonCode | null
  comment: string | null
  changed_fields: string
  before: string
  after: string
}

export function listCorrections(db: Db, versionId: number): Correction[] {
  return (prepared(db, 'SELECT * FROM corrections WHERE version_id = ? ORDER BY seq').all(versionId) as CorrectionRow[]).map((r) => ({
    seq: r.seq,
    target: r.target,
    draftIndex: r.draft_index,
    resultIndex: r.result_index,
    action: r.action,
    reason: r.reason_code,
    comment: r.comment,
    changedFields: JSON.parse(r.changed_fields) as Correction['changedFields'],
    before: JSON.parse(r.before) as Correction['before'],
    after: JSON.parse(r.after) as Correction['after'],
  }))
}

export interface NewSignature {
  versionId: number
  reportId: number
  signer: SessionUser
  now: string
  meaning: string
  contentSha256: string
  acknowledgement: string | null
}

/** Freezes the working version and records its signature, bound to the content hash. Call inside a transaction. */
export function signVersion(db: Db, s: NewSignature): number {
  prepared(db, "UPDATE interpretation_versions SET state = 'signed', updated_at = ? WHERE id = ? AND state = 'working'").run(s.now, s.versionId)
  const info = prepared(
    db,
    `INSERT INTO signatures (version_id, report_id, signer_id, signer_username, signer_name, signed_at, meaning, content_sha256, acknowledgement)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(s.versionId, s.reportId, s.signer.id, s.signer.username, s.signer.displayName, s.now, s.meaning, s.contentSha256, s.acknowledgement)
  return Number(info.lastInsertRowid)
}

interface SignatureRow {
  id: number
  version_id: number
  signer_id: number
  signer_name: string
  signed_at: string
  meaning: string
  content_sha256: string
  acknowledgement: string | null
}

const toSignature = (r: SignatureRow): Signature => ({
  id: r.id,
  versionId: r.version_id,
  signerId: r.signer_id,
  signerName: r.signer_name,
  signedAt: r.signed_at,
  meaning: r.meaning,
  contentSha256: r.content_sha256,
  acknowledgement: r.acknowledgement,
})

/** Every version of a report, oldest first, with its reason codes and signature. */
export function listVersions(db: Db, reportId: number): VersionSummary[] {
  const rows = prepared(db, 'SELECT * FROM interpretation_versions WHERE report_id = ? ORDER BY version').all(reportId) as VersionRow[]
  if (rows.length === 0) return []
  const signatures = new Map(
    (prepared(db, 'SELECT * FROM signatures WHERE report_id = ?').all(reportId) as SignatureRow[]).map((r) => [r.version_id, toSignature(r)]),
  )
  const codes = new Map<number, ReasonCode[]>()
  for (const r of prepared(db, 'SELECT DISTINCT version_id, reason_code FROM corrections WHERE report_id = ? AND reason_code IS NOT NULL ORDER BY reason_code').all(reportId) as {
    version_id: number
    reason_code: ReasonCode
  }[]) {
    codes.set(r.version_id, [...(codes.get(r.version_id) ?? []), r.reason_code])
  }
  const drafted = draftsBehind(db, rows)
  return rows.map((r) => ({
    id: r.id,
    version: r.version,
    previousVersionId: r.previous_version_id,
    state: r.state,
    author: { id: r.author_id, name: r.author_name },
    createdAt: r.created_at,
    contentSha256: r.content_sha256,
    amendmentReason: r.amendment_reason,
    reasonCodes: codes.get(r.id) ?? [],
    signature: signatures.get(r.id) ?? null,
    draftedWith: drafted.get(r.id) ?? null,
  }))
}

/** The model draft behind each version: its own base, or (an amendment has none) the base its chain started from. */
function draftsBehind(db: Db, rows: readonly VersionRow[]): Map<number, NonNullable<VersionSummary['draftedWith']>> {
  const baseOf = new Map<number, number | null>()
  // Oldest first: a version's predecessor is resolved before it.
  for (const r of rows) baseOf.set(r.id, r.base_interpretation_id ?? (r.previous_version_id === null ? null : (baseOf.get(r.previous_version_id) ?? null)))
  const out = new Map<number, NonNullable<VersionSummary['draftedWith']>>()
  const read = prepared(db, 'SELECT id, created_at, provenance FROM interpretations WHERE id = ?')
  for (const [versionId, interpretationId] of baseOf) {
    if (interpretationId === null) continue
    const i = read.get(interpretationId) as { id: number; created_at: string; provenance: string } | undefined
    if (i) out.set(versionId, { interpretationId: i.id, createdAt: i.created_at, model: modelName(JSON.parse(i.provenance) as Provenance) })
  }
  return out
}

function modelName(p: Provenance): string {
  return [p.baseModel.name, ...p.adapters.map((a) => `${a.name}×${a.scale}`)].join(' + ')
}
