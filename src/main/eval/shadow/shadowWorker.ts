// Drafts each new report with every shadow version in the background (priority 'shadow' on the version engine), stored only in shadow_drafts.
import { AppError } from '../../../shared/errors'
import type { Logger } from '../../log'
import type { VersionEngine } from '../../llm/versionEngine'
import type { Db } from '../../store/db'
import { compareShadowDrafts } from '../monitor/afterSign'
import { getVersion } from '../versionsStore'
import { isSigned, nextShadowWork, signedUncompared, storeShadowDraft, type ShadowWork } from './shadowStore'

// Errors of the version or the engine, not of one report: the work stays to do and the pass stops until the next draft.
const ENGINE_ERRORS = new Set(['MODEL_NOT_READY', 'INVALID_MODEL', 'OUT_OF_MEMORY', 'CONFLICT', 'CANCELLED'])

export class ShadowWorker {
  private started = false
  private stopped = false
  private running = false
  private again = false
  private readonly controller = new AbortController()
  private idleWaiters: (() => void)[] = []
  private retry: ReturnType<typeof setTimeout> | null = null

  constructor(
    private readonly deps: {
      db: Db
      log: Logger
      /** Whether drafts for clinicians (page, batch, canary) are running: shadow drafts then wait, never slowing them. */
      busy: () => boolean
      /** How long to wait before looking again while busy. */
      retryMs?: number
    },
    private readonly engine: VersionEngine,
  ) {}

  /** Long-running hosts start it: it resumes what a restart left (the missing rows) and then follows new drafts. */
  start(): void {
    this.started = true
    this.kick()
  }

  /** A report was drafted for clinicians. */
  notify(): void {
    if (this.started) this.kick()
  }

  stop(): void {
    this.stopped = true
    if (this.retry) clearTimeout(this.retry)
    this.controller.abort()
  }

  whenIdle(): Promise<void> {
    return this.running ? new Promise((r) => this.idleWaiters.push(r)) : Promise.resolve()
  }

  private kick(): void {
    if (this.stopped) return
    if (this.running) {
      this.again = true
      return
    }
    this.running = true
    void this.pass()
      .catch((err: unknown) => this.deps.log.error('shadow drafts: the pass failed', err))
      .finally(() => {
        this.running = false
        if (this.again && !this.stopped) {
          this.again = false
          this.kick()
        } else for (const w of this.idleWaiters.splice(0)) w()
      })
  }

  private async pass(): Promise<void> {
    for (const reportId of signedUncompared(this.deps.db)) compareShadowDrafts(this.deps.db, reportId, new Date().toISOString())
    for (;;) {
      if (this.stopped) return
      const work = nextShadowWork(this.deps.db)
      if (work === null) return
      if (this.deps.busy()) {
        // Clinicians' drafts first: look again shortly (their own notifications may all come while still busy).
        if (this.retry === null) {
          this.retry = setTimeout(() => {
            this.retry = null
            this.kick()
          }, this.deps.retryMs ?? 2000)
          this.retry.unref?.()
        }
        return
      }
      if (!(await this.draftOne(work))) return
    }
  }

  /** False when the pass should stop (engine or version unusable, or shutting down). */
  private async draftOne(w: ShadowWork): Promise<boolean> {
    const db = this.deps.db
    const version = getVersion(db, w.versionId)
    try {
      const d = await this.engine.draftWith(version, w.reportId, { priority: 'shadow', signal: this.controller.signal })
      if (this.stopped) return false
      const now = new Date().toISOString()
      storeShadowDraft(db, { reportId: w.reportId, versionId: w.versionId, now, rawOutput: d.rawOutput, provenance: d.provenance, standing: d.standing })
      if (isSigned(db, w.reportId)) compareShadowDrafts(db, w.reportId, now)
      return true
    } catch (err) {
      if (this.stopped) return false
      const code = err instanceof AppError ? err.code : 'INTERNAL'
      if (ENGINE_ERRORS.has(code)) {
        this.deps.log.error(`shadow drafts of version ${w.versionId} wait: the version cannot draft now (${code})`, err)
        return false
      }
      // A failure of this report (timeout, a crash in generation): recorded with its code, so it is not retried for ever.
      storeShadowDraft(db, { reportId: w.reportId, versionId: w.versionId, now: new Date().toISOString(), rawOutput: '', provenance: { error: code }, standing: null })
      this.deps.log.error(`shadow draft of report ${w.reportId} by version ${w.versionId} failed (${code})`, err)
      return true
    }
  }
}
