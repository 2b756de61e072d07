// The export run: two streaming passes over signed items → de-identified, deduplicated, split rows in every format,
// a residual scan, reports and DATASET.md, written to a temporary folder beside the target and renamed at the end.
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { AppError } from '../../shared/errors'
import type { Db } from '../store/db'
import { addMembership, finishExport, heldByExportUpTo, markInterrupted, persistedSplits, pseudonymFor, saveNewSplits, startExport } from '../store/exports'
import { appendAudit } from '../store/audit'
import { datasetCard } from './datasetCard'
import { addCounts, type CategoryCounts } from './deid/categories'
import { residualScan } from './deid/residual'
import { compileMatcher, genericMatcher } from './deid/scrub'
import { deidentifyItem, yearOf } from './deid/structured'
import { matchesFilters } from './filters'
import { EXPORT_FORMATS, FORMAT_ROWS, formatLine, type ExportFormat } from './formats'
import { Deduper } from './hygiene/dedupe'
import { assignSplits, SPLITS, stratumOf, type Split, type SplitRatios } from './hygiene/split'
import { LineWriter } from './io'
import { QualityAccumulator, type QualityReport } from './quality'
import { buildRows } from './rows'
import { estimatingCounter, itemTokens, type TokenCounter } from './tokens/counter'
import { itemPrompt, type ExportFilters, type ExportItem, type PatientIdentifiers } from './types'
import { writeZip } from './zip'

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
  /** Counts the rows' tokens (the selected model's tokenizer); the estimate (characters / 3) when absent. */
  tokens?: TokenCounter
  zip: boolean
  actor: string
  appVersion: string
  onProgress?: (p: { phase: 'reading' | 'writing' | 'scanning' | 'finishing'; done: number; total: number }) => void
  signal?: AbortSignal
  /** Test seam for failure handling: called after each item is written (throwing simulates a disk or process failure). */
  afterItem?: (written: number) => void
}

export type DropReason = 'exact_duplicate' | 'near_duplicate' | 'too_long' | 'no_prompt' | 'invalid_after_deid'

