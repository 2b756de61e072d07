// Turns the audit list's since/until (a date, or a date-time with an offset) into the instants the `at` column compares with.
import { AppError } from '../../shared/errors'

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/
// A date-time must say its offset: "08:00" alone would mean a different instant on every workstation.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/

function dayStart(field: string, text: string): Date {
  const m = DATE_ONLY.exec(text)!
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  if (d.toISOString().slice(0, 10) !== text) throw new AppError('INVALID_INPUT', `${field}: ${text} is not a calendar date (use YYYY-MM-DD).`)
  return d
}

function instant(field: string, text: string): Date {
  if (!DATE_TIME.test(text)) {
    throw new AppError('INVALID_INPUT', `${field}: use a date (YYYY-MM-DD) or a date-time with its offset (2026-03-01T08:00:00Z), not "${text.slice(0, 40)}".`)
  }
  const d = new Date(text)
  if (Number.isNaN(d.getTime())) throw new AppError('INVALID_INPUT', `${field}: ${text.slice(0, 40)} is not a valid time.`)
  return d
}

/** since → inclusive lower bound; until → exclusive upper bound (a date alone includes its whole UTC day). */
export function auditTimeRange(since: string | undefined, until: string | undefined): { since?: string; until?: string } {
  const out: { since?: string; until?: string } = {}
  if (since !== undefined) out.since = (DATE_ONLY.test(since) ? dayStart('since', since) : instant('since', since)).toISOString()
  if (until !== undefined) {
    if (DATE_ONLY.test(until)) {
      const d = dayStart('until', until)
      d.setUTCDate(d.getUTCDate() + 1)
      out.until = d.toISOString()
    } else {
      // Exclusive bound: one millisecond past the instant given, so an event at exactly that time is included.
      out.until = new Date(instant('until', until).getTime() + 1).toISOString()
    }
  }
  if (out.since !== undefined && out.until !== undefined && out.since >= out.until) {
    throw new AppError('INVALID_INPUT', `since (${since}) is not before until (${until}).`)
  }
  return out
}
