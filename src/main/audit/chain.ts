// The audit log's hash chain and its verifier: pure functions of the rows and the anchors recorded outside the table.
import { hash } from 'node:crypto'
import type { AuditBreak, AuditVerification } from '../../shared/contract/audit'

/** The previous hash of the first row. */
export const GENESIS = '0'.repeat(64)

/** The action of the row that marks when an anchor store started keeping the log's head (details: { store }). */
export const ANCHOR_STARTED = 'audit.anchor_started'

/** One audit_events row as stored. */
export interface ChainRow {
  id: number
  at: string
  actor: string
  action: string
  entity_type: string | null
  entity_id: string | null
  details: string
  prev_hash: string
  hash: string
}

export function rowHash(prevHash: string, r: Pick<ChainRow, 'at' | 'actor' | 'action' | 'entity_type' | 'entity_id' | 'details'>): string {
  // One-shot hash of prev ‖ "\n" ‖ JSON (the same digest as feeding the three parts in turn, about 3x faster).
  return hash('sha256', `${prevHash}\n${JSON.stringify([r.at, r.actor, r.action, r.entity_type, r.entity_id, r.details])}`, 'hex')
}

/** Where a claim about the log's head was kept. */
export type AnchorSource = 'file' | 'secure' | 'checkpoint'

/** The log's length and newest hash as recorded outside the table. */
export interface Anchor {
  count: number
  headHash: string
  at: string
}

/** What one anchor store holds: an anchor, nothing, or something unreadable (a damaged or foreign file). */
export type AnchorClaim =
  | { source: AnchorSource; state: 'present'; anchor: Anchor }
  | { source: AnchorSource; state: 'absent' }
  | { source: AnchorSource; state: 'unreadable'; problem: string }

export type BreakKind = AuditBreak
export type Verification = AuditVerification

const SOURCE_NAMES: Record<AnchorSource, string> = {
  file: 'anchor file',
  secure: "anchor in the system's secure storage",
  checkpoint: 'checkpoint',
}

function range(from: number, to: number): string {
  return from === to ? `event ${from} is` : `events ${from}–${to} are`
}

function broken(checked: number, firstBadId: number | null, reason: BreakKind, message: string): Verification {
  return { ok: false, checked, firstBadId, reason, message }
}

/**
 * Walks the chain in id order, one row at a time (so a long log can be checked in slices between other work), then
 * checks every anchor against it. Ids start at 1 and have no gaps (the table's INTEGER PRIMARY KEY never reuses or
 * skips an id while rows are only appended), so a gap means deleted rows. An anchor may be behind the table (a crash
 * between a commit and the anchor's write): the rows after it are vouched for by the chain. A table behind an anchor
 * lost its newest rows.
 */
export class ChainWalker {
  private readonly wanted = new Set<number>()
  private readonly hashAt = new Map<number, string>([[0, GENESIS]])
  private readonly startedStores = new Set<string>()
  private prev = GENESIS
  private prevId = 0
  private failure: Verification | null = null

  constructor(private readonly claims: readonly AnchorClaim[]) {
    for (const c of claims) if (c.state === 'present') this.wanted.add(c.anchor.count)
  }

  /** The id of the last intact row (0 before any). */
  get lastId(): number {
    return this.prevId
  }

  /** Checks the next row; false once the chain is broken (further rows are not looked at). */
  push(r: ChainRow): boolean {
    if (this.failure) return false
    const prevId = this.prevId
    if (r.id !== prevId + 1) {
      this.failure = broken(prevId, prevId + 1, 'missing_rows', `Rows were deleted from the audit log: ${range(prevId + 1, r.id - 1)} missing.`)
    } else if (r.prev_hash !== this.prev) {
      this.failure = broken(prevId, r.id, 'altered_row', `Event ${r.id} does not link to event ${prevId}: a row was altered or replaced.`)
    } else if (rowHash(this.prev, r) !== r.hash) {
      this.failure = broken(prevId, r.id, 'altered_row', `Event ${r.id} was altered after it was written: its content no longer matches its hash.`)
    }
    if (this.failure) return false
    if (r.action === ANCHOR_STARTED) {
      const store = safeStore(r.details)
      if (store) this.startedStores.add(store)
    }
    this.prev = r.hash
    this.prevId = r.id
    if (this.wanted.has(r.id)) this.hashAt.set(r.id, r.hash)
    return true
  }

  /** The verdict once every row was pushed (or the chain broke). */
  result(): Verification {
    if (this.failure) return this.failure
    const count = this.prevId
    for (const c of this.claims) {
      const name = SOURCE_NAMES[c.source]
      if (c.state === 'unreadable') return broken(count, null, 'anchor_mismatch', `The ${name} cannot be read (${c.problem}).`)
      if (c.state === 'absent') {
        // A store that never held an anchor (an older database, or no secure storage here) vouches for nothing;
        // one that did, per the log's own record, was removed.
        if (this.startedStores.has(c.source)) return broken(count, null, 'anchor_missing', `The ${name} is missing, though the log records that it was kept.`)
        continue
      }
      const { anchor } = c
      if (anchor.count > count) {
        return broken(
          count,
          count + 1,
          'truncated_tail',
          `The newest rows were removed: the log ends at event ${count}, but the ${name} of ${anchor.at} recorded ${anchor.count} events.`,
        )
      }
      if (this.hashAt.get(anchor.count) !== anchor.headHash) {
        return broken(
          count,
          anchor.count,
          'anchor_mismatch',
          `Event ${anchor.count} does not match the hash in the ${name} of ${anchor.at}: the log was rewritten up to there, or the ${name} belongs to another database.`,
        )
      }
    }
    const vouched = this.claims.filter((c) => c.state === 'present').map((c) => SOURCE_NAMES[c.source])
    return {
      ok: true,
      checked: count,
      firstBadId: null,
      reason: null,
      message: `${count} events intact${vouched.length ? `; matches the ${vouched.join(' and the ')}` : '; no anchor recorded yet'}.`,
    }
  }
}

/** The whole chain at once (see ChainWalker). */
export function verifyChain(rows: Iterable<ChainRow>, claims: readonly AnchorClaim[] = []): Verification {
  const walker = new ChainWalker(claims)
  for (const r of rows) if (!walker.push(r)) break
  return walker.result()
}

function safeStore(details: string): string | null {
  try {
    const v = JSON.parse(details) as { store?: unknown }
    return typeof v.store === 'string' ? v.store : null
  } catch {
    return null
  }
}
