// The persisted interpretation queue: survives restarts (running jobs go back to queued), runs N reports at a time.
import type { QueueFailures, QueueStatus } from '../../shared/contract/interpret'
import { AppError } from '../../shared/errors'
import type { EventBus } from '../eventBus'
import type { Logger } from '../log'
import type { Db } from '../store/db'
import { getConfig } from '../store/models'
import { patientDisplayName } from '../store/patients'
import { prepared } from '../store/prepared'
import { markJobDone } from './interpretations'
import type { LlmService } from './service'

/**
 * Failures still standing: a report's latest job failed and it has had no draft since. An old failure of a report that
 * was retried, or drafted from its own page, is history, not something for the user to act on.
 */
const STANDING_FAILURE = `j.state = 'failed'
    AND NOT EXISTS (SELECT 1 FROM interpretation_jobs k WHERE k.report_id = j.report_id AND k.id > j.id)
    AND NOT EXISTS (SELECT 1 FROM interpretations i WHERE i.report_id = j.report_id AND i.created_at >= j.finished_at)`

export const STANDING_FAILURE_COUNT_SQL = `SELECT count(*) AS n FROM interpretation_jobs j WHERE ${STANDING_FAILURE}`

const STANDING_FAILURES_SQL = `SELECT j.id, j.report_id, j.error, j.finished_at, r.kind, r.title, r.observed_at, p.family_name, p.given_name
  FROM interpretation_jobs j JOIN reports r ON r.id = j.report_id JOIN patients p ON p.id = r.patient_id
  WHERE ${STANDING_FAILURE} AND (@reportId IS NULL OR j.report_id = @reportId)
  ORDER BY j.id DESC LIMIT @limit`

export class InterpretationQueue {
  private state: QueueStatus['state'] = 'idle'
  private workers = 0
  private batchDone = 0
  private batchTotal = 0
  private batchTokens = 0
  private batchStarted = 0
  private readonly controllers = new Set<AbortController>()
  /** Jobs put back once because the model was reloaded under them (see work()). */
  private readonly requeuedForReload = new Set<number>()
  private idleWaiters: (() => void)[] = []
  private stopping = false
  /** Paused because the remote server could not be reached: resumed by itself once it answers again. */
  private waitingForRemote: ReturnType<typeof setTimeout> | null = null

  constructor(
    private readonly deps: { db: Db; events: EventBus; log: Logger },
    private readonly llm: LlmService,
  ) {
    // A job that was running when the process died never stored anything: run it again.
    prepared(deps.db, "UPDATE interpretation_jobs SET state = 'queued' WHERE state = 'running'").run()
  }

  enqueue(input: { reportIds?: number[]; allNew?: boolean }): number {
    const now = new Date().toISOString()
    const add = prepared(this.deps.db, "INSERT OR IGNORE INTO interpretation_jobs (report_id, state, enqueued_at) VALUES (?, 'queued', ?)")
    let added = 0
    this.deps.db.transaction(() => {
      if (input.allNew) {
        added += prepared(
          this.deps.db,
          `INSERT OR IGNORE INTO interpretation_jobs (report_id, state, enqueued_at)
           SELECT id, 'queued', ? FROM reports r
           WHERE NOT EXISTS (SELECT 1 FROM interpretations i WHERE i.report_id = r.id)
             AND NOT EXISTS (SELECT 1 FROM interpretation_jobs j WHERE j.report_id = r.id AND j.state IN ('queued', 'running'))
           ORDER BY r.id`,
        ).run(now).changes
      }
      for (const id of input.reportIds ?? []) {
        const exists = prepared(this.deps.db, 'SELECT 1 FROM reports WHERE id = ?').get(id)
        if (!exists) throw new AppError('NOT_FOUND', `No report with id ${id}`)
        added += add.run(id, now).changes
      }
    })()
    this.batchTotal += added
    this.emit()
    return added
  }

  private counts() {
    const rows = prepared(this.deps.db, 'SELECT state, count(*) AS n FROM interpretation_jobs GROUP BY state').all() as { state: string; n: number }[]
    const by = Object.fromEntries(rows.map((r) => [r.state, r.n])) as Record<string, number | undefined>
    return { queued: by.queued ?? 0, running: by.running ?? 0, done: by.done ?? 0, failed: this.standingFailures() }
  }