export interface DeidReport {
  enabled: boolean
  counts: CategoryCounts
  itemsDropped: Partial<Record<DropReason, number>>
  residualScan: { linesScanned: number; found: number } | null
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
  const writers = new Map<string, LineWriter>()
  let zipPath: string | null = null
  try {
    const result = await write(db, source, o, formats, exportId, tmp, writers)
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
    for (const w of writers.values()) w.abandon()
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

async function write(
  db: Db,
  source: ExportSource,
  o: ExportOptions,
  formats: readonly ExportFormat[],
  exportId: number,
  tmp: string,
  writers: Map<string, LineWriter>,
): Promise<Omit<ExportResult, 'exportId' | 'outDir' | 'zipPath'> & { splits: Map<number, Split> }> {
  const check = () => {
    if (o.signal?.aborted) throw new AppError('CANCELLED', `Export ${exportId} was cancelled; nothing was left in the target folder.`)
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

  // Pass 2: rows.
  mkdirSync(tmp)
  const writer = (rel: string) => {
    let w = writers.get(rel)
    if (!w) {
      mkdirSync(dirname(join(tmp, rel)), { recursive: true })
      w = new LineWriter(join(tmp, rel))
      writers.set(rel, w)
    }
    return w
  }
  for (const f of formats) for (const s of SPLITS) writer(`${f}/${s}.jsonl`)
  const metadata = writer('metadata.jsonl')

  const counter = o.tokens ?? estimatingCounter('no tokenizer was given to the export')
  const quality = new QualityAccumulator(o.minimumPerCondition, o.contextSize, { method: counter.method, counter: counter.description })
  const deduper = new Deduper()
  const deidCounts: CategoryCounts = {}
  const dropped: Partial<Record<DropReason, number>> = {}
  const drop = (r: DropReason) => (dropped[r] = (dropped[r] ?? 0) + 1)
  const templateVersions = new Set<string>()
  const baseModels = new Set<string>()
  const adapters = new Set<string>()
  const origins: Record<string, number> = {}
  let signedFrom: string | null = null
  let signedTo: string | null = null
  let membership: number[] = []
  let rowSeq = 0
  let done = 0
  let written = 0

  for (const item of source.items(o.filters)) {
    if (!takes(db, item, o, persisted)) continue
    done++
    if (done % 250 === 0 || done === 1) {
      check()
      o.onProgress?.({ phase: 'writing', done, total })
      await yieldToLoop()
    }
    const prompt = itemPrompt(item)
    if (prompt === null) {
      drop('no_prompt')
      continue
    }
    const itemCounts: CategoryCounts = {}
    const d = deidentifyItem(item, prompt, o.deidentify ? compileMatcher(item.identifiers) : null, itemCounts)
    let rows
    try {
      rows = buildRows(d)
    } catch {
      // A scrubbed string grew past the schema's limit (a placeholder is longer than a two-letter name).
      drop('invalid_after_deid')
      continue
    }
    const tokens = itemTokens(counter, d.prompt, rows)
    if (tokens > o.contextSize) {
      drop('too_long')
      quality.droppedTooLong()
      continue
    }
    const first = rows[0]
    const dup = first ? deduper.check(d.prompt.system, d.prompt.user, first.type === 'preference' ? first.chosen : first.completion) : null
    if (dup) {
      drop(dup)
      continue
    }
    addCounts(deidCounts, itemCounts)
    const split = splits.get(item.patientId) ?? 'train'
    const pseudonym = pseudonyms.get(item.patientId) ?? ''
    for (const row of rows) {
      const rowId = `e${exportId}-r${++rowSeq}`
      const lines: Partial<Record<ExportFormat, number>> = {}
      for (const f of formats) {
        if (!FORMAT_ROWS[f].includes(row.type)) continue
        const line = formatLine(f, row)
        if (line === null) continue
        const w = writer(`${f}/${split}.jsonl`)
        w.write(line)
        lines[f] = w.lines
      }
      const draft = item.draft
      metadata.write(
        JSON.stringify({
          row_id: rowId,
          row_type: row.type,
          split,
          lines,
          patient: pseudonym,
          report_kind: item.kind,
          device_model: d.deviceModel,
          outcome: item.outcome,
          reason_codes: item.reasonCodes,
          conditions: item.conditions,
          base_model_sha256: draft?.baseModel.sha256 ?? null,
          adapter_sha256: draft?.adapters.map((a) => a.sha256) ?? [],
          prompt_template_version: draft?.promptTemplateVersion ?? null,
          prompt_origin: d.prompt.origin,
          evidence_standing: draft?.standing ?? null,
          signed: d.signedPeriod,
          observed_year: d.observedYear,
          age: d.age,
        }),
      )
    }
    quality.add({
      kind: item.kind,
      conditions: item.conditions,
      outcome: item.outcome,
      overallSeverity: item.signed.overall_severity,
      reasonCodes: item.reasonCodes,
      split,
      tokens,
      rows: rows.map((r) => r.type),
    })
    if (item.draft) {
      templateVersions.add(item.draft.promptTemplateVersion)
      baseModels.add(item.draft.baseModel.sha256)
      for (const a of item.draft.adapters) adapters.add(a.sha256)
    }
    origins[d.prompt.origin] = (origins[d.prompt.origin] ?? 0) + 1
    if (signedFrom === null || item.signedAt < signedFrom) signedFrom = item.signedAt
    if (signedTo === null || item.signedAt > signedTo) signedTo = item.signedAt
    membership.push(item.signedVersionId)
    if (membership.length >= 1000) {
      addMembership(db, exportId, membership)
      membership = []
    }
    written++
    o.afterItem?.(written)
  }
  addMembership(db, exportId, membership)

  const fileHashes = new Map<string, string>()
  for (const [rel, w] of writers) fileHashes.set(rel, w.close())
  writers.clear()

  // The residual scan: every finished line, against its own patient's identifiers looked up afresh.
  let scan: DeidReport['residualScan'] = null
  if (o.deidentify) {
    o.onProgress?.({ phase: 'scanning', done: 0, total: written })
    const r = residualScan(tmp, formats, (pseudonym) => {
      const id = byPseudonym.get(pseudonym)
      return id === undefined ? genericMatcher : compileMatcher(source.identifiers(id))
    })
    if (r.finding) {
      throw new AppError(
        'EXPORT_BLOCKED',
        `Export ${exportId} blocked by the residual scan: row ${r.finding.rowId} in ${r.finding.file} still holds a ${r.finding.category.replace(/_/g, ' ')}. Nothing was released; correct the source text or its patient's identifiers and export again.`,
      )
    }
    scan = { linesScanned: r.linesScanned, found: 0 }
  }

  o.onProgress?.({ phase: 'finishing', done: written, total: written })
  const qualityReport = quality.finish()
  const deid: DeidReport = { enabled: o.deidentify, counts: deidCounts, itemsDropped: dropped, residualScan: scan }
  const small: [string, string][] = [
    ['deid-report.json', JSON.stringify(deid, null, 2) + '\n'],
    ['quality-report.json', JSON.stringify(qualityReport, null, 2) + '\n'],
    [
      'DATASET.md',
      datasetCard({
        exportId,
        createdYear: new Date().toISOString().slice(0, 4),
        appVersion: o.appVersion,
        formats,
        seed: o.seed,
        ratios: o.ratios,
        sinceExportId: o.sinceExportId,
        signedYears: { from: yearOf(signedFrom), to: yearOf(signedTo) },
        templateVersions: [...templateVersions].sort(),
        baseModels: [...baseModels].sort(),
        adapters: [...adapters].sort(),
        promptOrigins: origins,
        quality: qualityReport,
        deid,
        contextSize: o.contextSize,
      }),
    ],
  ]
  for (const [rel, content] of small) {
    // The reports are made from counts and versions only; checked anyway, as the folder is released as a whole.
    if (o.deidentify && genericMatcher.find(content)) throw new AppError('EXPORT_BLOCKED', `Export ${exportId} blocked: ${rel} holds an identifier pattern.`)
    writeFileSync(join(tmp, rel), content, { flag: 'wx' })
    fileHashes.set(rel, createHash('sha256').update(content).digest('hex'))
  }
  const files = [...fileHashes.keys()].sort()
  const contentHash = createHash('sha256')
    .update(files.map((f) => `${f}\u0000${fileHashes.get(f)}`).join('\n'))
    .digest('hex')
  return {
    contentHash,
    items: qualityReport.items,
    rows: qualityReport.rows,
    perSplit: qualityReport.perSplit,
    dropped,
    quality: qualityReport,
    deid,
    files,
    splits,
  }
}
