// The Export page's form state and the pure decisions on it: which contract input it makes, and what is wrong with it.
import type { MethodInput } from '../../../../shared/contract'
import type { ReportKind } from '../../../../shared/domain/report'
import type { EvidenceStanding, ExportFormat, Outcome, ReasonCode } from '../../../../shared/domain/trainingExport'

export interface ExportForm {
  from: string
  to: string
  kinds: ReportKind[]
  /** Reviewers' usernames. */
  reviewers: string[]
  reasonCodes: ReasonCode[]
  standings: EvidenceStanding[]
  outcomes: Outcome[]
  /** Base-model SHA-256 fingerprints (or prefixes) of the drafts. */
  modelVersions: string[]
  formats: ExportFormat[]
  seed: string
  /** "train/validation/test" percentages. */
  split: string
  outDir: string
  /** An earlier export's id: only what was signed since (with the frozen test split); '' for everything. */
  since: string
  zip: boolean
  /** Examples wanted per kind and condition. */
  minimum: string
  /** Context size in tokens; '' for the selected base model's. */
  context: string
  /** De-identification off: offered to administrators only (the server refuses it to anyone else). */
  deidOff: boolean
  deidReason: string
}

export const EMPTY_FORM: ExportForm = {
  from: '',
  to: '',
  kinds: [],
  reviewers: [],
  reasonCodes: [],
  standings: [],
  outcomes: [],
  modelVersions: [],
  formats: ['openai-chat', 'trl-sft'],
  seed: '42',
  split: '80/10/10',
  outDir: '',
  since: '',
  zip: false,
  minimum: '300',
  context: '',
  deidOff: false,
  deidReason: '',
}

type Filters = NonNullable<MethodInput<'export.preview'>['filters']>

const trimmed = (xs: readonly string[]) => xs.map((x) => x.trim()).filter((x) => x !== '')

/** Only the filters the user set: an empty list means "any", and is left out. */
export function filtersOf(f: ExportForm): Filters {
  const out: Filters = {}
  if (f.from.trim()) out.signedFrom = f.from.trim()
  if (f.to.trim()) out.signedTo = f.to.trim()
  if (f.kinds.length) out.kinds = f.kinds
  const reviewers = trimmed(f.reviewers)
  if (reviewers.length) out.reviewers = reviewers
  if (f.reasonCodes.length) out.reasonCodes = f.reasonCodes
  if (f.standings.length) out.standings = f.standings
  if (f.outcomes.length) out.outcomes = f.outcomes
  const models = trimmed(f.modelVersions).map((m) => m.toLowerCase())
  if (models.length) out.modelVersions = models
  return out
}

export type FormField = 'formats' | 'seed' | 'split' | 'outDir' | 'to' | 'modelVersions' | 'minimum' | 'context' | 'deidReason'

const wholeIn = (s: string, min: number, max: number) => /^\d{1,10}$/.test(s.trim()) && Number(s) >= min && Number(s) <= max

/** What is wrong with the filters alone (the preview needs only these). */
export function filterProblems(f: ExportForm): Partial<Record<FormField, string>> {
  const p: Partial<Record<FormField, string>> = {}
  if (f.from && f.to && f.to < f.from) p.to = 'The end is before the start'
  const bad = trimmed(f.modelVersions).find((m) => !/^[0-9a-fA-F]{6,64}$/.test(m))
  if (bad !== undefined) p.modelVersions = `"${bad}" is not a model fingerprint: use its SHA-256 (at least the first 6 hex digits, as on the Models page)`
  return p
}

/** What must change before the export can run, by field; empty when it can. The server checks again. */
export function formProblems(f: ExportForm): Partial<Record<FormField, string>> {
  const p = filterProblems(f)
  if (f.formats.length === 0) p.formats = 'Choose at least one format'
  if (!wholeIn(f.seed, 0, 2 ** 31 - 1)) p.seed = 'A whole number from 0 to 2147483647'
  const parts = f.split.trim().split('/')
  if (parts.length !== 3 || parts.some((x) => !/^\d{1,3}$/.test(x))) p.split = 'Three whole percentages, like 80/10/10'
  else if (parts.reduce((s, x) => s + Number(x), 0) !== 100) p.split = 'The three percentages must add up to 100'
  if (f.outDir.trim() === '') p.outDir = 'The folder to create (it must not exist yet)'
  if (!wholeIn(f.minimum, 1, 1_000_000)) p.minimum = 'A whole number from 1 to 1000000'
  if (f.context.trim() !== '' && !wholeIn(f.context, 256, 1_048_576)) p.context = "From 256 to 1048576 tokens, or empty for the selected base model's"
  if (f.deidOff && f.deidReason.trim().length < 10) p.deidReason = 'Say why de-identification is off, in at least 10 characters (it is audited)'
  return p
}

/** The export.run input for a valid form. */
export function runInput(f: ExportForm, jobId: string): MethodInput<'export.run'> {
  return {
    formats: f.formats,
    outDir: f.outDir.trim(),
    seed: Number(f.seed.trim()),
    split: f.split.trim(),
    filters: filtersOf(f),
    minimumPerCondition: Number(f.minimum.trim()),
    zip: f.zip,
    ...(f.since ? { sinceExportId: Number(f.since) } : {}),
    ...(f.context.trim() ? { contextSize: Number(f.context.trim()) } : {}),
    ...(f.deidOff ? { deidentification: { enabled: false as const, reason: f.deidReason.trim() } } : {}),
    jobId,
  }
}

/** The export.preview input: the filters and formats only, so settings that do not change the rows do not ask again. */
export function previewInput(f: ExportForm): MethodInput<'export.preview'> {
  return { formats: f.formats, filters: filtersOf(f), limit: 3 }
}

/** 0–100 for a progress bar; an unknown total shows nothing done. */
export function percent(done: number, total: number): number {
  if (!(total > 0)) return 0
  return Math.max(0, Math.min(100, Math.round((done / total) * 100)))
}
