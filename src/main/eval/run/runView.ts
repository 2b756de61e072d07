// Evaluation runs as the contract shows them: the summary with progress, and the detail with the analysis and the worst reports side by side.
import { EvaluationAnalysisSchema, type EvalRunDetail, type EvalRunSummary } from '../../../shared/contract/eval'
import { parseDraft } from '../../../shared/domain/interpretation'
import { getVersion as getSignedVersion } from '../../review/versionStore'
import type { Db } from '../../store/db'
import type { ReportMetrics } from '../types'
import { doneCounts, getResult, getRunRow, runReports, runVersions, setSpecOf } from './runStore'

export function runSummary(db: Db, id: number, etaSeconds: number | null): EvalRunSummary {
  const row = getRunRow(db, id)
  const versions = runVersions(db, id)
  const counts = doneCounts(db, id)
  const perVersion = versions.map((v) => ({ versionId: v.versionId, done: counts.get(v.versionId) ?? 0, total: row.report_count }))
  return {
    id: row.id,
    state: row.state,
    createdAt: row.created_at,
    createdBy: row.created_by_name,
    set: setSpecOf(row),
    gate: { version: row.gate_version },
    seed: row.seed,
    reportCount: row.report_count,
    versions: versions.map((v) => ({ versionId: v.versionId, name: v.name, fingerprint: v.fingerprint, role: v.role })),
    progress: {
      done: perVersion.reduce((s, v) => s + v.done, 0),
      total: row.report_count * versions.length,
      etaSeconds: row.state === 'running' ? etaSeconds : null,
      versions: perVersion,
    },
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    gatePass: row.gate_pass === null ? null : row.gate_pass === 1,
    error: row.error,
  }
}

function evalDraft(db: Db, runId: number, versionId: number, reportId: number): EvalRunDetail['worstDrafts'][number]['baseline'] | null {
  const r = getResult(db, runId, versionId, reportId)
  if (!r) return null
  const parsed = parseDraft(r.rawOutput)
  const metrics = JSON.parse(r.metrics) as Pick<ReportMetrics, 'standing' | 'schemaError'>
  return { versionId, rawOutput: r.rawOutput, draft: parsed.ok ? parsed.draft : null, schemaError: parsed.ok ? null : parsed.error, standing: metrics.standing }
}

export function runDetail(db: Db, id: number, etaSeconds: number | null): EvalRunDetail {
  const summary = runSummary(db, id, etaSeconds)
  const stored = getRunRow(db, id).result
  // Stored as JSON: undefined figures (NaN) became null, as the schema expects.
  const analysis = stored === null ? null : EvaluationAnalysisSchema.parse(JSON.parse(stored))
  const worstDrafts: EvalRunDetail['worstDrafts'] = []
  const baselineId = summary.versions.find((v) => v.role === 'baseline')?.versionId
  if (analysis && baselineId !== undefined) {
    const references = new Map(runReports(db, id).map((r) => [r.reportId, r.referenceVersionId]))
    for (const c of analysis.candidates) {
      for (const w of c.worst) {
        const baseline = evalDraft(db, id, baselineId, w.reportId)
        const candidate = evalDraft(db, id, c.versionId, w.reportId)
        const signed = getSignedVersion(db, references.get(w.reportId) ?? 0)
        if (baseline && candidate && signed) worstDrafts.push({ candidateVersionId: c.versionId, reportId: w.reportId, baseline, candidate, signed: signed.content })
      }
    }
  }
  return { ...summary, analysis, worstDrafts }
}
