// Export repository: history rows, membership of signed versions, frozen patient splits and the pseudonym table.
import { randomBytes } from 'node:crypto'
import type { Split } from '../export/hygiene/split'
import type { Db } from './db'
import { prepared } from './prepared'

export const EXPORT_STATUSES = ['running', 'completed', 'failed', 'blocked', 'cancelled', 'interrupted'] as const
export type ExportStatus = (typeof EXPORT_STATUSES)[number]

export interface ExportHistoryRow {
  id: number
  startedAt: string
  finishedAt: string | null
  status: ExportStatus
  actor: string
  outPath: string
  params: Record<string, unknown>
  counts: Record<string, unknown> | null
  contentHash: string | null
  error: string | null
}

interface HistoryDbRow {
  id: number
  started_at: string
  finished_at: string | null
  status: ExportStatus
  actor: string
  out_path: string
  params: string
  counts: string | null
  content_hash: string | null
  error: string | null
}

const fromRow = (r: HistoryDbRow): ExportHistoryRow => ({
  id: r.id,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  status: r.status,
  actor: r.actor,
  outPath: r.out_path,
  params: JSON.parse(r.params) as Record<string, unknown>,
  counts: r.counts === null ? null : (JSON.parse(r.counts) as Record<string, unknown>),
  contentHash: r.content_hash,
  error: r.error,
})

export function startExport(db: Db, e: { actor: string; outPath: string; params: Record<string, unknown>; now: string }): number {
  const info = prepared(db, `INSERT INTO export_history (started_at, status, actor, out_path, params) VALUES (?, 'running', ?, ?, ?)`).run(
    e.now,
    e.actor,
    e.outPath,
    JSON.stringify(e.params),
  )
  return Number(info.lastInsertRowid)
}

export function finishExport(
  db: Db,
  id: number,
  f: { status: Exclude<ExportStatus, 'running'>; now: string; counts?: Record<string, unknown> | null; contentHash?: string | null; error?: string | null },
): void {
  prepared(db, 'UPDATE export_history SET status = ?, finished_at = ?, counts = ?, content_hash = ?, error = ? WHERE id = ?').run(
    f.status,
    f.now,
    f.counts ? JSON.stringify(f.counts) : null,
    f.contentHash ?? null,
    f.error ?? null,
    id,
  )
}

/** Exports left 'running' by a process that ended (the app closed, a crash) are marked interrupted; call at start-up of an export. */
export function markInterrupted(db: Db, runningHere: ReadonlySet<number>, now: string): void {
  const rows = prepared(db, "SELECT id FROM export_history WHERE status = 'running'").all() as { id: number }[]
  for (const r of rows) if (!runningHere.has(r.id)) finishExport(db, r.id, { status: 'interrupted', now, error: 'the process ended before the export finished' })
}

export function listExports(db: Db, limit = 100): ExportHistoryRow[] {
  return (prepared(db, 'SELECT * FROM export_history ORDER BY id DESC LIMIT ?').all(limit) as HistoryDbRow[]).map(fromRow)
}

export function getExport(db: Db, id: number): ExportHistoryRow | null {
  const r = prepared(db, 'SELECT * FROM export_history WHERE id = ?').get(id) as HistoryDbRow | undefined
  return r ? fromRow(r) : null
}

export function addMembership(db: Db, exportId: number, signedVersionIds: readonly number[]): void {
  const insert = prepared(db, 'INSERT OR IGNORE INTO export_membership (export_id, signed_version_id) VALUES (?, ?)')
  db.transaction(() => {
    for (const v of signedVersionIds) insert.run(exportId, v)
  })()
}

/** Whether a completed export numbered at most `upTo` holds this signed version. */
export function heldByExportUpTo(db: Db, signedVersionId: number, upTo: number): boolean {
  return (
    prepared(
      db,
      `SELECT 1 FROM export_membership m JOIN export_history h ON h.id = m.export_id
       WHERE m.signed_version_id = ? AND m.export_id <= ? AND h.status = 'completed' LIMIT 1`,
    ).get(signedVersionId, upTo) !== undefined
  )
}

export function persistedSplits(db: Db): Map<number, Split> {
  const rows = prepared(db, 'SELECT patient_id, split FROM export_patient_splits').all() as { patient_id: number; split: Split }[]
  return new Map(rows.map((r) => [r.patient_id, r.split]))
}

/** Records splits of patients not yet placed; existing rows are never changed here (resetSplits does that, deliberately). */
export function saveNewSplits(db: Db, exportId: number, splits: ReadonlyMap<number, Split>, now: string): number {
  const insert = prepared(db, 'INSERT OR IGNORE INTO export_patient_splits (patient_id, split, assigned_in, assigned_at) VALUES (?, ?, ?, ?)')
  let added = 0
  db.transaction(() => {
    for (const [patient, split] of splits) added += insert.run(patient, split, exportId, now).changes
  })()
  return added
}

/** Forgets persisted splits (all, or one split's patients): the next export places those patients afresh. */
export function resetSplits(db: Db, split: Split | null): number {
  return split === null ? prepared(db, 'DELETE FROM export_patient_splits').run().changes : prepared(db, 'DELETE FROM export_patient_splits WHERE split = ?').run(split).changes
}

/** 12 random base-32 characters (60 bits), from the OS's random source, unrelated to any identifier. */
export function newPseudonym(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'
  const bytes = randomBytes(12)
  let s = ''
  for (const b of bytes) s += alphabet[b & 31]
  return `P-${s}`
}

/** The patient's pseudonym, created at random on first use and kept in the local table. */
export function pseudonymFor(db: Db, patientId: number, now: string): string {
  const row = prepared(db, 'SELECT pseudonym FROM export_pseudonyms WHERE patient_id = ?').get(patientId) as { pseudonym: string } | undefined
  if (row) return row.pseudonym
  for (;;) {
    const pseudonym = newPseudonym()
    const info = prepared(db, 'INSERT OR IGNORE INTO export_pseudonyms (patient_id, pseudonym, created_at) VALUES (?, ?, ?)').run(patientId, pseudonym, now)
    if (info.changes === 1) return pseudonym
  }
}
