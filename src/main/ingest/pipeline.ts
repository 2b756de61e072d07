// The import pipeline: detect → parse → enrich → store (one transaction per report) or quarantine. Never throws for bad input.
import { readdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { ImportResult, ImportSummary } from '../../shared/contract/import'
import { boundMessage } from '../../shared/domain/excerpt'
import { describeLocation, type ParsedUnit } from '../../shared/domain/report'
import type { Services } from '../services'
import { appendAudit } from '../store/audit'
import { quarantineInput } from '../store/quarantine'
import { flushSearchIndex, storeParsedReport, type WrittenReport } from '../store/reportWrite'
import { evaluateStoredReport, evaluateWrittenReport } from '../findings/evaluate'
import { WAL_AUTOCHECKPOINT_PAGES } from '../store/db'
import { getConfig } from '../store/models'
import { prepared } from '../store/prepared'
import { getSetting } from '../store/settings'
import { parseUnits } from './parseUnits'
import { enrichPdfUnits } from './pdf'

export interface ImportSource {
  /** File path or upload name, shown in results. */
  name: string
  /** Where it came from, stored with the report ("file:/path", "upload:name", "mllp://peer"). */
  origin: string
  bytes: Uint8Array
}

export interface BatchOptions {
  actor: string
  jobId?: string
  /** Total number of sources, when known in advance, for progress. */
  total?: number
}

/**
 * Runs in each report's own transaction: rule findings (so a stored report always has them) and, when the
 * "queue new imports" setting is on, its place in the interpretation queue.
 */
export function afterStoreHook(services: Services): (reportId: number, written?: WrittenReport) => void {
  const { compiled } = services.rules.current()
  const autoQueue = getSetting(services.db, 'import.autoQueue', false)
  return (reportId, written) => {
    const now = new Date().toISOString()
    // A new report is evaluated from what was just written; a corrected one is read back whole.
    if (written) evaluateWrittenReport(services.db, compiled, written, now)
    else evaluateStoredReport(services.db, compiled, reportId, now)
    if (autoQueue) prepared(services.db, "INSERT OR IGNORE INTO interpretation_jobs (report_id, state, enqueued_at) VALUES (?, 'queued', ?)").run(reportId, now)
  }
}

/** Starts the queue for auto-queued imports when a model is configured; a no-op otherwise. */
export function startAutoQueue(services: Services): void {
  if (!services.runsQueue || !getSetting(services.db, 'import.autoQueue', false) || getConfig(services.db).baseModelId === null) return
  services.queue.start()
}

/** Imports every unit (message, document) of one input; returns one result per unit. */
export async function importOne(services: Services, src: ImportSource, actor: string, parsed?: ParsedUnit[]): Promise<ImportResult[]> {
  // PDFs (whole files, or embedded in HL7 ED / FHIR presentedForm) get their text read and labelled values recognised.
  const units = await enrichPdfUnits(parsed ?? parseUnits(src.bytes))
  const many = units.length > 1
  // Several reports drawn from the very same bytes (one FHIR bundle) are told apart by their index.
  const sharedRaw = many && units.every((u) => u.raw === units[0]!.raw)
  const afterStore = afterStoreHook(services)
  const results: ImportResult[] = []
  for (const unit of units) {
    const index = many ? unit.index + 1 : null
    const now = new Date().toISOString()
    if (!unit.ok) {
      const location = describeLocation(unit.error.location)
      const quarantineId = quarantineInput(services.db, { bytes: unit.raw, origin: src.origin, error: unit.error.message, location }, now)
      results.push({ path: src.name, index, outcome: 'quarantined', reportIds: [], error: unit.error.describe(), quarantineId })
      continue
    }
    try {
      const stored = storeParsedReport(services.db, {
        report: unit.report,
        raw: unit.raw,
        origin: src.origin,
        actor,
        now,
        // A parser that knows (ASTM patients sharing one message) says which part; else the file-wide rule applies.
        part: unit.part ?? (sharedRaw ? unit.index : 0),
        afterStore,
      })
      results.push({ path: src.name, index, outcome: stored.outcome, reportIds: [stored.reportId] })
    } catch (err) {
      const message = boundMessage(err instanceof Error ? err.message : String(err))
      services.log.error(`storing a report from ${src.origin} failed`, err)
      const quarantineId = quarantineInput(services.db, { bytes: unit.raw, origin: src.origin, error: `Could not be stored: ${message}` }, now)
      results.push({ path: src.name, index, outcome: 'quarantined', reportIds: [], error: `Could not be stored: ${message}`, quarantineId })
    }
  }
  return results
}

export function summarise(results: ImportResult[]): ImportSummary {
  return {
    imported: results.filter((r) => r.outcome === 'imported').length,
    duplicates: results.filter((r) => r.outcome === 'duplicate').length,
    quarantined: results.filter((r) => r.outcome === 'quarantined').length,
    results,
  }
}

/**
 * Imports a batch. Each report commits in its own transaction with synchronous=NORMAL (fast, crash-safe); the closing
 * audit entry commits with FULL, which syncs the whole write-ahead log, so when the summary is returned every report
 * in it is on disk.
 */
export async function importBatch(services: Services, sources: AsyncIterable<ImportSource> | Iterable<ImportSource>, opts: BatchOptions): Promise<ImportSummary> {
  const { db } = services
  const results: ImportResult[] = []
  let done = 0
  let lastEmit = 0
  const progress = (force = false) => {
    if (!opts.jobId) return
    const now = Date.now()
    if (!force && now - lastEmit < 100) return
    lastEmit = now
    services.events.emit('import.progress', { jobId: opts.jobId, done, total: opts.total ?? done, label: `${done} files` })
  }
  db.pragma('synchronous = NORMAL')
  // Checkpointing every 1000 pages would stall every few reports; let the log grow during the batch, then fold it back.
  db.pragma('wal_autocheckpoint = 20000')
  try {
    // The next input is read and parsed (on the parse thread) while the current one is stored.
    const inputs = asyncIterator(sources)
    const start = async () => {
      const next = await inputs.next()
      return next.done ? null : { src: next.value, units: services.parser.parse(next.value.bytes) }
    }
    let current = await start()
    while (current) {
      const following = start()
      // A read error surfaces when it is awaited below, after the current input is stored, as before.
      following.catch(() => undefined)
      results.push(...(await importOne(services, current.src, opts.actor, await current.units)))
      done++
      progress()
      current = await following
    }
  } finally {
    db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`)
    db.pragma('synchronous = FULL')
    const s = summarise(results)
    appendAudit(db, { actor: opts.actor, action: 'import.batch', details: batchAuditDetails(done, s) })
    flushSearchIndex(db)
    db.pragma('wal_checkpoint(PASSIVE)')
    progress(true)
  }
  startAutoQueue(services)
  return summarise(results)
}

/** Report and quarantine ids recorded per batch: a normal batch in full, a huge one traced by its per-report rows. */
const MAX_BATCH_IDS = 1000

/** Counts and ids only: file names can carry a patient's name, so they stay out of the log. */
export function batchAuditDetails(files: number, s: ImportSummary): Record<string, unknown> {
  const reportIds = [...new Set(s.results.filter((r) => r.outcome === 'imported').flatMap((r) => r.reportIds))]
  const quarantineIds = s.results.flatMap((r) => (r.quarantineId === undefined ? [] : [r.quarantineId]))
  return {
    files,
    imported: s.imported,
    duplicates: s.duplicates,
    quarantined: s.quarantined,
    reportIds: reportIds.slice(0, MAX_BATCH_IDS),
    quarantineIds: quarantineIds.slice(0, MAX_BATCH_IDS),
    ...(reportIds.length > MAX_BATCH_IDS || quarantineIds.length > MAX_BATCH_IDS ? { idsOmitted: true } : {}),
  }
}

function asyncIterator<T>(items: AsyncIterable<T> | Iterable<T>): AsyncIterator<T> {
  if (Symbol.asyncIterator in items) return items[Symbol.asyncIterator]()
  const it = items[Symbol.iterator]()
  return { next: () => Promise.resolve(it.next()) }
}

/** Expands files and folders (recursively, sorted, hidden entries skipped) into file paths. */
export async function expandPaths(paths: string[]): Promise<string[]> {
  const out: string[] = []
  const walk = async (p: string): Promise<void> => {
    const st = await stat(p)
    if (st.isDirectory()) {
      const entries = (await readdir(p)).filter((e) => !e.startsWith('.')).sort()
      for (const e of entries) await walk(join(p, e))
    } else if (st.isFile()) out.push(p)
  }
  for (const p of paths) await walk(p)
  return out
}

/** Reads files lazily so a large folder is never held in memory at once. */
export async function* readSources(files: string[]): AsyncGenerator<ImportSource> {
  for (const f of files) yield { name: f, origin: `file:${f}`, bytes: new Uint8Array(await readFile(f)) }
}
