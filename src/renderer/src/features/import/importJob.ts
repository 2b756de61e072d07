// The import job: sends batches through `import.files`, follows `import.progress`, and accumulates the results.
// Kept outside React so that a running import and its results survive leaving the Import page and coming back.
import type { QueryClient } from '@tanstack/react-query'
import { useSyncExternalStore } from 'react'
import type { ImportResult } from '../../../../shared/contract/import'
import { call, subscribe } from '../../api/client'
import { encodeBatch, newJobId, planBatches } from './batches'
import type { Collected } from './collectFiles'

/** A contract outcome, or 'failed' when the file never reached the importer (unreadable, batch call failed). */
export type RowOutcome = ImportResult['outcome'] | 'failed'

export interface ResultRow {
  key: string
  path: string
  index: number | null
  outcome: RowOutcome
  reportIds: number[]
  error?: string
  quarantineId?: number
}

export interface ImportJobState {
  phase: 'idle' | 'running' | 'done' | 'cancelled'
  label: string
  totalFiles: number
  /** Files in batches already answered. */
  filesDone: number
  /** Progress within the batch in flight, from import.progress (0..1). */
  batchFraction: number
  batchSize: number
  skipped: number
  counts: { imported: number; duplicates: number; quarantined: number; failed: number }
  rows: ResultRow[]
}

const IDLE: ImportJobState = {
  phase: 'idle',
  label: '',
  totalFiles: 0,
  filesDone: 0,
  batchFraction: 0,
  batchSize: 0,
  skipped: 0,
  counts: { imported: 0, duplicates: 0, quarantined: 0, failed: 0 },
  rows: [],
}

let state: ImportJobState = IDLE
const listeners = new Set<() => void>()
let cancelRequested = false

function update(fn: (s: ImportJobState) => ImportJobState): void {
  state = fn(state)
  for (const l of listeners) l()
}

export function useImportJob(): ImportJobState {
  return useSyncExternalStore(
    (cb) => {
      listeners.add(cb)
      return () => listeners.delete(cb)
    },
    () => state,
  )
}

export function progressPercent(s: ImportJobState): number {
  if (s.totalFiles === 0) return s.phase === 'done' ? 100 : 0
  return Math.min(100, ((s.filesDone + s.batchFraction * s.batchSize) / s.totalFiles) * 100)
}

export function cancelImport(): void {
  if (state.phase !== 'running') return
  cancelRequested = true
  update((s) => ({ ...s, label: 'Stopping after the batch in flight…' }))
}

export function clearImport(): void {
  if (state.phase !== 'running') update(() => IDLE)
}

async function runBatch(batch: Collected['files'], batchJobId: string, nextKey: () => string): Promise<void> {
  const encoded = await encodeBatch(batch)
  const rows: ResultRow[] = encoded.failed.map((f) => ({ key: nextKey(), path: f.name, index: null, outcome: 'failed', reportIds: [], error: f.error }))
  let summary = { imported: 0, duplicates: 0, quarantined: 0 }
  if (encoded.files.length > 0) {
    update((s) => ({ ...s, label: s.label.replace('Reading', 'Importing') }))
    try {
      const res = await call('import.files', { jobId: batchJobId, files: encoded.files })
      summary = res
      for (const r of res.results) rows.push({ key: nextKey(), ...r })
    } catch (e) {
      const error = `not imported: ${e instanceof Error ? e.message : String(e)}`
      for (const f of encoded.files) rows.push({ key: nextKey(), path: f.name, index: null, outcome: 'failed', reportIds: [], error })
    }
  }
  const failed = rows.filter((r) => r.outcome === 'failed').length
  update((s) => ({
    ...s,
    filesDone: s.filesDone + batch.length,
    batchFraction: 0,
    counts: {
      imported: s.counts.imported + summary.imported,
      duplicates: s.counts.duplicates + summary.duplicates,
      quarantined: s.counts.quarantined + summary.quarantined,
      failed: s.counts.failed + failed,
    },
    rows: s.rows.concat(rows),
  }))
}

/** Imports the files batch by batch; refreshes the worklist and quarantine queries when done. */
export async function startImport(collected: Collected, qc: QueryClient): Promise<void> {
  if (state.phase === 'running') return
  const batches = planBatches(collected.files)
  const jobId = newJobId()
  let current = ''
  let seq = 0
  const nextKey = () => `${jobId}:${seq++}`
  cancelRequested = false
  update(() => ({ ...IDLE, phase: 'running', label: 'Reading files…', totalFiles: collected.files.length, skipped: collected.skipped }))
  // Each batch has its own job id, so a late event from an earlier batch cannot move the bar.
  const unsubscribe = subscribe('import.progress', (p) => {
    if (p.jobId !== current || p.total <= 0) return
    const fraction = Math.min(1, p.done / p.total)
    if (fraction > state.batchFraction) update((s) => ({ ...s, batchFraction: fraction }))
  })
  try {
    for (const [n, batch] of batches.entries()) {
      if (cancelRequested) break
      current = `${jobId}:${n}`
      const of = batches.length > 1 ? ` (batch ${n + 1} of ${batches.length})` : ''
      update((s) => ({ ...s, label: `Reading ${batch.length} file${batch.length === 1 ? '' : 's'}${of}…`, batchFraction: 0, batchSize: batch.length }))
      await runBatch(batch, current, nextKey)
    }
  } finally {
    unsubscribe()
    const stopped = cancelRequested
    update((s) => ({ ...s, phase: stopped ? 'cancelled' : 'done', label: stopped ? 'Stopped before the remaining files' : 'Done' }))
    await Promise.all(['reports.list', 'reports.trend', 'quarantine.list'].map((m) => qc.invalidateQueries({ queryKey: [m] })))
  }
}
