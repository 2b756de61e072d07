// The Audit page's filters: the form's state, and the audit.list input it asks for (dates in the user's time zone).
import type { MethodInput } from '../../../../shared/contract'
import type { AuditBreak } from '../../../../shared/contract/audit'

export interface AuditFilters {
  user: string
  action: string
  /** A report id as typed; anything but a whole number is ignored (and shown as invalid). */
  report: string
  /** YYYY-MM-DD from the date inputs, or ''. */
  from: string
  to: string
}

export const NO_FILTERS: AuditFilters = { user: '', action: '', report: '', from: '', to: '' }

export function hasFilters(f: AuditFilters): boolean {
  return Object.values(f).some((v) => v.trim() !== '')
}

export function reportIdOf(text: string): number | null {
  const t = text.trim()
  return /^[1-9]\d{0,15}$/.test(t) ? Number(t) : null
}

/** The instant a local calendar day starts, as ISO UTC. */
function localDayStart(ymd: string, plusDays = 0): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd)
  if (!m) return null
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + plusDays).toISOString()
}

/**
 * The list input for these filters. A date means the whole local day: "to 3 March" ends at the last millisecond of
 * 3 March here (the handler's until includes the instant it is given).
 */
export function listInput(f: AuditFilters, limit: number, beforeId?: number): MethodInput<'audit.list'> {
  const since = localDayStart(f.from)
  const nextDay = localDayStart(f.to, 1)
  const until = nextDay === null ? null : new Date(Date.parse(nextDay) - 1).toISOString()
  const report = reportIdOf(f.report)
  return {
    limit,
    ...(beforeId !== undefined ? { beforeId } : {}),
    ...(f.user.trim() ? { user: f.user.trim() } : {}),
    ...(f.action.trim() ? { action: f.action.trim() } : {}),
    ...(report !== null ? { reportId: report } : {}),
    ...(since ? { since } : {}),
    ...(until ? { until } : {}),
  }
}

/** Titles for verification failures, for people reading the Audit page. */
export const BREAK_TITLES: Record<AuditBreak, string> = {
  altered_row: 'A row was altered',
  missing_rows: 'Rows are missing',
  truncated_tail: 'The newest rows were removed',
  anchor_missing: 'The anchor is missing',
  anchor_mismatch: 'The anchor does not match the log',
}

/** Actions offered in the filter (free text also works; a prefix ending in "." matches a family). */
export const KNOWN_ACTIONS = [
  'report.',
  'report.viewed',
  'report.imported',
  'report.corrected',
  'import.batch',
  'interpretation.',
  'interpretation.started',
  'interpretation.generated',
  'interpretation.failed',
  'queue.',
  'patients.',
  'settings.set',
  'rules.',
  'model.',
  'audit.',
]
