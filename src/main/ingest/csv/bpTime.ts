// When a blood-pressure row was measured: local date-times (day/month order decided later), ISO with offset, or Unix epoch.
import { splitDateTime, type RawDateTime } from './dates'

/** A time that needs no locale: it carries its own offset or is a count since 1970 UTC. */
export interface AbsoluteTime {
  /** ISO 8601 with its offset ('Z' for epoch values). */
  iso: string
  ms: number
  /** How the file wrote it, for the parse log. */
  source: 'iso' | 'epoch-s' | 'epoch-ms'
}

export type RowTime = { raw: RawDateTime } | { absolute: AbsoluteTime }

const ISO_OFFSET = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(?::(\d{2})(\.\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)$/i
const EPOCH = /^\d{9,13}(\.\d+)?$/

// 1e11 seconds is the year 5138 and 1e11 milliseconds is 1973: a value's size tells seconds from ms for any date a device could write.
const MS_THRESHOLD = 1e11

function isoOfMs(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z')
}

/** "2024-03-14T07:30:00Z", "2024-03-14 07:30:00+01:00", "1710401400" or "1710401400000"; null for anything else. */
export function parseAbsolute(text: string): AbsoluteTime | null {
  const t = text.trim()
  if (EPOCH.test(t)) {
    const n = Number(t)
    const ms = n >= MS_THRESHOLD ? Math.round(n) : Math.round(n * 1000)
    // Before 2000 or more than a year ahead of 2100: a number, not a time a home monitor wrote.
    if (ms < Date.UTC(2000, 0, 1) || ms > Date.UTC(2100, 0, 1)) return null
    return { iso: isoOfMs(ms), ms, source: n >= MS_THRESHOLD ? 'epoch-ms' : 'epoch-s' }
  }
  const m = ISO_OFFSET.exec(t)
  if (!m) return null
  const [, date = '', hm = '', ss = '00', fraction = '', zone = ''] = m
  const offset = zone.toUpperCase() === 'Z' ? 'Z' : zone.length === 3 ? `${zone}:00` : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`
  const iso = `${date}T${hm}:${ss}${fraction}${offset}`
  const ms = Date.parse(iso)
  return Number.isFinite(ms) ? { iso, ms, source: 'iso' } : null
}

/** Any time a row's time cell can hold; null when it is none of them. */
export function parseRowTime(text: string): RowTime | null {
  const absolute = parseAbsolute(text)
  if (absolute) return { absolute }
  const raw = splitDateTime(text)
  return raw ? { raw } : null
}

const SOURCE_WORDS: Record<AbsoluteTime['source'], string> = {
  iso: 'ISO 8601 times with a UTC offset, kept with their offset',
  'epoch-s': 'Unix epoch seconds, stored as UTC',
  'epoch-ms': 'Unix epoch milliseconds, stored as UTC',
}

/** One parse-log line per kind of absolute time the file used. */
export function absoluteNotes(times: readonly AbsoluteTime[]): string[] {
  const counts = new Map<AbsoluteTime['source'], number>()
  for (const t of times) counts.set(t.source, (counts.get(t.source) ?? 0) + 1)
  return [...counts].map(([source, n]) => `${n} reading times read as ${SOURCE_WORDS[source]}.`)
}
