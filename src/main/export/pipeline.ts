// The export run: two streaming passes over signed items → de-identified, deduplicated, split rows in every format,
// a residual scan, reports and DATASET.md, written to a temporary folder beside the target and renamed at the end.
// This module reads the store and records the export; the rows are written by rowWriter.ts, in the export's worker
// thread in the app (exportThread.ts).
import { existsSync, renameSync, rmSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { AppError } from '../../shared/errors'
import type { Db } from '../store/db'
import { addMembership, finishExport, heldByExportUpTo, markInterrupted, persistedSplits, pseudonymFor, saveNewSplits, startExport } from '../store/exports'
import { appendAudit } from '../store/audit'
import { exportCancelled, inProcessSink, threadSink, type ExportThreadOptions } from './exportThread'
import { matchesFilters } from './filters'
import { EXPORT_FORMATS, type ExportFormat } from './formats'
import { assignSplits, stratumOf, type Split, type SplitRatios } from './hygiene/split'
import type { QualityReport } from './quality'
import type { DeidReport, DropReason, PlacedItem, RowWriterConfig, WrittenFiles } from './rowWriter'
import { estimatingCounter, type TokenCounter, type TokenCounterStats } from './tokens/counter'
import type { ExportFilters, ExportItem, PatientIdentifiers } from './types'
import { writeZip } from './zip'

export type { DeidReport, DropReason } from './rowWriter'

/** Where signed items come from: the review store in the app, synthetic items in tests and the bench. */
export interface ExportSource {
  /** Signed items matching the filters, newest signature first. Called twice: a counting pass, then the writing pass. */
  items(filters: ExportFilters): Iterable<ExportItem>
  /** A patient's identifiers, for the residual scan (looked up again, not taken from the item). */
  identifiers(patientId: number): PatientIdentifiers
}

export interface ExportOptions {
  formats: readonly ExportFormat[]
  outDir: string
  seed: number
  ratios: SplitRatios
  sinceExportId: number | null
  filters: ExportFilters
  /** false only for an admin with a stated reason (checked by the handler). */
  deidentify: boolean
  minimumPerCondition: number
  contextSize: number
  /** Counts the rows' tokens in-process (the selected model's tokenizer); the estimate (characters / 3) when absent. */
  tokens?: TokenCounter
  zip: boolean
  actor: string
  appVersion: string
  onProgress?: (p: { phase: 'reading' | 'writing' | 'scanning' | 'finishing'; done: number; total: number }) => void
  signal?: AbortSignal
  /** Test seam for failure handling: called after each item is written (throwing simulates a disk or process failure); in-process only. */
  afterItem?: (written: number) => void
  /** Runs the second pass in a worker thread with a capped heap (the app); `tokens` is then opened there from the spec. */
  thread?: ExportThreadOptions
}

export interface ExportResult {
  exportId: number
  outDir: string
  zipPath: string | null
  contentHash: string
  items: number
  rows: { sft: number; preference: number; unpaired: number }
  perSplit: Record<Split, number>
  dropped: Partial<Record<DropReason, number>>
  quality: QualityReport
  deid: DeidReport
  files: string[]
  /** How the rows' tokens were counted: texts, characters, tokens, cache hits, time. */
  tokenStats: TokenCounterStats
}

/** Export ids running in this process: any other 'running' row was left by a process that ended. */
const runningHere = new Set<number>()

/** The exports this process is writing now (the history marks other 'running' rows interrupted). */
export function exportsRunningHere(): ReadonlySet<number> {
  return runningHere
}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve))

function checkTarget(outDir: string): void {
  for (const p of [outDir, `${outDir}.zip`]) {
    if (existsSync(p)) throw new AppError('CONFLICT', `${p} already exists: choose a new folder for the export (nothing is overwritten).`)
  }
  if (!existsSync(dirname(outDir))) throw new AppError('NOT_FOUND', `The folder ${dirname(outDir)} does not exist: create it or choose another place.`)
}

interface Counted {
  kinds: Map<string, number>
}

