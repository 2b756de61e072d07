// Shadow drafts in SQLite: the work still to do (derived, so it survives restarts), storing a draft or its failure, uncompared signed ones.
import type { Provenance } from '../../../shared/contract/interpret'
import type { Db } from '../../store/db'
import { prepared } from '../../store/prepared'

/**
 * At most this many of a version's newest reports are work: a shadow that fell further behind (an engine down for
 * days) is compared on fresh reports rather than spending days on old ones. The older ones are left, not queued.
 */
export const SHADOW_BACKLOG_CAP = 1000

export interface ShadowWork {
  versionId: number
  reportId: number
}

/**
 * The next report a shadow version still has to draft: a report drafted for clinicians since the version entered
 * shadow with no shadow_drafts row of that version; newest first (those are the ones about to be signed), within the
 * cap. A missing row is the whole record of the work, so nothing is lost in a crash.
 */
export function nextShadowWork(db: Db): ShadowWork | null {
  const r = prepared(
    db,
    `SELECT w.versionId, w.reportId FROM model_versions m,
       (SELECT m2.id AS versionId, i.report_id AS reportId, max(i.id) AS latest,
               row_number() OVER (PARTITION BY m2.id ORDER BY max(i.id) DESC) AS rank
        FROM model_versions m2 JOIN interpretations i ON i.created_at >= m2.state_changed_at
        WHERE m2.state = 'shadow'
        GROUP BY m2.id, i.report_id) w
     WHERE m.id = w.versionId AND w.rank <= ${SHADOW_BACKLOG_CAP}
       AND NOT EXISTS (SELECT 1 FROM shadow_drafts d WHERE d.report_id = w.reportId AND d.version_id = w.versionId)
     ORDER BY w.latest DESC LIMIT 1`,
  ).get() as ShadowWork | undefined
  return r ?? null
}

export interface NewShadowDraft {
  reportId: number
  versionId: number
  now: string
  /** '' when drafting failed; then `error` names why (a code, never the model's words). */
  rawOutput: string
  provenance: Provenance | { error: string }
  standing: 'verified' | 'issues' | 'contradiction' | null
}

/** Stores one shadow draft (or its failure, so it is not retried for ever); a second one for the same pair is ignored. */
export function storeShadowDraft(db: Db, d: NewShadowDraft): boolean {
  return (
    prepared(
      db,
      `INSERT OR IGNORE INTO shadow_drafts (report_id, version_id, created_at, raw_output, provenance, standing)
       VALUES (@reportId, @versionId, @now, @rawOutput, @provenance, @standing)`,
    ).run({ ...d, provenance: JSON.stringify(d.provenance) }).changes === 1
  )
}

/** Reports signed whose shadow drafts are not compared yet (a crash between the signature and the comparison). */
export function signedUncompared(db: Db): number[] {
  return prepared(
    db,
    `SELECT DISTINCT d.report_id FROM shadow_drafts d
     WHERE d.metrics IS NULL AND EXISTS (SELECT 1 FROM interpretation_versions v WHERE v.report_id = d.report_id AND v.version = 1 AND v.state = 'signed')`,
  )
    .pluck()
    .all() as number[]
}

export function isSigned(db: Db, reportId: number): boolean {
  return prepared(db, "SELECT 1 FROM interpretation_versions WHERE report_id = ? AND version = 1 AND state = 'signed'").get(reportId) !== undefined
}
