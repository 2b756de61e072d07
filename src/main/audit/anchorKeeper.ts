// Keeps the audit anchors up to date: after rows commit, writes the log's count and head hash to every vault.
import { closeSync, existsSync, fsyncSync, openSync } from 'node:fs'
import type { Logger } from '../log'
import { appendAudit, auditHashAt, auditHead, hasAnchorMarker, onAuditAppended } from '../store/audit'
import type { Db } from '../store/db'
import { ANCHOR_STARTED, type AnchorClaim } from './chain'
import { formatAnchor, readClaim, type AnchorVault } from './anchorVault'

/**
 * Whether a vault's anchor may be replaced by the table's head: only when the table still holds the anchored row with
 * the anchored hash. Otherwise rows were removed or rewritten; the old anchor is the evidence, so it stays.
 */
export function extendsAnchor(claim: AnchorClaim, hashAtAnchor: string | null): boolean {
  return claim.state === 'present' && hashAtAnchor === claim.anchor.headHash
}

/** Makes every commit in the write-ahead log durable, so an anchor never gets ahead of what survives a power loss. */
function syncWal(db: Db): void {
  const wal = `${db.name}-wal`
  if (!existsSync(wal)) return
  const fd = openSync(wal, 'r+')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

export class AnchorKeeper {
  private timer: NodeJS.Timeout | null = null
  private lastFlush = 0
  private readonly stopListening: () => void
  /** Vaults whose anchor no longer fits the table; reported once, never overwritten. */
  private readonly refused = new Set<string>()

  /**
   * @param minIntervalMs anchors are written at most this often while rows keep coming (a batch import appends one per
   * report); the anchor is then briefly behind the table, which verification accepts.
   */
  constructor(
    private readonly db: Db,
    private readonly vaults: readonly AnchorVault[],
    private readonly log: Logger,
    private readonly minIntervalMs = 250,
  ) {
    this.stopListening = onAuditAppended(db, () => this.schedule())
  }

  /**
   * Starts a vault that never held an anchor: writes the current head to it, then records in the log that it is kept,
   * so that its later disappearance is reported. In this order a crash in between leaves an anchor one row behind, which
   * verification accepts; the other order would leave a recorded vault without an anchor.
   */
  start(): void {
    for (const vault of this.vaults) {
      if (readClaim(vault).state !== 'absent') continue
      if (hasAnchorMarker(this.db, ANCHOR_STARTED, vault.source)) {
        this.log.error(`The audit ${vault.source} anchor (${vault.location}) is missing although the log records it: not recreated. Verification reports it.`)
        this.refused.add(vault.source)
        continue
      }
      this.db
        .transaction(() => {
          const head = auditHead(this.db)
          syncWal(this.db)
          vault.write(formatAnchor({ ...head, at: new Date().toISOString() }))
          appendAudit(this.db, { actor: 'system', action: ANCHOR_STARTED, details: { store: vault.source, count: head.count } })
        })
        .immediate()
    }
    this.schedule()
  }

  /** What each vault holds now. */
  claims(): AnchorClaim[] {
    return this.vaults.map(readClaim)
  }

  private schedule(): void {
    if (this.timer) return
    const wait = Math.max(0, this.lastFlush + this.minIntervalMs - Date.now())
    this.timer = setTimeout(() => {
      this.timer = null
      this.flushNow()
    }, wait)
    // A pending anchor write never keeps a CLI process alive; close() writes it.
    this.timer.unref()
  }

  /** Writes the committed head to every vault it extends. Safe to call any time outside a transaction. */
  flushNow(): void {
    if (this.timer) {
      clearTimeout(this.timer)
      this.timer = null
    }
    // Inside a transaction the head may not be committed yet: try again once it is.
    if (this.db.inTransaction) return this.schedule()
    this.lastFlush = Date.now()
    try {
      // IMMEDIATE holds the write lock: no process appends between reading the head and writing it, so anchors written
      // by several processes (the app and a CLI command) only move forward.
      this.db
        .transaction(() => {
          const head = auditHead(this.db)
          let synced = false
          for (const vault of this.vaults) {
            if (this.refused.has(vault.source)) continue
            const claim = readClaim(vault)
            if (claim.state === 'present' && claim.anchor.count === head.count && claim.anchor.headHash === head.headHash) continue
            if (!extendsAnchor(claim, claim.state === 'present' ? auditHashAt(this.db, claim.anchor.count) : null)) {
              this.refused.add(vault.source)
              this.log.error(`The audit log no longer extends its ${vault.source} anchor (${vault.location}): left as it is. Run 'readout audit verify'.`)
              continue
            }
            if (!synced) syncWal(this.db)
            synced = true
            vault.write(formatAnchor({ ...head, at: new Date().toISOString() }))
          }
        })
        .immediate()
    } catch (err) {
      // The anchor stays behind, which verification accepts; the next append tries again.
      this.log.error('Could not write the audit anchor', err)
    }
  }

  close(): void {
    this.stopListening()
    this.flushNow()
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }
}