  private standingFailures(): number {
    return (prepared(this.deps.db, STANDING_FAILURE_COUNT_SQL).get() as { n: number }).n
  }

  /**
   * The standing failures, newest first, with what the user needs to find the report and the reason it failed; with a
   * report id, that report's standing failure only (at most one: only a report's latest job can stand).
   */
  failures(limit: number, reportId?: number): QueueFailures {
    const rows = prepared(this.deps.db, STANDING_FAILURES_SQL).all({ limit, reportId: reportId ?? null }) as {
      id: number
      report_id: number
      error: string | null
      finished_at: string
      kind: QueueFailures['items'][number]['kind']
      title: string | null
      observed_at: string | null
      family_name: string | null
      given_name: string | null
    }[]
    return {
      total: reportId === undefined ? this.standingFailures() : rows.length,
      items: rows.map((r) => ({
        jobId: r.id,
        reportId: r.report_id,
        patientName: patientDisplayName(r.family_name, r.given_name),
        kind: r.kind,
        title: r.title,
        observedAt: r.observed_at,
        error: r.error ?? 'No reason was recorded.',
        failedAt: r.finished_at,
      })),
    }
  }

  status(): QueueStatus {
    const c = this.counts()
    const elapsed = (performance.now() - this.batchStarted) / 1000
    const tokensPerSecond = this.batchStarted && elapsed > 0 ? this.batchTokens / elapsed : 0
    const perReport = this.batchDone > 0 ? elapsed / this.batchDone : null
    const remaining = c.queued + c.running
    return {
      state: this.state,
      ...c,
      batchDone: this.batchDone,
      batchTotal: Math.max(this.batchTotal, this.batchDone + remaining),
      tokensPerSecond: Math.round(tokensPerSecond * 10) / 10,
      etaSeconds: perReport === null ? null : Math.round(perReport * remaining),
    }
  }

  private emit(): void {
    if (this.stopping) return
    const s = this.status()
    this.deps.events.emit('queue.progress', {
      done: s.batchDone,
      total: s.batchTotal,
      failed: s.failed,
      tokensPerSecond: s.tokensPerSecond,
      etaSeconds: s.etaSeconds,
      state: s.state,
    })
  }

  /** Starts workers up to the configured parallelism; returns at once. */
  start(): QueueStatus {
    if (this.state !== 'running') {
      this.state = 'running'
      if (this.workers === 0) {
        this.batchStarted = performance.now()
        this.batchDone = 0
        this.batchTokens = 0
        this.batchTotal = this.counts().queued
      }
    }
    const parallelism = getConfig(this.deps.db).parallelism
    while (this.workers < parallelism) {
      this.workers++
      void this.work().finally(() => {
        this.workers--
        if (this.workers === 0) {
          if (this.state === 'running') this.state = 'idle'
          this.emit()
          for (const w of this.idleWaiters.splice(0)) w()
        }
      })
    }
    this.emit()
    return this.status()
  }

  pause(): QueueStatus {
    this.stopWaitingForRemote()
    if (this.state === 'running') this.state = 'paused'
    this.emit()
    return this.status()
  }

  cancel(): QueueStatus {
    this.stopWaitingForRemote()
    prepared(this.deps.db, "UPDATE interpretation_jobs SET state = 'cancelled', finished_at = ? WHERE state = 'queued'").run(new Date().toISOString())
    for (const c of this.controllers) c.abort()
    if (this.state === 'running') this.state = 'idle'
    this.emit()
    return this.status()
  }

  /** On exit: stop claiming, abort what runs and put it back in the queue for the next start. */
  shutdown(): void {
    this.stopWaitingForRemote()
    this.stopping = true
    this.state = 'paused'
    for (const c of this.controllers) c.abort()
  }

  /**
   * Asks the remote server every few seconds (doubling up to a minute) whether it answers again, then resumes the
   * batch. A pause, cancel or shutdown meanwhile stops the asking: a user's pause is never overridden.
   */
  private resumeWhenRemoteAnswers(delayMs = 1000): void {
    if (this.waitingForRemote || this.stopping) return
    this.waitingForRemote = setTimeout(() => {
      void this.llm.remoteReachable().then((up) => {
        this.waitingForRemote = null
        if (this.stopping || this.state !== 'paused') return
        if (up) {
          this.deps.log.info('interpretation queue resumed: the remote server answers again')
          this.start()
        } else this.resumeWhenRemoteAnswers(Math.min(delayMs * 2, 60_000))
      })
    }, delayMs)
    this.waitingForRemote.unref?.()
  }

