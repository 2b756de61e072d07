// Evaluation runs in SQLite (tables of migration 14): create with frozen versions and reports, results one row per draft, state, summary.
import type { EvalRunSummary, EvalSetSpec } from '../../../shared/contract/eval'
import { EvalSetSpecSchema } from '../../../shared/contract/eval'
import { AppError } from '../../../shared/errors'
import type { Db } from '../../store/db'
import type { EvalSetReport } from './evalSet'

export type RunState = EvalRunSummary['state']

export interface NewRun {
  actor: { id: number; name: string }
  set: EvalSetSpec
  gateText: string
  gateVersion: string
  seed: number
  /** Baseline first, then the candidates in order. */
  versions: { versionId: number; role: 'baseline' | 'candidate' }[]
  reports: readonly EvalSetReport[]
  now: string
}

export interface RunRow {
  id: number
  created_at: string
  created_by_name: string
  state: RunState
  set_spec: string
  gate_text: string
  gate_version: string
  seed: number
  report_count: number
  started_at: string | null
  finished_at: string | null
  result: string | null
  gate_pass: number | null
  error: string | null
}

export interface RunVersionRow {
  versionId: number
  role: 'baseline' | 'candidate'
  name: string
  fingerprint: string
}

export interface ResultRow {
  versionId: number
  reportId: number
  rawOutput: string
  provenance: string
  metrics: string
}

/** Stores the run, its versions and its frozen report set in one transaction; returns its id. */
export function createRun(db: Db, r: NewRun): number {
  return db.transaction(() => {
    const id = Number(
      db
        .prepare(
          `INSERT INTO eval_runs (created_at, created_by_id, created_by_name, state, set_spec, gate_text, gate_version, seed, report_count)
           VALUES (?, ?, ?, 'queued', ?, ?, ?, ?, ?)`,
        )
        .run(r.now, r.actor.id, r.actor.name, JSON.stringify(r.set), r.gateText, r.gateVersion, r.seed, r.reports.length).lastInsertRowid,
    )
    const version = db.prepare('INSERT INTO eval_run_versions (run_id, version_id, role, position) VALUES (?, ?, ?, ?)')
    r.versions.forEach((v, i) => version.run(id, v.versionId, v.role, i))
    const report = db.prepare('INSERT INTO eval_run_reports (run_id, report_id, reference_version_id) VALUES (?, ?, ?)')
    for (const x of r.reports) report.run(id, x.reportId, x.referenceVersionId)
    return id
  })()
}

export function getRunRow(db: Db, id: number): RunRow {
  const row = db.prepare('SELECT * FROM eval_runs WHERE id = ?').get(id) as RunRow | undefined
  if (row === undefined) throw new AppError('NOT_FOUND', `No evaluation run ${id}.`)
  return row
}

export function listRunIds(db: Db): number[] {
  return (db.prepare('SELECT id FROM eval_runs ORDER BY id DESC').all() as { id: number }[]).map((r) => r.id)
}

export function runIdsInState(db: Db, state: RunState): number[] {
  return (db.prepare('SELECT id FROM eval_runs WHERE state = ? ORDER BY id').all(state) as { id: number }[]).map((r) => r.id)
}

export function runVersions(db: Db, runId: number): RunVersionRow[] {
  return db
    .prepare(
      `SELECT rv.version_id AS versionId, rv.role, mv.name, mv.fingerprint
       FROM eval_run_versions rv JOIN model_versions mv ON mv.id = rv.version_id
       WHERE rv.run_id = ? ORDER BY rv.position`,
    )
    .all(runId) as RunVersionRow[]
}

export function runReports(db: Db, runId: number): EvalSetReport[] {
  return db.prepare('SELECT report_id AS reportId, reference_version_id AS referenceVersionId FROM eval_run_reports WHERE run_id = ? ORDER BY report_id').all(runId) as EvalSetReport[]
}

