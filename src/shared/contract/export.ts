// Contract methods for the training-data export: run one (with progress events), preview its first rows, the history.
import { z } from 'zod'
import { REPORT_KINDS } from '../domain/report'
import { EVIDENCE_STANDINGS, EXPORT_FORMATS, OUTCOMES, REASON_CODES, SPLITS } from '../domain/trainingExport'
import { method } from './define'

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/, { message: 'an ISO date (YYYY-MM-DD) or date-time' })

export const ExportFiltersSchema = z
  .object({
    signedFrom: isoDate,
    signedTo: isoDate,
    kinds: z.array(z.enum(REPORT_KINDS)).max(REPORT_KINDS.length),
    reviewers: z.array(z.string().min(1).max(100)).max(100),
    reasonCodes: z.array(z.enum(REASON_CODES)).max(REASON_CODES.length),
    /** Base-model SHA-256 fingerprints of the drafts, or prefixes of at least 6 hex digits. */
    modelVersions: z.array(z.string().regex(/^[0-9a-fA-F]{6,64}$/, { message: 'a SHA-256 fingerprint or a prefix of at least 6 hex digits' })).max(50),
    standings: z.array(z.enum(EVIDENCE_STANDINGS)).max(EVIDENCE_STANDINGS.length),
    outcomes: z.array(z.enum(OUTCOMES)).max(OUTCOMES.length),
  })
  .partial()
  .strict()

const countsBySplit = z.object({ train: z.number().int(), validation: z.number().int(), test: z.number().int() })
const rowCounts = z.object({ sft: z.number().int(), preference: z.number().int(), unpaired: z.number().int() })

export const QualityReportSchema = z.object({
  minimumPerCondition: z.number().int(),
  items: z.number().int(),
  rows: rowCounts,
  perSplit: countsBySplit,
  perKind: z.array(z.object({ kind: z.string(), count: z.number().int(), belowMinimum: z.boolean() })),
  perCondition: z.array(z.object({ condition: z.string(), count: z.number().int(), belowMinimum: z.boolean() })),
  outcomes: z.record(z.string(), z.number().int()),
  overallSeverity: z.record(z.string(), z.number().int()),
  reasonCodes: z.record(z.string(), z.number().int()),
  tokens: z.object({
    count: z.number().int(),
    min: z.number().nullable(),
    max: z.number().nullable(),
    mean: z.number().nullable(),
    p50: z.number().nullable(),
    p95: z.number().nullable(),
    contextSize: z.number().int(),
    droppedTooLong: z.number().int(),
    /** 'tokenizer': counted with the selected base model's tokenizer; 'estimated': characters ÷ 3. */
    method: z.enum(['tokenizer', 'estimated']),
    /** Which tokenizer counted, or why the estimate was used. */
    counter: z.string(),
  }),
  warnings: z.array(z.string()),
})
export type QualityReportDto = z.infer<typeof QualityReportSchema>

export const DeidReportSchema = z.object({
  enabled: z.boolean(),
  counts: z.record(z.string(), z.number().int()),
  itemsDropped: z.record(z.string(), z.number().int()),
  residualScan: z.object({ linesScanned: z.number().int(), found: z.number().int() }).nullable(),
})

export const ExportRunInputSchema = z
  .object({
    formats: z.array(z.enum(EXPORT_FORMATS)).min(1).max(EXPORT_FORMATS.length),
    /** The folder to create (it must not exist yet; its parent must). */
    outDir: z.string().min(1).max(4096),
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(42),
    /** "train/validation/test" percentages, e.g. "80/10/10". */
    split: z.string().max(20).default('80/10/10'),
    /** Only what was signed since this export (the frozen test split carried along). */
    sinceExportId: z.number().int().positive().optional(),
    filters: ExportFiltersSchema.default({}),
    /** De-identification is on unless an admin turns it off with a reason (audited). */
    deidentification: z.object({ enabled: z.literal(false), reason: z.string().trim().min(10, { message: 'say why, in at least 10 characters' }).max(500) }).strict().optional(),
    /** Examples wanted per kind and per condition; fewer gives a warning in the quality report. */
    minimumPerCondition: z.number().int().min(1).max(1_000_000).default(300),
    /** The selected model's context size in tokens; the active base model's when absent (else 4096). */
    contextSize: z.number().int().min(256).max(1_048_576).optional(),
    zip: z.boolean().default(false),
    jobId: z.string().max(100).optional(),
  })
  .strict()

export const ExportResultSchema = z.object({
  exportId: z.number().int(),
  outDir: z.string(),
  zipPath: z.string().nullable(),
  contentHash: z.string(),
  items: z.number().int(),
  rows: rowCounts,
  perSplit: countsBySplit,
  dropped: z.record(z.string(), z.number().int()),
  quality: QualityReportSchema,
  deid: DeidReportSchema,
  files: z.array(z.string()),
})
export type ExportResultDto = z.infer<typeof ExportResultSchema>

export const ExportHistoryEntrySchema = z.object({
  id: z.number().int(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  status: z.enum(['running', 'completed', 'failed', 'blocked', 'cancelled', 'interrupted']),
  actor: z.string(),
  outPath: z.string(),
  params: z.record(z.string(), z.unknown()),
  counts: z.record(z.string(), z.unknown()).nullable(),
  contentHash: z.string().nullable(),
  error: z.string().nullable(),
})

export const ExportPreviewSchema = z.object({
  /** Items the filters take (all of them, counted). */
  matching: z.number().int(),
  rows: z.array(z.object({ format: z.enum(EXPORT_FORMATS), reportKind: z.string(), outcome: z.enum(OUTCOMES), line: z.string() })),
  /** Lines withheld because the residual check found an identifier in them: the category, never the text. */
  withheld: z.array(z.object({ format: z.enum(EXPORT_FORMATS), category: z.string() })),
})

export const exportContract = {
  /** Write a training-data export (role ml; de-identification off needs admin and a reason). Emits export.progress with the jobId. */
  'export.run': method(ExportRunInputSchema, ExportResultSchema),
  /** Earlier exports, newest first: status, counts, content hash, where they were written. */
  'export.history': method(z.object({ limit: z.number().int().min(1).max(500).optional() }).strict(), z.array(ExportHistoryEntrySchema)),
  /** The first rows an export with these settings would write, de-identified, in the chosen formats; nothing is written. */
  'export.preview': method(
    z.object({ formats: z.array(z.enum(EXPORT_FORMATS)).min(1).max(EXPORT_FORMATS.length), filters: ExportFiltersSchema.default({}), limit: z.number().int().min(1).max(20).default(5) }).strict(),
    ExportPreviewSchema,
  ),
  /** Forget the persisted splits (all, or one split's patients), deliberately: role admin, a reason, audited. */
  'export.resetSplits': method(
    z.object({ split: z.enum(SPLITS).optional(), reason: z.string().trim().min(10, { message: 'say why, in at least 10 characters' }).max(500) }).strict(),
    z.object({ removed: z.number().int() }),
  ),
}