  private stopWaitingForRemote(): void {
    if (this.waitingForRemote) clearTimeout(this.waitingForRemote)
    this.waitingForRemote = null
  }

  /** Resolves when no worker is running (tests, CLI). */
  whenIdle(): Promise<void> {
    return this.workers === 0 ? Promise.resolve() : new Promise((r) => this.idleWaiters.push(r))
  }

  private claim(): { id: number; report_id: number; enqueued_at: string } | undefined {
    return prepared(
      this.deps.db,
      `UPDATE interpretation_jobs SET state = 'running', started_at = ?, attempts = attempts + 1
       WHERE id = (SELECT id FROM interpretation_jobs WHERE state = 'queued' ORDER BY id LIMIT 1)
       RETURNING id, report_id, enqueued_at`,
    ).get(new Date().toISOString()) as { id: number; report_id: number; enqueued_at: string } | undefined
  }

  /**
   * A job whose report was drafted after it was queued (on the report's page, while the job waited) is done with that
   * draft rather than drafted twice. A report queued again after its last draft (an explicit re-draft) is not.
   */
  private doneMeanwhile(job: { id: number; report_id: number; enqueued_at: string }): boolean {
    const draft = prepared(this.deps.db, 'SELECT id FROM interpretations WHERE report_id = ? AND created_at > ? ORDER BY id DESC LIMIT 1').get(
      job.report_id,
      job.enqueued_at,
    ) as { id: number } | undefined
    if (!draft) return false
    markJobDone(this.deps.db, job.id, draft.id, new Date().toISOString())
    return true
  }

  private async work(): Promise<void> {
    while (this.state === 'running') {
      const job = this.claim()
      if (!job) return
      if (this.doneMeanwhile(job)) {
        this.batchDone++
        this.emit()
        continue
      }
      // Taken up: the worklist shows the report as being drafted.
      this.emit()
      const controller = new AbortController()
      this.controllers.add(controller)
      try {
        const result = await this.llm.interpret(job.report_id, { signal: controller.signal, queueJobId: job.id, actor: 'queue' })
        this.batchTokens += result.provenance.outputTokens
      } catch (err) {
        // Shutting down: the database may already be closed; the job is still 'running' and the next start requeues it.
        if (this.stopping) return
        const cancelled = controller.signal.aborted
        // The model was reloaded under the draft (another adapter chosen mid-batch) and is loading or loaded again: the
        // job goes back in the queue, once, and is drafted by the model now loaded (which its provenance then names).
        const reloaded =
          err instanceof AppError && err.code === 'MODEL_NOT_READY' && !cancelled && this.llm.isActive() && !this.requeuedForReload.has(job.id)
        // Without a usable model nothing else can succeed either: keep the job and pause rather than fail them all.
        // An unreachable remote server (stopped, restarting, network down) is the same: the jobs wait for it.
        const engineDown =
          !reloaded &&
          err instanceof AppError &&
          (err.code === 'MODEL_NOT_READY' || err.code === 'INVALID_MODEL' || err.code === 'OUT_OF_MEMORY' || err.code === 'REMOTE_UNAVAILABLE')
        const message = err instanceof Error ? err.message : String(err)
        prepared(this.deps.db, 'UPDATE interpretation_jobs SET state = ?, finished_at = ?, error = ? WHERE id = ?').run(
          engineDown || reloaded ? 'queued' : cancelled ? 'cancelled' : 'failed',
          engineDown || reloaded ? null : new Date().toISOString(),
          reloaded ? null : message,
          job.id,
        )
        if (reloaded) {
          this.requeuedForReload.add(job.id)
          continue
        }
        if (engineDown) {
          // Said once: every worker meets the same unusable model.
          if (this.state === 'running') this.deps.log.error('interpretation queue paused: the model is not usable', err)
          this.state = 'paused'
          if (err.code === 'REMOTE_UNAVAILABLE') this.resumeWhenRemoteAnswers()
          continue
        }
        if (!cancelled) this.deps.log.error(`interpretation of report ${job.report_id} failed`, err)
      } finally {
        this.controllers.delete(controller)
      }
      if (this.stopping) return
      this.batchDone++
      this.emit()
    }
  }
}
