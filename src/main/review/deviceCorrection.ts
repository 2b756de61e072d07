// A device correction (HL7 OBX-11 C, FHIR corrected) after sign-off: the report comes back on the worklist with the
// changed observations recorded for highlighting. The signed version is not touched.
import { transition } from '../../shared/domain/reviewLifecycle'
import { appendAudit } from '../store/audit'
import type { Db } from '../store/db'
import { getReviewRow, reviewStatusOf, setReviewStatus, writeReviewRow } from './reviewStore'
import { signedVersionCount } from './versionStore'

/** Call inside the import's transaction, after the correction was applied. A no-op for a report never signed. */
export function markDeviceCorrected(db: Db, reportId: number, observationIds: readonly number[], now: string, actor: string): void {
  const signed = signedVersionCount(db, reportId)
  if (signed === 0 || observationIds.length === 0) return
  const status = reviewStatusOf(db, reportId)
  if (status === undefined) return
  const row = getReviewRow(db, reportId)
  const t = transition(status, 'device_corrected', { signedVersions: signed, workingVersion: row?.working_version_id != null })
  if (!t.ok) return
  // Corrections since the last signature accumulate: every value changed after sign-off stays highlighted.
  const earlier = row?.device_corrected_observation_ids ? (JSON.parse(row.device_corrected_observation_ids) as number[]) : []
  const ids = [...new Set([...earlier, ...observationIds])].sort((a, b) => a - b)
  writeReviewRow(db, reportId, { deviceCorrection: { at: now, observationIds: ids } }, now)
  setReviewStatus(db, reportId, t.status)
  appendAudit(db, { actor, action: 'review.deviceCorrected', entityType: 'report', entityId: reportId, details: { observationIds: ids, status: t.status } })
}
