// The Export page's form state and the pure decisions on it: which contract input it makes, and what is wrong with it.
import type { MethodInput } from '../../../../shared/contract'
import type { ReportKind } from '../../../../shared/domain/report'
import type { EvidenceStanding, ExportFormat, ReasonCode } from '../../../../shared/domain/trainingExport'

export interface ExportForm {
  from: string
  to: string
  kinds: ReportKind[]
  /** Reviewers' usernames. */
  reviewers: string[]
  reasonCodes: ReasonCode[]
  standings: EvidenceStanding[]
  formats: ExportFormat[]
  seed: string
  /** "train/validation/test" percentages. */
  split: string
  outDir: string
}

export const EMPTY_FORM: ExportForm = {
  from: '',
  to: '',
  kinds: [],
  reviewers: [],
  reasonCodes: [],
  standings: [],
  formats: ['openai-chat', 'trl-sft'],
  seed: '42',
  split: '80/10/10',
  outDir: '',
}

type Filters = NonNullable<MethodInput<'export.preview'>['filters']>

/** Only the filters the user set: an empty list means "any", and is left out. */
export function filtersOf(f: ExportForm): Filters {
  const out: Filters = {}
  if (f.from.trim()) out.signedFrom = f.from.trim()
  if (f.to.trim()) out.signedTo = f.to.trim()
  if (f.kinds.length) out.kinds = f.kinds
  const reviewers = f.reviewers.map((r) => r.trim()).filter((r) => r !== '')
  if (reviewers.length) out.reviewers = reviewers
  if (f.reasonCodes.length) out.reasonCodes = f.reasonCodes
  if (f.standings.length) out.standings = f.standings
  return out
}

/** What must change before the export can run, by field; empty when it can. The server checks again. */
export function formProblems(f: ExportForm): Partial<Record<'formats' | 'seed' | 'split' | 'outDir' | 'to', string>> {
  const p: Partial<Record<'formats' | 'seed' | 'split' | 'outDir' | 'to', string>> = {}
  if (f.formats.length === 0) p.formats = 'Choose at least one format'
  if (!/^\d{1,10}$/.test(f.seed.trim()) || Number(f.seed) > 2 ** 31 - 1) p.seed = 'A whole number from 0 to 2147483647'
  const parts = f.split.trim().split('/')
  if (parts.length !== 3 || parts.some((x) => !/^\d{1,3}$/.test(x))) p.split = 'Three whole percentages, like 80/10/10'
  else if (parts.reduce((s, x) => s + Number(x), 0) !== 100) p.split = 'The three percentages must add up to 100'
  if (f.outDir.trim() === '') p.outDir = 'The folder to create (it must not exist yet)'
  if (f.from && f.to && f.to < f.from) p.to = 'The end is before the start'
  return p
}

/** The export.run input for a valid form. */
export function runInput(f: ExportForm, jobId: string): MethodInput<'export.run'> {
  return { formats: f.formats, outDir: f.outDir.trim(), seed: Number(f.seed.trim()), split: f.split.trim(), filters: filtersOf(f), jobId }
}

/** 0–100 for a progress bar; an unknown total shows nothing done. */
export function percent(done: number, total: number): number {
  if (!(total > 0)) return 0
  return Math.max(0, Math.min(100, Math.round((done / total) * 100)))
}
