// The export's second pass for one item at a time: de-identify, build rows, count tokens, drop duplicates and rows too
// long, write every format's line and metadata; then the residual scan, the reports and DATASET.md. It touches files
// only, never the database, so it runs the same in the export's worker thread (exportThread.ts) or in-process.
import { createHash } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { AppError } from '../../shared/errors'
import { datasetCard } from './datasetCard'
import { addCounts, type CategoryCounts } from './deid/categories'
import { residualScan } from './deid/residual'
import { compileMatcher, genericMatcher } from './deid/scrub'
import { deidentifyItem, yearOf } from './deid/structured'
import { FORMAT_ROWS, formatLine, type ExportFormat } from './formats'
import { Deduper } from './hygiene/dedupe'
import { SPLITS, type Split, type SplitRatios } from './hygiene/split'
import { LineWriter } from './io'
import { QualityAccumulator, type QualityReport } from './quality'
import { buildRows } from './rows'
import { itemTokens, type TokenCounter, type TokenCounterStats } from './tokens/counter'
import { itemPrompt, type ExportItem, type PatientIdentifiers } from './types'

export type DropReason = 'exact_duplicate' | 'near_duplicate' | 'too_long' | 'no_prompt' | 'invalid_after_deid'

export interface DeidReport {
  enabled: boolean
  counts: CategoryCounts
  itemsDropped: Partial<Record<DropReason, number>>
  residualScan: { linesScanned: number; found: number } | null
}

/** What the second pass needs besides the items: plain data, so it can be posted to the worker thread. */
export interface RowWriterConfig {
  exportId: number
  tmp: string
  formats: readonly ExportFormat[]
  deidentify: boolean
  minimumPerCondition: number
  contextSize: number
  seed: number
  ratios: SplitRatios
  sinceExportId: number | null
  appVersion: string
}

/** One item as the first pass placed it: its split and its patient's pseudonym. */
export interface PlacedItem {
  item: ExportItem
  split: Split
  pseudonym: string
}

export interface WrittenFiles {
  /** Items whose rows were written. */
  items: number
  /** How the rows' tokens were counted (the counter's own figures). */
  tokenStats: TokenCounterStats
  contentHash: string
  files: string[]
  dropped: Partial<Record<DropReason, number>>
  quality: QualityReport
  deid: DeidReport
}

export type ScanProgress = (done: number, total: number) => void

export class RowWriter {
  private readonly writers = new Map<string, LineWriter>()
  private readonly quality: QualityAccumulator
  private readonly deduper = new Deduper()
  private readonly deidCounts: CategoryCounts = {}
  private readonly dropped: Partial<Record<DropReason, number>> = {}
  private readonly templateVersions = new Set<string>()
  private readonly baseModels = new Set<string>()
  private readonly adapters = new Set<string>()
  private readonly origins: Record<string, number> = {}
  private readonly metadata: LineWriter
  private signedFrom: string | null = null
  private signedTo: string | null = null
  private rowSeq = 0
  /** Items whose rows were written. */
  written = 0

  constructor(
    private readonly c: RowWriterConfig,
    private readonly counter: TokenCounter,
  ) {
    this.quality = new QualityAccumulator(c.minimumPerCondition, c.contextSize, { method: counter.method, counter: counter.description })
    mkdirSync(c.tmp)
    for (const f of c.formats) for (const s of SPLITS) this.writer(`${f}/${s}.jsonl`)
    this.metadata = this.writer('metadata.jsonl')
  }

  private writer(rel: string): LineWriter {
    let w = this.writers.get(rel)
    if (!w) {
      mkdirSync(dirname(join(this.c.tmp, rel)), { recursive: true })
      w = new LineWriter(join(this.c.tmp, rel))
      this.writers.set(rel, w)
    }
    return w
  }

  private drop(r: DropReason): false {
    this.dropped[r] = (this.dropped[r] ?? 0) + 1
    return false
  }

