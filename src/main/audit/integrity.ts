// The audit log's integrity for the running app: anchors kept up to date, verification on demand and at start-up,
// checkpoints, and how often a report's opening is recorded.
import { CHECKPOINT_FORMAT, type AuditCheckpoint, type AuditVerification } from '../../shared/contract/audit'
import type { Logger } from '../log'
import { auditHead, auditRowsAfter } from '../store/audit'
import type { Db } from '../store/db'
import { AnchorKeeper } from './anchorKeeper'
import type { AnchorVault } from './anchorVault'
import { ChainWalker, type AnchorClaim } from './chain'

/**
 * Opening a report is recorded once per user, session and report in this window: the report page re-reads the report
 * whenever the queue or a rule run changes it, and each re-read is not a new look by a person.
 */
export const VIEW_WINDOW_MS = 5 * 60_000

/** Whether a view at `now` is recorded, given when this user last had one recorded for the same report. */
export function isNewView(lastRecordedMs: number | undefined, now: number, windowMs = VIEW_WINDOW_MS): boolean {
  return lastRecordedMs === undefined || now - lastRecordedMs >= windowMs
}

/** Rows read per slice of a verification. */
const SLICE_ROWS = 5000

export function checkpointClaim(c: AuditCheckpoint): AnchorClaim {
  return { source: 'checkpoint', state: 'present', anchor: { count: c.count, headHash: c.headHash, at: c.at } }
}

export class AuditIntegrity {
  private readonly keeper: AnchorKeeper
  private latest: { verification: AuditVerification; at: string } | null = null
  private readonly views = new Map<string, number>()

  constructor(
    private readonly db: Db,
    private readonly dataDir: string,
    vaults: readonly AnchorVault[],
    private readonly log: Logger,
  ) {
    this.keeper = new AnchorKeeper(db, vaults, log)
    this.keeper.start()
  }

  /**
   * The whole chain against every anchor store and, when given, a checkpoint. Read in slices with a turn of the event
   * loop between them, so a long log (a million rows takes seconds) does not stall other requests or the window.
   */
  async verify(checkpoint?: AuditCheckpoint): Promise<AuditVerification> {
    const claims = [...this.keeper.claims(), ...(checkpoint ? [checkpointClaim(checkpoint)] : [])]
    const walker = new ChainWalker(claims)
    for (;;) {
      const rows = auditRowsAfter(this.db, walker.lastId, SLICE_ROWS)
      if (rows.length === 0 || !rows.every((r) => walker.push(r)) || rows.length < SLICE_ROWS) break
      await new Promise((r) => setImmediate(r))
    }
    const verification = walker.result()
    this.latest = { verification, at: new Date().toISOString() }
    return verification
  }

  /** Verifies and logs the outcome (the app and `readout serve` call this as they start). */
  async verifyAtStartup(): Promise<AuditVerification> {
    const started = performance.now()
    const v = await this.verify()
    const ms = Math.round(performance.now() - started)
    if (v.ok) this.log.info('Audit log verified', { events: v.checked, ms })
    else this.log.error(`Audit log verification failed (${v.reason}, first bad event ${v.firstBadId ?? 'none'}): ${v.message}`)
    return v
  }

  status(): { verification: AuditVerification | null; at: string | null } {
    return { verification: this.latest?.verification ?? null, at: this.latest?.at ?? null }
  }

  checkpoint(): AuditCheckpoint {
    return { format: CHECKPOINT_FORMAT, version: 1, ...auditHead(this.db), at: new Date().toISOString(), dataDir: this.dataDir }
  }

  /** Whether this opening of a report should be recorded (see VIEW_WINDOW_MS); notes it when so. */
  takeView(actor: string, sessionId: string | undefined, reportId: number, now = Date.now()): boolean {
    const key = `${actor}\u0000${sessionId ?? ''}\u0000${reportId}`
    if (!isNewView(this.views.get(key), now)) return false
    this.views.set(key, now)
    // Expired entries are forgotten once the map grows, so a long-running host does not keep one per report ever opened.
    if (this.views.size > 10_000) for (const [k, at] of this.views) if (isNewView(at, now)) this.views.delete(k)
    return true
  }

  /** Writes any anchor still pending (tests call this to observe the anchor without waiting). */
  flush(): void {
    this.keeper.flushNow()
  }

  close(): void {
    this.keeper.close()
  }
}
