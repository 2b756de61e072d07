// Findings repository: replace a report's findings (with its triage columns), read them back, prior values.
import type { StoredFinding } from '../../shared/contract/rules'
import { SEVERITY_RANK, type Finding, type Severity } from '../../shared/domain/findings'
import type { Db } from './db'
import { prepared } from './prepared'

const SEVERITY_BY_RANK: Severity[] = ['info', 'abnormal', 'critical']

export function severityFromRank(rank: number | null): Severity | null {
  return rank === null ? null : (SEVERITY_BY_RANK[rank] ?? null)
}

/** Worst first; within a severity, in rule order. */
function byWorst(a: Finding, b: Finding): number {
  return SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]
}

/**
 * Replaces the report's findings and its triage columns. Call inside a transaction. `fresh`: the report was inserted
 * in this transaction, so it has no findings yet and its triage columns are NULL; nothing to delete or reset.
 */
export function replaceFindings(db: Db, reportId: number, findings: Finding[], now: string, opts: { fresh?: boolean } = {}): void {
  if (opts.fresh && findings.length === 0) return
  if (!opts.fresh) prepared(db, 'DELETE FROM findings WHERE report_id = ?').run(reportId)
  const sorted = [...findings].sort(byWorst)
  const insert = prepared(
    db,
    `INSERT INTO findings (report_id, seq, rule_id, rule_set_version, severity, title, message, source, observation_ids, "values",
       device_flag, disagreement, not_evaluated, evaluated_at)
     VALUES (@reportId, @seq, @ruleId, @version, @severity, @title, @message, @source, @obs, @values, @flag, @disagreement, @notEvaluated, @now)`,
  )
  sorted.forEach((f, i) =>
    insert.run({
      reportId,
      seq: i + 1,
      ruleId: f.ruleId,
      version: f.ruleSetVersion,
      severity: f.severity,
      title: f.title,
      message: f.message,
      source: f.source,
      obs: JSON.stringify(f.observationIds),
      values: JSON.stringify(f.values),
      flag: f.deviceFlag ?? null,
      disagreement: f.disagreement ?? null,
      notEvaluated: f.notEvaluated ?? null,
      now,
    }),
  )
  // A finding that could not be evaluated says nothing about severity; it must not raise the row.
  const ranked = sorted.find((f) => !f.notEvaluated)
  if (opts.fresh && !ranked) return
  prepared(db, 'UPDATE reports SET max_severity = ?, top_finding = ? WHERE id = ?').run(
    ranked ? SEVERITY_RANK[ranked.severity] : null,
    ranked ? ranked.message : null,
    reportId,
  )
}

interface FindingRow {
  id: number
  rule_id: string
  rule_set_version: string
  severity: Severity
  title: string
  message: string
  source: string
  observation_ids: string
  values: string
  device_flag: string | null
  disagreement: string | null
  not_evaluated: string | null
}

export function listFindings(db: Db, reportId: number): StoredFinding[] {
  return (prepared(db, 'SELECT * FROM findings WHERE report_id = ? ORDER BY seq').all(reportId) as FindingRow[]).map((r) => ({
    id: r.id,
    ruleId: r.rule_id,
    ruleSetVersion: r.rule_set_version,
    severity: r.severity,
    title: r.title,
    message: r.message,
    source: r.source,
    observationIds: JSON.parse(r.observation_ids) as number[],
    values: JSON.parse(r.values) as Record<string, number | string>,
    deviceFlag: r.device_flag,
    disagreement: r.disagreement,
    notEvaluated: r.not_evaluated,
  }))
}