  /** Writes the item's rows in every format; false when it was dropped (the reason is counted). */
  add({ item, split, pseudonym }: PlacedItem): boolean {
    const prompt = itemPrompt(item)
    if (prompt === null) return this.drop('no_prompt')
    const itemCounts: CategoryCounts = {}
    const d = deidentifyItem(item, prompt, this.c.deidentify ? compileMatcher(item.identifiers) : null, itemCounts)
    let rows
    try {
      rows = buildRows(d)
    } catch {
      // A scrubbed string grew past the schema's limit (a placeholder is longer than a two-letter name).
      return this.drop('invalid_after_deid')
    }
    const tokens = itemTokens(this.counter, d.prompt, rows)
    if (tokens > this.c.contextSize) {
      this.quality.droppedTooLong()
      return this.drop('too_long')
    }
    const first = rows[0]
    const dup = first ? this.deduper.check(d.prompt.system, d.prompt.user, first.type === 'preference' ? first.chosen : first.completion) : null
    if (dup) return this.drop(dup)
    addCounts(this.deidCounts, itemCounts)
    for (const row of rows) {
      const rowId = `e${this.c.exportId}-r${++this.rowSeq}`
      const lines: Partial<Record<ExportFormat, number>> = {}
      for (const f of this.c.formats) {
        if (!FORMAT_ROWS[f].includes(row.type)) continue
        const line = formatLine(f, row)
        if (line === null) continue
        const w = this.writer(`${f}/${split}.jsonl`)
        w.write(line)
        lines[f] = w.lines
      }
      const draft = item.draft
      this.metadata.write(
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
    this.quality.add({
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
      this.templateVersions.add(item.draft.promptTemplateVersion)
      this.baseModels.add(item.draft.baseModel.sha256)
      for (const a of item.draft.adapters) this.adapters.add(a.sha256)
    }
    this.origins[d.prompt.origin] = (this.origins[d.prompt.origin] ?? 0) + 1
    if (this.signedFrom === null || item.signedAt < this.signedFrom) this.signedFrom = item.signedAt
    if (this.signedTo === null || item.signedAt > this.signedTo) this.signedTo = item.signedAt
    this.written++
    return true
  }

  /**
   * Closes the files, runs the residual scan (every finished line against its own patient's identifiers, looked up
   * afresh by pseudonym), and writes the reports and DATASET.md. Throws EXPORT_BLOCKED naming the row and category.
   */
  finish(identifiersOf: (pseudonym: string) => PatientIdentifiers | null, onScan?: ScanProgress): WrittenFiles {
    const { exportId, tmp, formats } = this.c
    const fileHashes = new Map<string, string>()
    for (const [rel, w] of this.writers) fileHashes.set(rel, w.close())
    this.writers.clear()

    let scan: DeidReport['residualScan'] = null
    if (this.c.deidentify) {
      onScan?.(0, this.rowSeq)
      const r = residualScan(
        tmp,
        formats,
        (pseudonym) => {
          const ids = identifiersOf(pseudonym)
          return ids === null ? genericMatcher : compileMatcher(ids)
        },
        (rows) => onScan?.(rows, this.rowSeq),
      )
      if (r.finding) {
        throw new AppError(
          'EXPORT_BLOCKED',
          `Export ${exportId} blocked by the residual scan: row ${r.finding.rowId} in ${r.finding.file} still holds a ${r.finding.category.replace(/_/g, ' ')}. Nothing was released; correct the source text or its patient's identifiers and export again.`,
        )
      }
      scan = { linesScanned: r.linesScanned, found: 0 }
    }

    const qualityReport = this.quality.finish()
    const deid: DeidReport = { enabled: this.c.deidentify, counts: this.deidCounts, itemsDropped: this.dropped, residualScan: scan }
    const small: [string, string][] = [
      ['deid-report.json', JSON.stringify(deid, null, 2) + '\n'],
      ['quality-report.json', JSON.stringify(qualityReport, null, 2) + '\n'],
      [
        'DATASET.md',
        datasetCard({
          exportId,
          createdYear: new Date().toISOString().slice(0, 4),
          appVersion: this.c.appVersion,
          formats,
          seed: this.c.seed,
          ratios: this.c.ratios,
          sinceExportId: this.c.sinceExportId,
          signedYears: { from: yearOf(this.signedFrom), to: yearOf(this.signedTo) },
          templateVersions: [...this.templateVersions].sort(),
          baseModels: [...this.baseModels].sort(),
          adapters: [...this.adapters].sort(),
          promptOrigins: this.origins,
          quality: qualityReport,
          deid,
          contextSize: this.c.contextSize,
        }),
      ],
    ]
    for (const [rel, content] of small) {
      // The reports are made from counts and versions only; checked anyway, as the folder is released as a whole.
      if (this.c.deidentify && genericMatcher.find(content)) throw new AppError('EXPORT_BLOCKED', `Export ${exportId} blocked: ${rel} holds an identifier pattern.`)
      writeFileSync(join(tmp, rel), content, { flag: 'wx' })
      fileHashes.set(rel, createHash('sha256').update(content).digest('hex'))
    }
    const files = [...fileHashes.keys()].sort()
    const contentHash = createHash('sha256')
      .update(files.map((f) => `${f}\u0000${fileHashes.get(f)}`).join('\n'))
      .digest('hex')
    return { items: this.written, tokenStats: this.counter.stats(), contentHash, files, dropped: this.dropped, quality: qualityReport, deid }
  }

  /** Closes the files without finishing them (the caller removes the folder). */
  abandon(): void {
    for (const w of this.writers.values()) w.abandon()
    this.writers.clear()
  }
}
