// Runs the rules on stored reports: one report (at import), or the whole store (when the rules change).
import { evaluateReport, type PriorLookup, type ReportInput } from '../rules/engine'
import type { CompiledRuleSet } from '../rules/compile'
import type { Db } from '../store/db'
import { replaceFindings } from '../store/findings'
import { observationFromRow, type ObservationRow } from '../store/observationRow'
import { prepared } from '../store/prepared'
import type { WrittenReport } from '../store/reportWrite'

interface ReportRow {
  id: number
  patient_id: number
  kind: string
  observed_at: string | null
  sort_at: string
  metrics: string
  sex: string | null
  birth_date: string | null
}

/**
 * The patient's latest earlier value of a code. CROSS JOIN keeps reports as the outer loop and INDEXED BY reaches
 * their observations by report: this walks one patient's few reports, not every observation of the code in the store
 * (the planner's own choice), which made re-evaluating a large store quadratic.
 */
export const PRIOR_VALUE_SQL = `SELECT o.id AS observationId, r.id AS reportId, o.value_num AS value, coalesce(o.ucum_unit, o.unit) AS unit,
    coalesce(o.observed_at, r.sort_at) AS observedAt
  FROM reports r CROSS JOIN observations o INDEXED BY observations_report ON o.report_id = r.id
  WHERE r.patient_id = @patient AND (r.sort_at < @sortAt OR (r.sort_at = @sortAt AND r.id < @id))
    AND o.code_system = @system AND o.code = @code AND o.value_num IS NOT NULL
    AND o.status NOT IN ('entered-in-error', 'cancelled')
  ORDER BY r.sort_at DESC, r.id DESC LIMIT 1`

function priorLookup(db: Db, r: { id: number; patientId: number; sortAt: string }): PriorLookup {
  return (system, code) =>
    prepared(db, PRIOR_VALUE_SQL).get({ patient: r.patientId, sortAt: r.sortAt, id: r.id, system, code }) as
      | { observationId: number; reportId: number; value: number; unit: string | null; observedAt: string }
      | undefined
}

/** Evaluates one stored report and replaces its findings. Call inside a transaction. Returns the finding count. */
export function evaluateStoredReport(db: Db, compiled: CompiledRuleSet, reportId: number, now: string): number {
  const r = prepared(
    db,
    `SELECT r.id, r.patient_id, r.kind, r.observed_at, r.sort_at, r.metrics, p.sex, p.birth_date
     FROM reports r JOIN patients p ON p.id = r.patient_id WHERE r.id = ?`,
  ).get(reportId) as ReportRow | undefined
  if (!r) return 0
  const observations = (prepared(db, 'SELECT * FROM observations WHERE report_id = ? ORDER BY seq').all(reportId) as ObservationRow[]).map((o) => observationFromRow(o))
  const report: ReportInput = {
    id: r.id,
    kind: r.kind,
    observedAt: r.observed_at,
    metrics: JSON.parse(r.metrics) as Record<string, number>,
    patient: { sex: r.sex, birthDate: r.birth_date },
    observations,
  }
  const findings = evaluateReport(compiled, { report, prior: priorLookup(db, { id: r.id, patientId: r.patient_id, sortAt: r.sort_at }) })
  replaceFindings(db, reportId, findings, now)
  return findings.length
}

/**
 * Evaluates a report just inserted in the current transaction, from what was written (no read-back); gives the same
 * findings as evaluateStoredReport. Call inside that transaction. Returns the finding count.
 */
export function evaluateWrittenReport(db: Db, compiled: CompiledRuleSet, written: WrittenReport, now: string): number {
  const report: ReportInput = {
    id: written.id,
    kind: written.kind,
    observedAt: written.observedAt,
    metrics: written.metrics,
    patient: written.patient,
    observations: written.observations,
  }
  const findings = evaluateReport(compiled, { report, prior: priorLookup(db, written) })
  replaceFindings(db, written.id, findings, now, { fresh: written.fresh })
  return findings.length
}

export interface ReevaluateProgress {
  done: number
  total: number
}

/**
 * Re-evaluates every report in transactions of a few hundred reports, yielding to the event loop between
 * chunks so progress can be shown and other writers (MLLP) get their turn. Order does not matter: rules read
 * earlier observations, never earlier findings.
 */
export async function reevaluateAll(
  db: Db,
  compiled: CompiledRuleSet,
  onProgress: (p: ReevaluateProgress) => void,
): Promise<{ reports: number; findings: number; seconds: number }> {
  const t0 = performance.now()
  const total = (prepared(db, 'SELECT count(*) AS n FROM reports').get() as { n: number }).n
  let done = 0
  let findings = 0
  let afterId = 0
  const now = new Date().toISOString()
  const page = prepared(db, 'SELECT id FROM reports WHERE id > ? ORDER BY id LIMIT 500')
  for (;;) {
    const ids = (page.all(afterId) as { id: number }[]).map((r) => r.id)
    if (ids.length === 0) break
    db.transaction(() => {
      for (const id of ids) findings += evaluateStoredReport(db, compiled, id, now)
    })()
    done += ids.length
    afterId = ids[ids.length - 1]!
    onProgress({ done, total })
    await new Promise((resolve) => setImmediate(resolve))
  }
  return { reports: done, findings, seconds: (performance.now() - t0) / 1000 }
}
