// Reads for per-version monitoring: first signed reviews of drafts by a known model version, and shadow comparisons.
import type { Db } from '../../store/db'
import { prepared } from '../../store/prepared'
import type { ReviewRecord } from './figures'
import type { ShadowComparison, StoredShadowMetrics } from './shadowFigures'

// Version 1 only: an amendment revises a signed interpretation, it is not a review of the model's draft.
const REVIEWS_SQL = `
  SELECT i.model_version_id AS versionId, v.report_id AS reportId, json_array_length(i.draft, '$.findings') AS drafted,
         i.standing, i.created_at AS draftedAt, s.signed_at AS signedAt,
         coalesce(c.edited, 0) AS edited, coalesce(c.rejected, 0) AS rejected, coalesce(c.added, 0) AS added,
         coalesce(c.draftRejected, 0) AS draftRejected, coalesce(c.codes, '[]') AS codes
  FROM interpretation_versions v
  JOIN signatures s ON s.version_id = v.id
  JOIN interpretations i ON i.id = v.base_interpretation_id
  LEFT JOIN (
    SELECT version_id,
           sum(target = 'finding' AND action = 'edit') AS edited,
           sum(target = 'finding' AND action = 'reject') AS rejected,
           sum(target = 'finding' AND action = 'add') AS added,
           max(target = 'draft' AND action = 'reject') AS draftRejected,
           json_group_array(reason_code) FILTER (WHERE reason_code IS NOT NULL) AS codes
    FROM signed_corrections WHERE version = 1 GROUP BY version_id
  ) c ON c.version_id = v.id
  WHERE v.version = 1 AND i.model_version_id IS NOT NULL AND (@versionId IS NULL OR i.model_version_id = @versionId)
  ORDER BY s.signed_at DESC, s.id DESC LIMIT @limit`

interface Row {
  versionId: number
  reportId: number
  drafted: number
  standing: string
  draftedAt: string
  signedAt: string
  edited: number
  rejected: number
  added: number
  draftRejected: number
  codes: string
}

/** Oldest signature first; all versions, or one; only the newest `limit` (the alert's window) when given. */
export function reviewRecords(db: Db, versionId: number | null = null, limit = -1): ReviewRecord[] {
  return (prepared(db, REVIEWS_SQL).all({ versionId, limit }) as Row[]).reverse().map((r) => ({
    versionId: r.versionId,
    reportId: r.reportId,
    drafted: r.drafted,
    edited: r.edited,
    rejected: r.rejected,
    added: r.added,
    draftRejected: r.draftRejected === 1,
    evidenceFailure: r.standing !== 'verified',
    timeToSignMs: Math.max(0, Date.parse(r.signedAt) - Date.parse(r.draftedAt)),
    reasonCodes: JSON.parse(r.codes) as string[],
  }))
}

/** Compared shadow drafts of a version (those with a shown draft to set them beside). */
export function shadowComparisons(db: Db, versionId: number): ShadowComparison[] {
  const rows = prepared(db, 'SELECT metrics FROM shadow_drafts WHERE version_id = ? AND metrics IS NOT NULL ORDER BY id').all(versionId) as { metrics: string }[]
  return rows.map((r) => JSON.parse(r.metrics) as StoredShadowMetrics).filter((m): m is ShadowComparison => m.shown !== null)
}
