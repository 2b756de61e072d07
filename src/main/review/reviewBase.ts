// What a review decides on: the model draft it started from, the signed version an amendment amends, or nothing.
import type { InterpretationDraft } from '../../shared/domain/interpretation'
import type { Db } from '../store/db'
import { prepared } from '../store/prepared'
import type { ReviewRow } from './reviewStore'
import { getVersion } from './versionStore'

export interface ReviewBase {
  kind: 'draft' | 'version' | 'none'
  interpretationId: number | null
  versionId: number | null
  content: InterpretationDraft | null
  /** The draft's stored evidence-check issues (findingIndex = draftIndex); empty for a version. */
  issues: { code: string; findingIndex: number | null; message: string }[]
}

const NONE: ReviewBase = { kind: 'none', interpretationId: null, versionId: null, content: null, issues: [] }

export function latestInterpretationId(db: Db, reportId: number): number | null {
  return (prepared(db, 'SELECT id FROM interpretations WHERE report_id = ? ORDER BY id DESC LIMIT 1').get(reportId) as { id: number } | undefined)?.id ?? null
}

function draftBase(db: Db, interpretationId: number): ReviewBase {
  const r = prepared(db, 'SELECT draft, evidence_check FROM interpretations WHERE id = ?').get(interpretationId) as { draft: string; evidence_check: string } | undefined
  if (!r) return NONE
  const check = JSON.parse(r.evidence_check) as { issues: { code: string; findingIndex: number | null; message: string }[] }
  return {
    kind: 'draft',
    interpretationId,
    versionId: null,
    content: JSON.parse(r.draft) as InterpretationDraft,
    issues: check.issues.map((i) => ({ code: i.code, findingIndex: i.findingIndex, message: i.message })),
  }
}

/**
 * The review's base: an open amendment's (or a signed report's) version, else the draft the review started from, else
 * (no review yet, or `rebase`) the newest draft.
 */
export function resolveBase(db: Db, reportId: number, row: ReviewRow | undefined, rebase = false): ReviewBase {
  if (row?.base_version_id != null) {
    const v = getVersion(db, row.base_version_id)
    if (v) return { kind: 'version', interpretationId: null, versionId: v.id, content: v.content, issues: [] }
  }
  if (!rebase && row?.working_version_id != null) return row.base_interpretation_id === null ? NONE : draftBase(db, row.base_interpretation_id)
  const latest = latestInterpretationId(db, reportId)
  return latest === null ? NONE : draftBase(db, latest)
}