/** Whether this run takes the item: the filters, and for "since export N" only new versions plus the frozen test split. */
function takes(db: Db, item: ExportItem, o: ExportOptions, persisted: ReadonlyMap<number, Split>): boolean {
  if (!matchesFilters(item, o.filters)) return false
  if (o.sinceExportId !== null && heldByExportUpTo(db, item.signedVersionId, o.sinceExportId)) return persisted.get(item.patientId) === 'test'
  return true
}

export async function runExport(db: Db, source: ExportSource, o: ExportOptions): Promise<ExportResult> {
  const formats = EXPORT_FORMATS.filter((f) => o.formats.includes(f))
  if (formats.length === 0) throw new AppError('INVALID_INPUT', `Choose at least one format: ${EXPORT_FORMATS.join(', ')}.`)
  checkTarget(o.outDir)
  const now = () => new Date().toISOString()
  markInterrupted(db, runningHere, now())
  const params = {
    formats,
    seed: o.seed,
    ratios: o.ratios,
    sinceExportId: o.sinceExportId,
    filters: o.filters,
    deidentify: o.deidentify,
    minimumPerCondition: o.minimumPerCondition,
    contextSize: o.contextSize,
    zip: o.zip,
  }
  const exportId = startExport(db, { actor: o.actor, outPath: o.outDir, params, now: now() })
  runningHere.add(exportId)
  const tmp = join(dirname(o.outDir), `.${basename(o.outDir)}.partial-${exportId}`)
  let zipPath: string | null = null
  try {
    const result = await write(db, source, o, formats, exportId, tmp)
    // The zip is made from the temporary folder, so a failure while zipping leaves neither behind.
    if (o.zip) zipPath = await writeZip(tmp, `${o.outDir}.zip`, result.files)
    renameSync(tmp, o.outDir)
    const counts = { items: result.items, rows: result.rows, perSplit: result.perSplit, dropped: result.dropped }
    db.transaction(() => {
      finishExport(db, exportId, { status: 'completed', now: now(), counts, contentHash: result.contentHash })
      saveNewSplits(db, exportId, result.splits, now())
      appendAudit(db, {
        actor: o.actor,
        action: 'export.completed',
        entityType: 'export',
        entityId: exportId,
        details: { ...counts, formats, deidentify: o.deidentify, contentHash: result.contentHash },
      })
    })()
    const { splits: _splits, ...rest } = result
    return { ...rest, exportId, outDir: o.outDir, zipPath }
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true })
    if (zipPath !== null) rmSync(zipPath, { force: true })
    const status = err instanceof AppError && err.code === 'EXPORT_BLOCKED' ? 'blocked' : err instanceof AppError && err.code === 'CANCELLED' ? 'cancelled' : 'failed'
    // The history and the audit say what happened, never with content: an AppError's message carries ids and kinds only.
    const reason = err instanceof AppError ? err.message : `${err instanceof Error ? ((err as NodeJS.ErrnoException).code ?? err.name) : 'error'}`
    db.transaction(() => {
      finishExport(db, exportId, { status, now: now(), error: reason })
      appendAudit(db, { actor: o.actor, action: `export.${status}`, entityType: 'export', entityId: exportId, details: { reason } })
    })()
    if (err instanceof AppError) throw err
    throw new AppError('INTERNAL', `Export ${exportId} failed (${reason}); nothing was left in ${o.outDir}.`)
  } finally {
    runningHere.delete(exportId)
  }
}

/** Items per message to the second pass, and messages in flight: reading overlaps writing without items piling up. */
const BATCH = 100
const IN_FLIGHT = 4