/** The run's reports that `versionId` has not drafted yet: the work a resumed run still does. */
export function missingReports(db: Db, runId: number, versionId: number): EvalSetReport[] {
  return db
    .prepare(
      `SELECT rr.report_id AS reportId, rr.reference_version_id AS referenceVersionId FROM eval_run_reports rr
       WHERE rr.run_id = @runId AND NOT EXISTS (SELECT 1 FROM eval_results e WHERE e.run_id = @runId AND e.version_id = @versionId AND e.report_id = rr.report_id)
       ORDER BY rr.report_id`,
    )
    .all({ runId, versionId }) as EvalSetReport[]
}

/** Drafts stored per version. */
export function doneCounts(db: Db, runId: number): Map<number, number> {
  const rows = db.prepare('SELECT version_id AS versionId, count(*) AS n FROM eval_results WHERE run_id = ? GROUP BY version_id').all(runId) as { versionId: number; n: number }[]
  return new Map(rows.map((r) => [r.versionId, r.n]))
}

export interface NewResult {
  runId: number
  versionId: number
  reportId: number
  now: string
  rawOutput: string
  provenance: unknown
  metrics: { schemaValid: boolean; evidenceFailure: boolean; missedCriticalIds: readonly number[]; findings: { f1: number } }
}

/**
 * One draft's result. A result already stored for the pair is kept (INSERT OR IGNORE): a draft finished twice (a
 * resumed run racing one still alive) is counted once.
 */
export function insertResult(db: Db, r: NewResult): boolean {
  return (
    db
      .prepare(
        `INSERT OR IGNORE INTO eval_results (run_id, version_id, report_id, created_at, raw_output, provenance, metrics, schema_valid, evidence_failure, missed_critical, finding_f1)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        r.runId,
        r.versionId,
        r.reportId,
        r.now,
        r.rawOutput,
        JSON.stringify(r.provenance),
        JSON.stringify(r.metrics),
        r.metrics.schemaValid ? 1 : 0,
        r.metrics.evidenceFailure ? 1 : 0,
        r.metrics.missedCriticalIds.length,
        r.metrics.findings.f1,
      ).changes === 1
  )
}

export function loadResults(db: Db, runId: number, versionId: number): ResultRow[] {
  return db
    .prepare('SELECT version_id AS versionId, report_id AS reportId, raw_output AS rawOutput, provenance, metrics FROM eval_results WHERE run_id = ? AND version_id = ? ORDER BY report_id')
    .all(runId, versionId) as ResultRow[]
}

export function getResult(db: Db, runId: number, versionId: number, reportId: number): ResultRow | undefined {
  return db
    .prepare('SELECT version_id AS versionId, report_id AS reportId, raw_output AS rawOutput, provenance, metrics FROM eval_results WHERE run_id = ? AND version_id = ? AND report_id = ?')
    .get(runId, versionId, reportId) as ResultRow | undefined
}

/** Moves a run that is not done to running (clearing an earlier error), or to failed/cancelled with a reason. */
export function setRunState(db: Db, id: number, state: 'running' | 'failed' | 'cancelled', now: string, error: string | null = null): void {
  db.prepare(
    `UPDATE eval_runs SET state = @state, error = @error,
       started_at = CASE WHEN @state = 'running' THEN coalesce(started_at, @now) ELSE started_at END,
       finished_at = CASE WHEN @state = 'running' THEN NULL ELSE @now END
     WHERE id = @id AND state != 'done'`,
  ).run({ id, state, error, now })
}

export function finishRun(db: Db, id: number, result: string, pass: boolean, now: string): void {
  db.prepare("UPDATE eval_runs SET state = 'done', result = ?, gate_pass = ?, finished_at = ?, error = NULL WHERE id = ?").run(result, pass ? 1 : 0, now, id)
}

export function setSpecOf(row: RunRow): EvalSetSpec {
  return EvalSetSpecSchema.parse(JSON.parse(row.set_spec))
}
