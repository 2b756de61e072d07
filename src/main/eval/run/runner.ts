// Runs evaluation runs: drafts every (version, report) pair not yet stored through the version engine, scores each
// draft against the signed version, and analyses the run when the last one is in. Resumable by construction: what
// is stored is done, what is missing is drafted.
import { setMaxListeners } from 'node:events'
import type { ReportDetail } from '../../../shared/contract/reports'
import { AppError } from '../../../shared/errors'
import type { EventBus } from '../../eventBus'
import { priorReportsFor } from '../../llm/interpretations'
import type { PriorReport } from '../../llm/prompt/context'
import type { VersionDraft, VersionEngine } from '../../llm/versionEngine'
import type { Logger } from '../../log'
import { getVersion as getSignedVersion } from '../../review/versionStore'
import type { Db } from '../../store/db'
import { getReport } from '../../store/reportRead'
import { analyseRun, type VersionResults } from '../analysis'
import type { DraftCost } from '../cost'
import { loadGate } from '../gate/loadGate'
import { reportMetrics } from '../reportMetrics'
import { subgroupFacts, type SubgroupFacts } from '../subgroups'
import type { ReportMetrics } from '../types'
import { getVersion } from '../versionsStore'
import type { EvalSetReport } from './evalSet'
import { doneCounts, finishRun, getRunRow, insertResult, loadResults, missingReports, runIdsInState, runReports, runVersions, setRunState } from './runStore'
import type { InterpretationDraft } from '../../../shared/domain/interpretation'

interface Active {
  controller: AbortController
  done: Promise<void>
  /** Drafts stored by this process for the run, and when it began, for the time left. */
  storedHere: number
  since: number
  cancelled: boolean
}

/** What the run's own work cost beside the drafts (for the benchmark's overhead figure). */
export interface RunOverhead {
  draftWallMs: number
  metricsMs: number
  analysisMs: number
}

interface Case {
  report: ReportDetail
  priorReports: PriorReport[]
  reference: InterpretationDraft
}

export class EvalRuns {
  private readonly active = new Map<number, Active>()
  private disposed = false
  /** The last run analysed in this process: its overhead. */
  lastOverhead: RunOverhead | null = null

  constructor(
    private readonly deps: { db: Db; events: EventBus; log: Logger },
    private readonly engine: VersionEngine,
  ) {}

  /** Starts (or resumes) drafting a run in the background; a run already going in this process is left as it is. */
  start(runId: number): Promise<void> {
    const running = this.active.get(runId)
    if (running) return running.done
    const row = getRunRow(this.deps.db, runId)
    if (row.state === 'done') return Promise.resolve()
    setRunState(this.deps.db, runId, 'running', new Date().toISOString())
    const a: Active = { controller: new AbortController(), done: Promise.resolve(), storedHere: 0, since: performance.now(), cancelled: false }
    // One signal for every draft of the run; each running draft listens to it (as many as the engine's sequences).
    setMaxListeners(0, a.controller.signal)
    this.active.set(runId, a)
    a.done = this.execute(runId, a)
      .catch((err: unknown) => {
        if (this.disposed || a.cancelled) return
        // The code and message only: draft errors name ids and settings, never report text.
        const message = err instanceof AppError ? `${err.code}: ${err.message}` : 'INTERNAL: the run stopped on an unexpected error (see the log).'
        if (!(err instanceof AppError)) this.deps.log.error(`Evaluation run ${runId} failed`, err)
        setRunState(this.deps.db, runId, 'failed', new Date().toISOString(), message)
        this.emitProgress(runId)
      })
      .finally(() => this.active.delete(runId))
    return a.done
  }

  /** Waits for a run started in this process; resolves at once when none is going. */
  wait(runId: number): Promise<void> {
    return this.active.get(runId)?.done ?? Promise.resolve()
  }

  isActive(runId: number): boolean {
    return this.active.has(runId)
  }

  /** Stops a run: drafts not yet made are not made; stored ones stay, so it can be resumed. */
  async cancel(runId: number): Promise<void> {
    const row = getRunRow(this.deps.db, runId)
    if (row.state === 'done') throw new AppError('CONFLICT', `Evaluation run ${runId} is done: there is nothing to cancel.`)
    const a = this.active.get(runId)
    setRunState(this.deps.db, runId, 'cancelled', new Date().toISOString())
    if (a) {
      a.cancelled = true
      a.controller.abort()
      await a.done
    }
    this.emitProgress(runId)
  }

  /** Long-running hosts: runs that were going when the process ended continue. */
  resumeInterrupted(): void {
    for (const id of [...runIdsInState(this.deps.db, 'running'), ...runIdsInState(this.deps.db, 'queued')]) {
      void this.start(id)
    }
  }

  /** Seconds left for a run going in this process, from its speed here; null when unknown. */
  etaSeconds(runId: number): number | null {
    const a = this.active.get(runId)
    if (!a || a.storedHere === 0) return null
    const { done, total } = this.counts(runId)
    return Math.round((((performance.now() - a.since) / a.storedHere) * (total - done)) / 1000)
  }

