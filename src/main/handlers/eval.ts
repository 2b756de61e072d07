// Handlers for eval.* methods: start, list, show, cancel and resume evaluation runs, and their printable report.
// Results are model-quality data for the people who choose models: ml or admin.
import type { evalContract } from '../../shared/contract/eval'
import { AppError } from '../../shared/errors'
import { requireRole } from '../auth/requireRole'
import { renderEvalReportHtml } from '../eval/report/html'
import { createEvalRun } from '../eval/run/createRun'
import { getRunRow, listRunIds } from '../eval/run/runStore'
import { runDetail, runSummary } from '../eval/run/runView'
import { appendAudit } from '../store/audit'
import type { Services } from '../services'
import type { HandlersFor } from './types'

const summary = (s: Services, id: number) => runSummary(s.db, id, s.evalRuns.etaSeconds(id))

/** Starts drafting in the background; a failure is stored on the run (state failed, with the reason), not thrown here. */
function launch(s: Services, id: number): void {
  s.evalRuns.start(id).catch((err: unknown) => s.log.error(`Evaluation run ${id} could not start`, err))
}

export const evalHandlers: HandlersFor<keyof typeof evalContract> = {
  'eval.start': (input, s, ctx) => {
    const user = requireRole(ctx, 'ml', 'admin')
    const { runId, createdVersionIds } = createEvalRun(s.db, input, { id: user.id, name: user.username }, new Date().toISOString())
    const row = getRunRow(s.db, runId)
    appendAudit(s.db, {
      actor: user.username,
      action: 'eval.started',
      entityType: 'eval_run',
      entityId: runId,
      details: { reports: row.report_count, gateVersion: row.gate_version, seed: row.seed, createdVersionIds, set: input.set },
    })
    launch(s, runId)
    return summary(s, runId)
  },
  'eval.list': (_input, s, ctx) => {
    requireRole(ctx, 'ml', 'admin')
    return listRunIds(s.db).map((id) => summary(s, id))
  },
  'eval.show': ({ id }, s, ctx) => {
    requireRole(ctx, 'ml', 'admin')
    return runDetail(s.db, id, s.evalRuns.etaSeconds(id))
  },
  'eval.cancel': async ({ id }, s, ctx) => {
    const user = requireRole(ctx, 'ml', 'admin')
    await s.evalRuns.cancel(id)
    appendAudit(s.db, { actor: user.username, action: 'eval.cancelled', entityType: 'eval_run', entityId: id, details: {} })
    return summary(s, id)
  },
  'eval.resume': ({ id }, s, ctx) => {
    const user = requireRole(ctx, 'ml', 'admin')
    const row = getRunRow(s.db, id)
    if (row.state === 'done') throw new AppError('CONFLICT', `Evaluation run ${id} is done: there is nothing to resume.`)
    appendAudit(s.db, { actor: user.username, action: 'eval.resumed', entityType: 'eval_run', entityId: id, details: { from: row.state } })
    launch(s, id)
    return summary(s, id)
  },
  'eval.reportHtml': ({ id }, s, ctx) => {
    requireRole(ctx, 'ml', 'admin')
    const detail = runDetail(s.db, id, null)
    if (detail.analysis === null) throw new AppError('CONFLICT', `Evaluation run ${id} is ${detail.state}: its report is written once the run is done.`)
    return { html: renderEvalReportHtml(detail) }
  },
}
