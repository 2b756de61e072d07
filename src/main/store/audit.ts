// Audit log repository: append (hash-chained), list, verify. Rows are never updated or deleted.
import { createHash } from 'node:crypto'
import type { AuditEvent } from '../../shared/contract/audit'
import type { Db } from './db'
import { prepared, transaction } from './prepared'

const GENESIS = '0'.repeat(64)

export interface NewAuditEvent {
  actor: string
  action: string
  entityType?: string | null
  entityId?: string | number | null
  /** Ids and counts only: the audit log must not become a second copy of patient data. */
  details?: Record<string, unknown>
}

interface AuditRow {
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

function rowHash(prevHash: string, r: Pick<AuditRow, 'at' | 'actor' | 'action' | 'entity_type' | 'entity_id' | 'details'>): string {
  return createHash('sha256')
    .update(prevHash)
    .update('\n')
    .update(JSON.stringify([r.at, r.actor, r.action, r.entity_type, r.entity_id, r.details]))
    .digest('hex')
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
  if (db.inTransaction) return appendInTransaction(db, e)
  // IMMEDIATE: take the write lock before reading the last hash, so no other connection can append in between.
  return transaction(db, appendInTransaction).immediate(e)
}

export function listAudit(db: Db, opts: { limit: number; beforeId?: number | undefined }): AuditEvent[] {
  const rows = prepared(db, 
      `SELECT * FROM audit_events WHERE (@beforeId IS NULL OR id < @beforeId) ORDER BY id DESC LIMIT @limit`,
    )
    .all({ beforeId: opts.beforeId ?? null, limit: opts.limit }) as AuditRow[]
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

export function verifyAuditChain(db: Db): { ok: boolean; checked: number; firstBadId: number | null } {
  let prev = GENESIS
  let checked = 0
  for (const r of prepared(db, 'SELECT * FROM audit_events ORDER BY id').iterate() as IterableIterator<AuditRow>) {
    if (r.prev_hash !== prev || rowHash(prev, r) !== r.hash) return { ok: false, checked, firstBadId: r.id }
    prev = r.hash
    checked++
  }
  return { ok: true, checked, firstBadId: null }
}
