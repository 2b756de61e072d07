// `readout export` options → the export.run input: one pure function, so the CLI's parsing is tested without a process.
import type { z } from 'zod'
import type { ExportRunInputSchema } from '../../shared/contract/export'
import { EXPORT_FORMATS } from '../../shared/domain/trainingExport'

export type ExportRunInput = z.input<typeof ExportRunInputSchema>

export interface ExportFlags {
  format?: string
  out?: string
  seed?: string
  split?: string
  since?: string
  from?: string
  to?: string
  kind?: string
  reviewer?: string
  'reason-code'?: string
  model?: string
  standing?: string
  outcome?: string
  'min-per-condition'?: string
  context?: string
  zip?: boolean
  'no-deid'?: boolean
  reason?: string
}

const list = (v: string | undefined) =>
  v === undefined
    ? undefined
    : v
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '')

function int(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined
  if (!/^\d+$/.test(v)) throw new Error(`--${name} takes a whole number, not "${v}"`)
  return Number(v)
}

/**
 * The contract input for the flags; throws an Error whose message names the flag to change. Value checks beyond the
 * shape (unknown kinds, reason codes, a split that does not add up) are the contract's and the handler's, with the same
 * wording as in the app.
 */
export function exportInputFromFlags(f: ExportFlags, resolvePath: (p: string) => string): ExportRunInput {
  const formats = list(f.format)
  if (!formats || formats.length === 0) throw new Error(`give --format with one or more of ${EXPORT_FORMATS.join(',')}`)
  const unknown = formats.filter((x) => !(EXPORT_FORMATS as readonly string[]).includes(x))
  if (unknown.length > 0) throw new Error(`unknown format ${unknown.join(', ')}: use ${EXPORT_FORMATS.join(',')}`)
  if (!f.out) throw new Error('give --out DIR: a new folder for the export (it must not exist yet)')
  if (f['no-deid'] && !f.reason) throw new Error('--no-deid needs --reason TEXT (it is audited, and needs the admin role)')
  const filters: NonNullable<ExportRunInput['filters']> = {}
  if (f.from) filters.signedFrom = f.from
  if (f.to) filters.signedTo = f.to
  const kinds = list(f.kind)
  if (kinds) filters.kinds = kinds as NonNullable<typeof filters.kinds>
  const reviewers = list(f.reviewer)
  if (reviewers) filters.reviewers = reviewers
  const reasons = list(f['reason-code'])
  if (reasons) filters.reasonCodes = reasons as NonNullable<typeof filters.reasonCodes>
  const models = list(f.model)
  if (models) filters.modelVersions = models
  const standings = list(f.standing)
  if (standings) filters.standings = standings as NonNullable<typeof filters.standings>
  const outcomes = list(f.outcome)
  if (outcomes) filters.outcomes = outcomes as NonNullable<typeof filters.outcomes>
  const input: ExportRunInput = {
    formats: formats as ExportRunInput['formats'],
    outDir: resolvePath(f.out),
    filters,
    zip: f.zip ?? false,
  }
  const seed = int('seed', f.seed)
  if (seed !== undefined) input.seed = seed
  if (f.split !== undefined) input.split = f.split
  const since = int('since', f.since)
  if (since !== undefined) input.sinceExportId = since
  const min = int('min-per-condition', f['min-per-condition'])
  if (min !== undefined) input.minimumPerCondition = min
  const context = int('context', f.context)
  if (context !== undefined) input.contextSize = context
  if (f['no-deid']) input.deidentification = { enabled: false, reason: f.reason ?? '' }
  return input
}
