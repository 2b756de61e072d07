// Audit log repository: append (hash-chained), list with filters, read the chain. Rows are never updated or deleted.
import type { AuditEvent } from '../../shared/contract/audit'
import { GENESIS, rowHash, verifyChain, type ChainRow, type Verification } from '../audit/chain'
import type { Db } from './db'
import { prepared, transaction } from './prepared'

export interface NewAuditEvent {
  actor: string
  action: string
  entityType?: string | null
  entityId?: string | number | null
  /** Ids and counts only: the audit log must not become a second copy of patient data. */
  details?: Record<string, unknown>
}

// Told after a row is appended (possibly inside a caller's transaction, which may still roll back): the anchor keeper
// only schedules a write, which reads what is committed by then.
const appendListeners = new WeakMap<Db, () => void>()

/** Registers the one listener for appends on this connection; returns its removal. */
export function onAuditAppended(db: Db, fn: () => void): () => void {
  appendListeners.set(db, fn)
  return () => {
    if (appendListeners.get(db) === fn) appendListeners.delete(db)
  }
}

function appendInTransaction(db: Db, e: NewAuditEvent): number {
  // Read in the same transaction as the insert, so the chain stays whole when another connection appends too.
  const last = prepared(db, 'SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1').get() as { hash: string } | undefined
  const prev = last?.hash ?? GENESIS
  const row = {
    at: new Date().toISOString(),
    actor: e.actor,
    action: e.action,
    entity_type: e.entityType ?? null,
    entity_id: e.entityId === undefined || e.entityId === null ? null : String(e.entityId),
    details: JSON.stringify(e.details ?? {}),
  }
  const info = prepared(db,
      `INSERT INTO audit_events (at, actor, action, entity_type, entity_id, details, prev_hash, hash)
       VALUES (@at, @actor, @action, @entity_type, @entity_id, @details, @prev_hash, @hash)`,
    )
    .run({ ...row, prev_hash: prev, hash: rowHash(prev, row) })
  return Number(info.lastInsertRowid)
}

export function appendAudit(db: Db, e: NewAuditEvent): number {
  // Inside a caller's transaction the read and the single insert are already atomic with the caller's writes.
  // Otherwise IMMEDIATE: take the write lock before reading the last hash, so no other connection can append in between.
  const id = db.inTransaction ? appendInTransaction(db, e) : transaction(db, appendInTransaction).immediate(e)
  appendListeners.get(db)?.()
  return id
}

/** The newest row's id and hash (id 0 and the genesis hash for an empty log). */
export function auditHead(db: Db): { count: number; headHash: string } {
  const last = prepared(db, 'SELECT id, hash FROM audit_events ORDER BY id DESC LIMIT 1').get() as { id: number; hash: string } | undefined
  return last ? { count: last.id, headHash: last.hash } : { count: 0, headHash: GENESIS }
}

/** The hash of row `id`, or null when there is no such row. */
export function auditHashAt(db: Db, id: number): string | null {
  if (id === 0) return GENESIS
  const r = prepared(db, 'SELECT hash FROM audit_events WHERE id = ?').get(id) as { hash: string } | undefined
  return r?.hash ?? null
}

/** Whether any row has this action (and, when given, this details.store). */
export function hasAnchorMarker(db: Db, action: string, store: string): boolean {
  return (
    prepared(db, `SELECT 1 FROM audit_events WHERE action = ? AND json_extract(details, '$.store') = ? LIMIT 1`).get(action, store) !== undefined
  )
}

/** Every row in id order, streamed (the verifier holds one at a time). */
export function iterateAuditRows(db: Db): IterableIterator<ChainRow> {
  return prepared(db, 'SELECT id, at, actor, action, entity_type, entity_id, details, prev_hash, hash FROM audit_events ORDER BY id').iterate() as IterableIterator<ChainRow>
}

/** Up to `limit` rows after `afterId`, in id order: a slice of the log, so a long check can yield between slices. */
export function auditRowsAfter(db: Db, afterId: number, limit: number): ChainRow[] {
  return prepared(db, 'SELECT id, at, actor, action, entity_type, entity_id, details, prev_hash, hash FROM audit_events WHERE id > ? ORDER BY id LIMIT ?').all(afterId, limit) as ChainRow[]
}

export interface AuditQuery {
  limit: number
  beforeId?: number | undefined
  actor?: string | undefined
  /** An exact action, or a prefix ending in '.' ("report." matches report.viewed, report.imported, …). */
  action?: string | undefined
  reportId?: number | undefined
  /** ISO instants: since inclusive, until exclusive. */
  since?: string | undefined
  until?: string | undefined
}

/** The list query for these filters: only the conditions asked for, so SQLite can use the index that fits. */
export function auditListQuery(q: AuditQuery): { sql: string; params: Record<string, string | number> } {
  const where: string[] = []
  const params: Record<string, string | number> = { limit: q.limit }
  const add = (cond: string, name: string, value: string | number | undefined) => {
    if (value === undefined) return
    where.push(cond)
    params[name] = value
  }
  add('id < @beforeId', 'beforeId', q.beforeId)
  add('actor = @actor', 'actor', q.actor)
  if (q.action?.endsWith('.')) {
    // A prefix as a range, so the action index serves it: 'report.' <= action < 'report/' ('/' follows '.').
    add('action >= @prefix AND action < @prefixEnd', 'prefix', q.action)
    params.prefixEnd = `${q.action.slice(0, -1)}/`
  } else add('action = @action', 'action', q.action)
  if (q.reportId !== undefined) add("entity_type = 'report' AND entity_id = @reportId", 'reportId', String(q.reportId))
  add('at >= @since', 'since', q.since)
  add('at < @until', 'until', q.until)
  return { sql: `SELECT * FROM audit_events ${where.length ? `WHERE ${where.join(' AND ')} ` : ''}ORDER BY id DESC LIMIT @limit`, params }
}

export function listAudit(db: Db, q: AuditQuery): AuditEvent[] {
  // The prepared-statement cache holds one statement per combination of filters (at most 2^6).
  const { sql, params } = auditListQuery(q)
  const rows = prepared(db, sql).all(params) as ChainRow[]
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    actor: r.actor,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    details: JSON.parse(r.details) as Record<string, unknown>,
    hash: r.hash,
  }))
}

/** The chain alone, without anchors (see audit/integrity.ts for the full check). */
export function verifyAuditChain(db: Db): Verification {
  return verifyChain(iterateAuditRows(db))
}
