// The audit log's hash chain and its verifier: pure functions of the rows and the anchors recorded outside the table.
import { createHash } from 'node:crypto'
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
  return createHash('sha256')
    .update(prevHash)
    .update('\n')
    .update(JSON.stringify([r.at, r.actor, r.action, r.entity_type, r.entity_id, r.details]))
    .digest('hex')
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
 * Walks the chain in id order and checks every anchor against it. Ids start at 1 and have no gaps (the table's
 * INTEGER PRIMARY KEY never reuses or skips an id while rows are only appended), so a gap means deleted rows.
 * An anchor may be behind the table (a crash between a commit and the anchor's write): the rows after it are
 * vouched for by the chain. A table behind an anchor lost its newest rows.
 */
export function verifyChain(rows: Iterable<ChainRow>, claims: readonly AnchorClaim[] = []): Verification {
  const wanted = new Set<number>()
  for (const c of claims) if (c.state === 'present') wanted.add(c.anchor.count)
  const hashAt = new Map<number, string>([[0, GENESIS]])
  const startedStores = new Set<string>()
  let prev = GENESIS
  let prevId = 0
  for (const r of rows) {
    if (r.id !== prevId + 1) {
      return broken(prevId, prevId + 1, 'missing_rows', `Rows were deleted from the audit log: ${range(prevId + 1, r.id - 1)} missing.`)
    }
    if (r.prev_hash !== prev) {
      return broken(prevId, r.id, 'altered_row', `Event ${r.id} does not link to event ${prevId}: a row was altered or replaced.`)
    }
    if (rowHash(prev, r) !== r.hash) {
      return broken(prevId, r.id, 'altered_row', `Event ${r.id} was altered after it was written: its content no longer matches its hash.`)
    }
    if (r.action === ANCHOR_STARTED) {
      const store = safeStore(r.details)
      if (store) startedStores.add(store)
    }
    prev = r.hash
    prevId = r.id
    if (wanted.has(r.id)) hashAt.set(r.id, r.hash)
  }
  const count = prevId
  for (const c of claims) {
    const name = SOURCE_NAMES[c.source]
    if (c.state === 'unreadable') return broken(count, null, 'anchor_mismatch', `The ${name} cannot be read (${c.problem}).`)
    if (c.state === 'absent') {
      // A store that never held an anchor (an older database, or no secure storage here) vouches for nothing;
      // one that did, per the log's own record, was removed.
      if (startedStores.has(c.source)) return broken(count, null, 'anchor_missing', `The ${name} is missing, though the log records that it was kept.`)
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
    if (hashAt.get(anchor.count) !== anchor.headHash) {
      return broken(
        count,
        anchor.count,
        'anchor_mismatch',
        `Event ${anchor.count} does not match the hash in the ${name} of ${anchor.at}: the log was rewritten up to there, or the ${name} belongs to another database.`,
      )
    }
  }
  const vouched = claims.filter((c) => c.state === 'present').map((c) => SOURCE_NAMES[c.source])
  return {
    ok: true,
    checked: count,
    firstBadId: null,
    reason: null,
    message: `${count} events intact${vouched.length ? `; matches the ${vouched.join(' and the ')}` : '; no anchor recorded yet'}.`,
  }
}

function safeStore(details: string): string | null {
  try {
    const v = JSON.parse(details) as { store?: unknown }
    return typeof v.store === 'string' ? v.store : null
  } catch {
    return null
  }
}
