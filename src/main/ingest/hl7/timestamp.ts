// HL7 v2 / ASTM timestamps (YYYY[MM[DD[HH[MM[SS[.S]]]]]][+/-ZZZZ]) and dates → ISO 8601.

export type TimestampResult = { ok: true; iso: string } | { ok: false; reason: string }

const TS =
  /^(\d{4})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:\.(\d{1,4}))?)?)?)?)?)?([+-]\d{4})?$/

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

/**
 * Keeps the precision and offset the sender gave: no offset in, no offset out (local time at the
 * device), because inventing one would shift the reading.
 */
export function hl7TimestampToIso(raw: string): TimestampResult {
  // A message repeats one timestamp on every OBX: remember the last answer (results are never mutated).
  if (raw === lastRaw && lastResult !== undefined) return lastResult
  lastResult = Object.freeze(convertTimestamp(raw))
  lastRaw = raw
  return lastResult
}

let lastRaw: string | undefined
let lastResult: TimestampResult | undefined

function convertTimestamp(raw: string): TimestampResult {
  const m = TS.exec(raw.trim())
  if (!m) return { ok: false, reason: 'timestamp is not in the form YYYYMMDDHHMMSS[.S][+ZZZZ]' }
  const [, y, mo, d, h, mi, s, frac, offset] = m
  const year = Number(y)
  if (mo !== undefined && (Number(mo) < 1 || Number(mo) > 12)) return { ok: false, reason: 'month out of range' }
  if (d !== undefined && (Number(d) < 1 || Number(d) > daysInMonth(year, Number(mo)))) {
    return { ok: false, reason: 'day out of range' }
  }
  if (h !== undefined && Number(h) > 23) return { ok: false, reason: 'hour out of range' }
  if (mi !== undefined && Number(mi) > 59) return { ok: false, reason: 'minute out of range' }
  if (s !== undefined && Number(s) > 59) return { ok: false, reason: 'second out of range' }
  let offsetIso = ''
  if (offset !== undefined) {
    const oh = Number(offset.slice(1, 3))
    const om = Number(offset.slice(3, 5))
    if (oh > 14 || om > 59) return { ok: false, reason: 'time zone offset out of range' }
    offsetIso = `${offset.slice(0, 3)}:${offset.slice(3, 5)}`
  }
  let iso = y ?? ''
  if (mo !== undefined) iso += `-${mo}`
  if (d !== undefined) iso += `-${d}`
  if (h === undefined) {
    // An offset on a bare date has no ISO form; the date alone is still true.
    return { ok: true, iso }
  }
  iso += `T${h}:${mi ?? '00'}`
  if (s !== undefined) iso += `:${s}`
  if (frac !== undefined) iso += `.${frac}`
  return { ok: true, iso: iso + offsetIso }
}

/** A birth date: the date part of a timestamp, as YYYY-MM-DD (or YYYY-MM / YYYY when that is all there is). */
export function hl7DateToIso(raw: string): TimestampResult {
  const result = hl7TimestampToIso(raw)
  if (!result.ok) return result
  return { ok: true, iso: result.iso.slice(0, 10) }
}
