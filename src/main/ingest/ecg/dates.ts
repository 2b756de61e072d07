// Date, time and sex conversions for the ECG vendors' own formats (MUSE MM-DD-YYYY, HL7 v3 TS).
import type { ParsedPatient } from '../../../shared/domain/report'

function validDate(y: string, m: string, d: string): boolean {
  const month = Number(m)
  const day = Number(d)
  if (month < 1 || month > 12 || day < 1) return false
  return day <= new Date(Date.UTC(Number(y), month, 0)).getUTCDate()
}

/** 'YYYY-MM-DD' from a MUSE 'MM-DD-YYYY' (or 'MM/DD/YYYY') date; undefined when it is not one. */
export function museDate(value: string | undefined): string | undefined {
  const match = /^(\d{2})[-/](\d{2})[-/](\d{4})$/.exec(value?.trim() ?? '')
  if (!match) return undefined
  const [, m, d, y] = match as unknown as [string, string, string, string]
  return validDate(y, m, d) ? `${y}-${m}-${d}` : undefined
}

/** 'YYYY-MM-DD' when the value already is an ISO date. */
export function isoDate(value: string | undefined): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value?.trim() ?? '')
  if (!match) return undefined
  const [, y, m, d] = match as unknown as [string, string, string, string]
  return validDate(y, m, d) ? `${y}-${m}-${d}` : undefined
}

/** Local time without offset, as the device wrote it ('HH:MM' or 'HH:MM:SS'). */
export function joinDateTime(date: string | undefined, time: string | undefined): string | undefined {
  if (date === undefined) return undefined
  const t = /^(\d{2}):(\d{2})(:\d{2}(\.\d+)?)?$/.exec(time?.trim() ?? '')
  if (!t) return date
  return `${date}T${t[1]}:${t[2]}${t[3] ?? ':00'}`
}

/**
 * HL7 v3 TS ('YYYYMMDDHHMMSS.fff+ZZZZ', any precision) to ISO 8601. A date-only value stays a date;
 * no offset is invented when the source gives none.
 */
export function hl7Timestamp(value: string | undefined): string | undefined {
  const match = /^(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\.\d+)?([+-]\d{4})?$/.exec(value?.trim() ?? '')
  if (!match) return undefined
  const [, y, mo, d, h, mi, s, frac, zone] = match
  if (mo === undefined) return y
  if (d === undefined) return `${y}-${mo}`
  if (h === undefined) return `${y}-${mo}-${d}`
  const offset = zone !== undefined ? `${zone.slice(0, 3)}:${zone.slice(3)}` : ''
  return `${y}-${mo}-${d}T${h}:${mi ?? '00'}:${s ?? '00'}${s !== undefined ? (frac ?? '') : ''}${offset}`
}

export function toSex(value: string | undefined): ParsedPatient['sex'] | undefined {
  const v = value?.trim().toLowerCase()
  if (v === undefined || v === '') return undefined
  if (v === 'm' || v === 'male') return 'male'
  if (v === 'f' || v === 'female') return 'female'
  if (v === 'o' || v === 'other') return 'other'
  // Anything else ('Unknown', 'UN', 'Not entered') says nothing about the patient.
  return 'unknown'
}