async function write(
  db: Db,
  source: ExportSource,
  o: ExportOptions,
  formats: readonly ExportFormat[],
  exportId: number,
  tmp: string,
): Promise<Omit<ExportResult, 'exportId' | 'outDir' | 'zipPath'> & { splits: Map<number, Split> }> {
  const check = () => {
    if (o.signal?.aborted) throw exportCancelled(exportId)
  }
  const persisted = persistedSplits(db)

  // Pass 1: which patients, and their strata. Memory: one small map entry per patient.
  const patients = new Map<number, Counted>()
  let total = 0
  for (const item of source.items(o.filters)) {
    if (!takes(db, item, o, persisted)) continue
    total++
    const p = patients.get(item.patientId) ?? { kinds: new Map<string, number>() }
    p.kinds.set(item.kind, (p.kinds.get(item.kind) ?? 0) + 1)
    patients.set(item.patientId, p)
    if (total % 2000 === 0) {
      check()
      o.onProgress?.({ phase: 'reading', done: total, total: 0 })
      await yieldToLoop()
    }
  }
  const splits = assignSplits(
    [...patients].map(([patientId, p]) => ({ patientId, stratum: stratumOf(p.kinds) })),
    persisted,
    o.ratios,
    o.seed,
  )
  const pseudonyms = new Map<number, string>()
  const byPseudonym = new Map<string, number>()
  db.transaction(() => {
    for (const id of patients.keys()) {
      const p = pseudonymFor(db, id, new Date().toISOString())
      pseudonyms.set(id, p)
      byPseudonym.set(p, id)
    }
  })()
  patients.clear()

  // Pass 2: rows, written by the sink (a worker thread in the app); the store is read and membership recorded here.
  const config: RowWriterConfig = {
    exportId,
    tmp,
    formats,
    deidentify: o.deidentify,
    minimumPerCondition: o.minimumPerCondition,
    contextSize: o.contextSize,
    seed: o.seed,
    ratios: o.ratios,
    sinceExportId: o.sinceExportId,
    appVersion: o.appVersion,
  }
  const sink = o.thread ? threadSink(o.thread, config) : inProcessSink(config, o.tokens ?? estimatingCounter('no tokenizer was given to the export'), o.afterItem)
  const rowsThrough = async (): Promise<WrittenFiles> => {
    const inFlight: { versions: number[]; written: Promise<boolean[]> }[] = []
    let membership: number[] = []
    let batch: PlacedItem[] = []
    let done = 0
    const send = () => {
      if (batch.length === 0) return
      const written = sink.add(batch)
      // Awaited in order by settle(); a failure after the loop stopped early must not go unhandled meanwhile.
      written.catch(() => undefined)
      inFlight.push({ versions: batch.map((b) => b.item.signedVersionId), written })
      batch = []
    }
    // Only written items are members; recorded as their batches come back, in order.
    const settle = async (keep: number) => {
      while (inFlight.length > keep) {
        const { versions, written } = inFlight.shift()!
        const flags = await written
        versions.forEach((v, i) => flags[i] && membership.push(v))
        if (membership.length >= 1000) {
          addMembership(db, exportId, membership)
          membership = []
        }
      }
    }
    for (const item of source.items(o.filters)) {
      if (!takes(db, item, o, persisted)) continue
      done++
      batch.push({ item, split: splits.get(item.patientId) ?? 'train', pseudonym: pseudonyms.get(item.patientId) ?? '' })
      if (batch.length >= BATCH) {
        send()
        await settle(IN_FLIGHT)
      }
      if (done % 250 === 0 || done === 1) {
        check()
        o.onProgress?.({ phase: 'writing', done, total })
        await yieldToLoop()
      }
    }
    send()
    await settle(0)
    addMembership(db, exportId, membership)
    check()

    // The residual scan: every finished line, against its own patient's identifiers looked up afresh.
    if (o.deidentify) o.onProgress?.({ phase: 'scanning', done: 0, total: 0 })
    const lookup = {
      pseudonyms: () => byPseudonym.keys(),
      of: (pseudonym: string) => {
        const id = byPseudonym.get(pseudonym)
        return id === undefined ? null : source.identifiers(id)
      },
    }
    return sink.finish(lookup, (rows, totalRows) => o.onProgress?.({ phase: 'scanning', done: rows, total: totalRows }), o.signal)
  }
  const files = await rowsThrough().catch(async (err: unknown) => {
    // The files are closed (and the worker ended) before runExport removes the folder.
    await sink.abandon().catch(() => undefined)
    throw err
  })
  o.onProgress?.({ phase: 'finishing', done: files.items, total: files.items })
  return {
    contentHash: files.contentHash,
    items: files.quality.items,
    rows: files.quality.rows,
    perSplit: files.quality.perSplit,
    dropped: files.dropped,
    quality: files.quality,
    deid: files.deid,
    files: files.files,
    tokenStats: files.tokenStats,
    splits,
  }
}