  private counts(runId: number): { done: number; total: number; versions: { versionId: number; done: number; total: number }[] } {
    const reports = getRunRow(this.deps.db, runId).report_count
    const counts = doneCounts(this.deps.db, runId)
    const versions = runVersions(this.deps.db, runId).map((v) => ({ versionId: v.versionId, done: counts.get(v.versionId) ?? 0, total: reports }))
    return { done: versions.reduce((s, v) => s + v.done, 0), total: reports * versions.length, versions }
  }

  private emitProgress(runId: number): void {
    const { state } = getRunRow(this.deps.db, runId)
    this.deps.events.emit('eval.progress', { runId, state, ...this.counts(runId), etaSeconds: state === 'running' ? this.etaSeconds(runId) : null })
  }

  private async execute(runId: number, a: Active): Promise<void> {
    const db = this.deps.db
    const row = getRunRow(db, runId)
    const gate = loadGate(row.gate_text)
    if (!gate.ok) throw new AppError('INVALID_INPUT', `The run's stored gate file is invalid (line ${gate.errors[0]?.line ?? 1}).`)
    const versions = runVersions(db, runId).map((v) => getVersion(db, v.versionId))
    this.emitProgress(runId)
    const cases = new Map<number, Case>()
    const caseOf = (r: EvalSetReport): Case => {
      let c = cases.get(r.reportId)
      if (!c) {
        const report = getReport(db, r.reportId)
        const signed = getSignedVersion(db, r.referenceVersionId)
        if (!report || !signed) throw new AppError('NOT_FOUND', `Report ${r.reportId} or its signed version ${r.referenceVersionId} is no longer there.`)
        c = { report, priorReports: priorReportsFor(db, report), reference: signed.content }
        cases.set(r.reportId, c)
      }
      return c
    }
    let metricsMs = 0
    let firstError: unknown = null
    const store = (r: EvalSetReport, d: VersionDraft) => {
      const c = caseOf(r)
      const t0 = performance.now()
      const metrics = reportMetrics({ report: c.report, priorReports: c.priorReports, output: d.draft ?? d.rawOutput, reference: c.reference })
      metricsMs += performance.now() - t0
      db.transaction(() => insertResult(db, { runId, versionId: d.versionId, reportId: r.reportId, now: new Date().toISOString(), rawOutput: d.rawOutput, provenance: d.provenance, metrics }))()
      a.storedHere++
      this.emitProgress(runId)
    }
    // Every missing pair is asked for at once: the engine drafts them version by version on its parallel sequences,
    // and a draft of higher priority (a canary's) goes between versions.
    const tasks: Promise<void>[] = []
    for (const v of versions) {
      for (const r of missingReports(db, runId, v.id)) {
        tasks.push(
          this.engine
            .draftWith(v, r.reportId, { priority: 'eval', signal: a.controller.signal, sampling: { temperature: 0, seed: row.seed } })
            .then((d) => store(r, d))
            .catch((err: unknown) => {
              if (firstError === null) firstError = err
              a.controller.abort()
            }),
        )
      }
    }
    await Promise.all(tasks)
    if (firstError !== null) throw firstError
    if (a.controller.signal.aborted) return

    const t0 = performance.now()
    const results = (versionId: number): VersionResults => {
      const rows = loadResults(db, runId, versionId)
      return {
        versionId,
        rows: rows.map((x) => JSON.parse(x.metrics) as ReportMetrics),
        costs: rows.map((x) => {
          const p = JSON.parse(x.provenance) as DraftCost
          return { promptTokens: p.promptTokens, outputTokens: p.outputTokens, tokensPerSecond: p.tokensPerSecond, timeToFirstTokenMs: p.timeToFirstTokenMs, wallMs: p.wallMs }
        }),
      }
    }
    const [baseline, ...candidates] = versions.map((v) => results(v.id))
    const facts = new Map<number, SubgroupFacts>()
    for (const r of runReports(db, runId)) facts.set(r.reportId, subgroupFacts(caseOf(r).report))
    const analysis = analyseRun(gate.gate, baseline!, candidates, facts)
    const analysisMs = performance.now() - t0
    finishRun(db, runId, JSON.stringify(analysis), analysis.pass, new Date().toISOString())
    this.lastOverhead = { draftWallMs: [baseline!, ...candidates].reduce((s, v) => s + v.costs.reduce((x, c) => x + c.wallMs, 0), 0), metricsMs, analysisMs }
    this.emitProgress(runId)
  }

  /** Stops drafting; runs stay 'running' in the database and continue at the next start (or `readout eval run --resume`). */
  async dispose(): Promise<void> {
    this.disposed = true
    for (const a of this.active.values()) a.controller.abort()
    await Promise.all([...this.active.values()].map((a) => a.done))
  }
}
