// The reports an evaluation run evaluates: signed reports (the export's frozen test split, or all), filtered, each with its latest signed version as the reference.
import type { EvalSetSpec } from '../../../shared/contract/eval'
import type { Db } from '../../store/db'

export interface EvalSetReport {
  reportId: number
  /** interpretation_versions.id of the report's latest signed version. */
  referenceVersionId: number
}

/** A bare date as the upper bound includes that whole day (as the export's filters do). */
export function upperBound(to: string): string {
  return to.length === 10 ? `${to}T23:59:59.999Z` : to
}

/**
 * Report ids in ascending order. The test split is the one the training-data export froze per patient
 * (export_patient_splits): reports of those patients were never exported for training, so a model trained on the
 * exports has not seen them.
 */
export function selectEvalSet(db: Db, spec: EvalSetSpec): EvalSetReport[] {
  const kinds = spec.kinds.length > 0 ? spec.kinds : null
  const rows = db
    .prepare(
      `SELECT v.report_id AS reportId, v.id AS referenceVersionId, r.kind AS kind
       FROM interpretation_versions v
       JOIN signatures s ON s.version_id = v.id
       JOIN reports r ON r.id = v.report_id
       WHERE v.state = 'signed'
         AND v.version = (SELECT max(x.version) FROM interpretation_versions x WHERE x.report_id = v.report_id AND x.state = 'signed')
         AND (@test = 0 OR r.patient_id IN (SELECT patient_id FROM export_patient_splits WHERE split = 'test'))
         AND (@from IS NULL OR s.signed_at >= @from)
         AND (@to IS NULL OR s.signed_at <= @to)
         AND (@reviewer IS NULL OR s.signer_username = @reviewer)
       ORDER BY v.report_id`,
    )
    .all({ test: spec.set === 'test' ? 1 : 0, from: spec.from, to: spec.to === null ? null : upperBound(spec.to), reviewer: spec.reviewer }) as (EvalSetReport & { kind: string })[]
  return rows.filter((r) => kinds === null || kinds.includes(r.kind)).map(({ reportId, referenceVersionId }) => ({ reportId, referenceVersionId }))
}
