// Parses device date/time strings whose field order depends on locale, and infers that order from a whole file.

export type DateOrder = 'YMD' | 'DMY' | 'MDY'

/** A date-time split into numbers before the day/month order is known. */
export interface RawDateTime {
  /** The three date numbers in written order. */
  parts: [number, number, number]
  /** True when the first number has four digits (YYYY-MM-DD): the order is then known. */
  yearFirst: boolean
  separator: string
  hour: number
  minute: number
  second: number
  /** 12-hour clock marker, when written. */
  meridiem?: 'AM' | 'PM'
  hasTime: boolean
}

const DATE = String.raw`(\d{1,4})([-/.])(\d{1,2})\2(\d{2,4})\.?`
// Finnish and Danish exports write 18.03 for 18:03; French 18h03.
const TIME = String.raw`(\d{1,2})[:h.](\d{2})(?:[:.](\d{2})(?:[.,]\d+)?)?\s*([AaPp]\.?\s?[Mm]\.?)?`
const DATE_TIME_RE = new RegExp(String.raw`^${DATE}(?:(?:\s+|T|,\s*)${TIME})?$`)
const TIME_RE = new RegExp(String.raw`^${TIME}$`)

function meridiemOf(text: string | undefined): 'AM' | 'PM' | undefined {
  if (!text) return undefined
  return text.toUpperCase().startsWith('A') ? 'AM' : 'PM'
}

/** Splits "03-15-2024 7:05 PM", "15.03.2024 19:05", "15. 3. 2024 19.05", "2024/03/15T19:05:00" …; null when it is none of these. */
export function splitDateTime(text: string): RawDateTime | null {
  // Czech, Slovak and Hungarian write "15. 3. 2024": the spaces after the dots carry nothing.
  const m = DATE_TIME_RE.exec(text.trim().replace(/^(\d{1,4})\.\s+(\d{1,2})\.\s+(\d{2,4})/, '$1.$2.$3'))
  if (!m) return null
  const [, a = '', separator = '', b = '', c = '', hh, mm, ss, ampm] = m
  // Two-digit years only make sense last; a four-digit number must be the year at one end.
  const yearFirst = a.length === 4
  if (!yearFirst && a.length > 2) return null
  if (yearFirst && c.length > 2) return null
  return {
    parts: [Number(a), Number(b), Number(c)],
    yearFirst,
    separator,
    hour: hh === undefined ? 0 : Number(hh),
    minute: mm === undefined ? 0 : Number(mm),
    second: ss === undefined ? 0 : Number(ss),
    meridiem: meridiemOf(ampm),
    hasTime: hh !== undefined,
  }
}

/** Splits a time-only cell ("07:30", "7:30 PM", "19h30"). */
export function splitTime(text: string): Pick<RawDateTime, 'hour' | 'minute' | 'second' | 'meridiem'> | null {
  const m = TIME_RE.exec(text.trim())
  if (!m) return null
  const [, hh = '', mm = '', ss, ampm] = m
  return { hour: Number(hh), minute: Number(mm), second: ss === undefined ? 0 : Number(ss), meridiem: meridiemOf(ampm) }
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0')

/** Local ISO 'YYYY-MM-DDTHH:MM:SS' (no offset) under the given order; null when that is no real date. */
export function toLocalIso(raw: RawDateTime, order: DateOrder): string | null {
  const [p1, p2, p3] = raw.parts
  let year: number
  let month: number
  let day: number
  if (raw.yearFirst || order === 'YMD') [year, month, day] = [p1, p2, p3]
  else if (order === 'DMY') [day, month, year] = [p1, p2, p3]
  else [month, day, year] = [p1, p2, p3]
  if (year < 100) year += 2000
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null
  let hour = raw.hour
  if (raw.meridiem) {
    if (hour < 1 || hour > 12) return null
    hour = (hour % 12) + (raw.meridiem === 'PM' ? 12 : 0)
  }
  if (hour > 23 || raw.minute > 59 || raw.second > 59) return null
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(raw.minute)}:${pad(raw.second)}`
}

/** Epoch ms of a local ISO time read as if UTC: for ordering and spans, never for display. */
export function localIsoToMs(iso: string): number {
  return Date.parse(`${iso}Z`)
}

export interface OrderEvidence {
  /** Rows whose first number exceeds 12 (so it must be the day). */
  dayFirst: number
  /** Rows whose second number exceeds 12. */
  monthFirst: number
  /** True when every row is year-first. */
  allYearFirst: boolean
}

export function orderEvidence(raws: readonly RawDateTime[]): OrderEvidence {
  let dayFirst = 0
  let monthFirst = 0
  let allYearFirst = true
  for (const r of raws) {
    if (r.yearFirst) continue
    allYearFirst = false
    if (r.parts[0] > 12) dayFirst++
    if (r.parts[1] > 12) monthFirst++
  }
  return { dayFirst, monthFirst, allYearFirst }
}

export const ORDER_LABEL: Record<DateOrder, string> = {
  YMD: 'YYYY-MM-DD',
  DMY: 'DD-MM-YYYY',
  MDY: 'MM-DD-YYYY',
}

export type OrderDecision =
  | { order: DateOrder; note: string }
  | { order: null; ambiguous: true }
  | { order: null; conflict: string }

/**
 * Decides day/month order from the numbers alone. A day field above 12 settles it; both kinds of
 * evidence in one file is a conflict; none leaves it ambiguous for the caller's own tie-breakers.
 */
export function decideOrder(raws: readonly RawDateTime[]): OrderDecision {
  const e = orderEvidence(raws)
  if (e.allYearFirst) return { order: 'YMD', note: 'Dates read as YYYY-MM-DD' }
  if (e.dayFirst > 0 && e.monthFirst > 0) {
    return { order: null, conflict: `dates disagree: ${e.dayFirst} rows need day first, ${e.monthFirst} need month first` }
  }
  if (e.dayFirst > 0) return { order: 'DMY', note: `Dates read as DD-MM-YYYY (day > 12 seen in ${e.dayFirst} rows)` }
  if (e.monthFirst > 0) return { order: 'MDY', note: `Dates read as MM-DD-YYYY (day > 12 seen in ${e.monthFirst} rows)` }
  return { order: null, ambiguous: true }
}
