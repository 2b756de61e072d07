// Handlers for export.* methods: run a training-data export, preview it, list the history, reset the frozen splits.
import type { exportContract } from '../../shared/contract/export'
import type { ExportFormat, Outcome } from '../../shared/domain/trainingExport'
import { AppError } from '../../shared/errors'
import { requireRole } from '../auth/requireRole'
import { compileMatcher } from '../export/deid/scrub'
import { scanLine } from '../export/deid/residual'
import { deidentifyItem } from '../export/deid/structured'
import { matchesFilters } from '../export/filters'
import { EXPORT_FORMATS, formatLine } from '../export/formats'
import { parseRatios } from '../export/hygiene/split'
import { exportsRunningHere, runExport, type ExportSource } from '../export/pipeline'
import { buildRows } from '../export/rows'
import { reviewStoreSource, type PromptBuilder } from '../export/source'
import { openCounterFrom, tokenizerSpec } from '../export/tokens/modelTokenizer'
import { itemPrompt } from '../export/types'
import type { Services } from '../services'
import { appendAudit } from '../store/audit'
import type { Db } from '../store/db'
import { listExports, markInterrupted, resetSplits } from '../store/exports'
import { getConfig, getModel } from '../store/models'
import { getReport } from '../store/reportRead'
import { promptForModel } from '../llm/prompt'
import { readChatTemplate } from '../llm/registry/chatTemplate'
import type { HandlersFor } from './types'

const DEFAULT_CONTEXT = 4096
/**
 * The export worker's heap limit. Its live data is ~100 MB at 50,000 items (caches capped, per-patient maps small); the
 * limit makes V8 collect rather than grow, so memory stays flat however large the export (bench/export.bench.ts).
 */
const EXPORT_HEAP_MB = 384

/** The active base model's context length: what a row must fit to be trained on it. */
function activeContextSize(db: Db): number {
  const id = getConfig(db).baseModelId
  const model = id === null ? undefined : getModel(db, id)
  return model?.context_length ?? DEFAULT_CONTEXT
}

/**
 * Today's prompt for a report signed without a draft, as a draft made now would be fed it: the template's instruction
 * block is the system message, and the selected base model's chat template renders the messages (its metadata is read
 * once per export). Without a readable base model the raw text stands, and the row's token count says so.
 */
async function todaysPrompt(s: Services): Promise<PromptBuilder> {
  const config = getConfig(s.db)
  const base = config.baseModelId === null ? undefined : getModel(s.db, config.baseModelId)
  const chat = base ? await readChatTemplate(base.path, base.sha256).catch(() => null) : null
  return (reportId) => {
    const report = getReport(s.db, reportId)
    if (!report) return null
    const { rendered } = s.llm.promptFor(report, config)
    const fed = promptForModel(rendered, chat)
    return {
      system: rendered.prefix,
      user: rendered.text.slice(rendered.prefix.length),
      rendered: fed.prompt,
      origin: 'built',
      builtFormat: fed.promptFormat === 'chat-template' ? 'chat-template' : 'raw',
    }
  }
}

async function sourceOf(s: Services): Promise<ExportSource> {
  return s.exportSource ?? reviewStoreSource(s.db, await todaysPrompt(s))
}

export const exportHandlers: HandlersFor<keyof typeof exportContract> = {
  'export.run': async (input, s, ctx) => {
    const user = requireRole(ctx, 'ml')
    const ratios = parseRatios(input.split)
    if ('error' in ratios) throw new AppError('INVALID_INPUT', ratios.error)
    const deidentify = input.deidentification === undefined
    if (!deidentify) {
      requireRole(ctx, 'admin')
      // Audited before anything is written: who turned it off, and why.
      appendAudit(s.db, { actor: user.username, action: 'export.deidentificationOff', entityType: 'export', details: { reason: input.deidentification?.reason } })
    }
    const jobId = input.jobId
    // The selected base model's tokenizer (vocabulary only) for the rows' lengths; the estimate when it is not at hand.
    // With the built worker the rows are written on a thread of their own, which opens the tokenizer itself.
    const spec = await tokenizerSpec(s.db)
    const thread = s.exportWorkerPath ? { workerPath: s.exportWorkerPath, heapMb: EXPORT_HEAP_MB, tokenizer: spec } : null
    const tokens = thread ? null : await openCounterFrom(spec)
    try {
      return await runExport(s.db, await sourceOf(s), {
        formats: input.formats,
        outDir: input.outDir,
        seed: input.seed,
        ratios,
        sinceExportId: input.sinceExportId ?? null,
        filters: input.filters,
        deidentify,
        minimumPerCondition: input.minimumPerCondition,
        contextSize: input.contextSize ?? activeContextSize(s.db),
        zip: input.zip,
        actor: user.username,
        appVersion: s.version,
        ...(thread ? { thread } : { tokens: tokens!.counter }),
        onProgress: (p) => {
          if (jobId) s.events.emit('export.progress', { jobId, done: p.done, total: p.total, label: p.phase })
        },
      })
    } finally {
      await tokens?.close()
    }
  },

  'export.history': ({ limit }, s, ctx) => {
    requireRole(ctx, 'ml')
    markInterrupted(s.db, exportsRunningHere(), new Date().toISOString())
    return listExports(s.db, limit ?? 100)
  },

  'export.preview': async ({ formats, filters, limit }, s, ctx) => {
    requireRole(ctx, 'ml')
    const source = await sourceOf(s)
    const chosen = EXPORT_FORMATS.filter((f) => formats.includes(f))
    const rows: { format: ExportFormat; reportKind: string; outcome: Outcome; line: string }[] = []
    const withheld: { format: ExportFormat; category: string }[] = []
    let matching = 0
    for (const item of source.items(filters)) {
      if (!matchesFilters(item, filters)) continue
      matching++
      if (matching > limit) continue
      const prompt = itemPrompt(item)
      if (prompt === null) continue
      const d = deidentifyItem(item, prompt, compileMatcher(item.identifiers), {})
      const check = compileMatcher(source.identifiers(item.patientId))
      for (const row of buildRows(d)) {
        for (const format of chosen) {
          const line = formatLine(format, row)
          if (line === null) continue
          const category = scanLine(line, check)
          if (category) withheld.push({ format, category })
          else rows.push({ format, reportKind: item.kind, outcome: item.outcome, line })
        }
      }
    }
    return { matching, rows, withheld }
  },

  'export.resetSplits': ({ split, reason }, s, ctx) => {
    const user = requireRole(ctx, 'admin')
    return s.db.transaction(() => {
      const removed = resetSplits(s.db, split ?? null)
      appendAudit(s.db, { actor: user.username, action: 'export.splitsReset', entityType: 'export', details: { split: split ?? 'all', removed, reason } })
      return { removed }
    })()
  },
}
