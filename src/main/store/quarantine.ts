// Quarantine repository: inputs that failed, kept with their raw bytes and the located error.
import { createHash } from 'node:crypto'
import type { QuarantineItem } from '../../shared/contract/reports'
import type { Db } from './db'
import { prepared } from './prepared'

export interface NewQuarantineItem {
  bytes: Uint8Array
  origin: string
  error: string
  location?: string | null
}

/** Stores the input (once per distinct content) and returns its id. */
export function quarantineInput(db: Db, item: NewQuarantineItem, now: string): number {
  const sha256 = createHash('sha256').update(item.bytes).digest('hex')
  const existing = prepared(db, 'SELECT id FROM quarantine WHERE sha256 = ?').get(sha256) as { id: number } | undefined
  if (existing) return existing.id
  const info = prepared(db, 
      `INSERT INTO quarantine (received_at, origin, sha256, bytes, size, error, location)
       VALUES (@now, @origin, @sha256, @bytes, @size, @error, @location)`,
    )
    .run({ now, origin: item.origin, sha256, bytes: Buffer.from(item.bytes), size: item.bytes.length, error: item.error, location: item.location ?? null })
  return Number(info.lastInsertRowid)
}

interface QuarantineRow {
  id: number
  received_at: string
  origin: string
  sha256: string
  size: number
  error: string
  location: string | null
}

const toItem = (r: QuarantineRow): QuarantineItem => ({
  id: r.id,
  origin: r.origin,
  receivedAt: r.received_at,
  error: r.error,
  location: r.location,
  size: r.size,
  sha256: r.sha256,
})

export function listQuarantine(db: Db, limit: number, offset: number): { total: number; items: QuarantineItem[] } {
  const total = (prepared(db, 'SELECT count(*) AS n FROM quarantine').get() as { n: number }).n
  const rows = prepared(db, 'SELECT id, received_at, origin, sha256, size, error, location FROM quarantine ORDER BY id DESC LIMIT ? OFFSET ?')
    .all(limit, offset) as QuarantineRow[]
  return { total, items: rows.map(toItem) }
}

export function getQuarantine(db: Db, id: number): (QuarantineItem & { bytes: Buffer }) | undefined {
  const row = prepared(db, 'SELECT * FROM quarantine WHERE id = ?').get(id) as (QuarantineRow & { bytes: Buffer }) | undefined
  return row ? { ...toItem(row), bytes: row.bytes } : undefined
}
