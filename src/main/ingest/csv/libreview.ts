// LibreView CSV and FreeStyle Libre reader TXT exports, in any account language: historic (type 0) and scan (type 1) readings → one CGM report.
import { quoteValue } from '../../../shared/domain/excerpt'
import type { FormatParser } from '../types'
import { decodeText } from '../decodeText'
import { ParseError, type ParsedDevice, type ParsedObservation, type ParsedPatient, type ParsedReport } from '../../../shared/domain/report'
import { cgmGlucoseCode, cgmReport, splitFullName, toMgdl } from './cgm'
import { decideOrder, localIsoToMs, ORDER_LABEL, splitDateTime, toLocalIso, type DateOrder, type RawDateTime } from './dates'
import { cellError, singleUnit } from './result'
import { findLibreHeader, HEADER_SEARCH_ROWS, nameAboveHeader } from './libreViewHeaders'
import { cell, detectDelimiter, isSkippable, parseDecimal, readCsv } from './table'

function sniffLibreView(text: string): boolean {
  // Only the first lines matter; slicing first keeps sniffing cheap on multi-megabyte files.
  const head = text.slice(0, 65_536).split(/\r\n|\r|\n/, HEADER_SEARCH_ROWS + 60).join('\n')
  try {
    return findLibreHeader(readCsv(head, detectDelimiter(head))) !== null
  } catch {
    return false
  }
}

interface Pending {
  line: number
  raw: RawDateTime
  type: 0 | 1
  value: number
  serial: string
  device: string
}

interface Reading extends Pending {
  iso: string
  ms: number
}

/** Gaps over a day between consecutive readings, then the total span: smaller means more contiguous. */
function contiguity(raws: readonly RawDateTime[], order: DateOrder): [number, number] | null {
  const times: number[] = []
  for (const raw of raws) {
    const iso = toLocalIso(raw, order)
    if (!iso) return null
    times.push(localIsoToMs(iso))
  }
  times.sort((a, b) => a - b)
  let bigGaps = 0
  for (let i = 1; i < times.length; i++) if ((times[i] ?? 0) - (times[i - 1] ?? 0) > 86_400_000) bigGaps++
  return [bigGaps, (times[times.length - 1] ?? 0) - (times[0] ?? 0)]
}

/**
 * LibreView writes dates in the account's locale. A day above 12 decides; otherwise the order under
 * which the readings form a contiguous trace wins; a true tie follows LibreView's defaults
 * (12-hour clock: US month first; 24-hour: day first). The choice always goes to the parse log.
 */
function chooseOrder(pending: readonly Pending[], log: string[]): DateOrder {
  const raws = pending.map((p) => p.raw)
  const decision = decideOrder(raws)
  if ('conflict' in decision) throw new ParseError(`Device Timestamp: ${decision.conflict}`)
  if (decision.order) {
    if (decision.order !== 'YMD') log.push(decision.note)
    return decision.order
  }
  const dmy = contiguity(raws, 'DMY')
  const mdy = contiguity(raws, 'MDY')
  const better = (a: [number, number], b: [number, number]): boolean => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1])
  let order: DateOrder
  let why: string
  if (dmy && (!mdy || better(dmy, mdy))) {
    order = 'DMY'
    why = 'the readings are contiguous in time only when read day first'
  } else if (mdy && (!dmy || better(mdy, dmy))) {
    order = 'MDY'
    why = 'the readings are contiguous in time only when read month first'
  } else {
    const twelveHour = raws.some((r) => r.meridiem !== undefined)
    order = twelveHour ? 'MDY' : 'DMY'
    why = twelveHour ? "no day > 12 seen; 12-hour times follow LibreView's US default" : 'no day > 12 seen; 24-hour times follow the day-first default'
  }
  log.push(`Dates read as ${ORDER_LABEL[order]} (${why}); please confirm.`)
  return order
}

/** The interval a sensor records at: Libre 2 historic is 15 min, Libre 3 is 5. */
function intervalMin(historic: readonly Reading[]): number {
  const gaps: number[] = []
  for (let i = 1; i < historic.length; i++) {
    const gap = (historic[i]?.ms ?? 0) - (historic[i - 1]?.ms ?? 0)
    if (gap > 0) gaps.push(gap / 60_000)
  }
  gaps.sort((a, b) => a - b)
  const median = gaps[Math.floor(gaps.length / 2)] ?? 15
  return [1, 5, 15].reduce((best, c) => (Math.abs(c - median) < Math.abs(best - median) ? c : best), 15)
}

function mostFrequent(values: readonly string[]): string | undefined {
  const counts = new Map<string, number>()
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1)
  let best: string | undefined
  let bestCount = 0
  for (const [v, n] of counts) {
    if (n > bestCount) {
      best = v
      bestCount = n
    }
  }
  return best
}

function parseLibreView(bytes: Uint8Array): ParsedReport {
  const { text } = decodeText(bytes)
  const rows = readCsv(text)
  const header = findLibreHeader(rows)
  if (!header) throw new ParseError('no LibreView header (time stamp, record type, historic glucose with its unit) found')
  const { columns: col } = header
  const label = (i: number | undefined, fallback: string): string => (i === undefined ? fallback : col.names[i] || fallback)
  const log: string[] = []

  const pending: Pending[] = []
  const ignoredTypes = new Map<string, number>()
  for (const row of rows.slice(header.index + 1)) {
    // Blank and comment rows carry nothing; every other row must make sense or the import fails.
    if (isSkippable(row.cells)) continue
    const typeText = cell(row, col.recordType)
    if (!/^\d+$/.test(typeText)) throw cellError(`${quoteValue(typeText)} is not a record type`, row.line, label(col.recordType, 'Record Type'), col.recordType)
    if (typeText !== '0' && typeText !== '1') {
      ignoredTypes.set(typeText, (ignoredTypes.get(typeText) ?? 0) + 1)
      continue
    }
    const type = typeText === '0' ? 0 : 1
    const stamp = cell(row, col.timestamp)
    const raw = splitDateTime(stamp)
    if (!raw) throw cellError(`${quoteValue(stamp)} is not a date and time`, row.line, label(col.timestamp, 'Device Timestamp'), col.timestamp)
    const [column, columnName] = type === 0 ? [col.historic, label(col.historic, 'Historic Glucose')] : [col.scan, label(col.scan, 'Scan Glucose')]
    const valueText = cell(row, column)
    const value = parseDecimal(valueText)
    if (value === null || value <= 0 || column === undefined) {
      throw cellError(`${quoteValue(valueText)} is not a glucose value`, row.line, columnName, column ?? col.historic)
    }
    pending.push({ line: row.line, raw, type, value, serial: cell(row, col.serial), device: cell(row, col.device) })
  }
  if (pending.length === 0) throw new ParseError('the LibreView export holds no glucose readings (record types 0 and 1)')

  const order = chooseOrder(pending, log)
  const readings: Reading[] = pending.map((p) => {
    const iso = toLocalIso(p.raw, order)
    if (!iso) {
      throw cellError(`not a valid date and time when read as ${ORDER_LABEL[order]}`, p.line, label(col.timestamp, 'Device Timestamp'), col.timestamp)
    }
    return { ...p, iso, ms: localIsoToMs(iso) }
  })
  // Rows come grouped by serial and record type, not in time order.
  readings.sort((a, b) => a.ms - b.ms)

  // A reader and a phone that scanned the same sensor both upload its history: keep one copy.
  const seen = new Set<string>()
  let duplicates = 0
  const unique = readings.filter((r) => {
    if (r.type !== 0) return true
    const key = `${r.iso}|${r.value}`
    if (seen.has(key)) {
      duplicates++
      return false
    }
    seen.add(key)
    return true
  })

  const code = cgmGlucoseCode(col.unit)
  const scanCode = { ...code, display: `${code.display ?? 'Glucose'} (scan)` }
  const observations: ParsedObservation[] = unique.map((r, i) => ({
    code: r.type === 0 ? code : scanCode,
    valueType: 'numeric',
    valueNum: r.value,
    unit: col.unit,
    status: 'final',
    observedAt: r.iso,
    subId: String(i),
  }))

  const historic = unique.filter((r) => r.type === 0)
  const scans = unique.length - historic.length
  const interval = intervalMin(historic)
  log.push('Timestamps are local device time without a UTC offset, kept as written.')
  log.push(`${historic.length} historic and ${scans} scan readings; AGP metrics use the historic readings only.`)
  if (historic.length > 0) log.push(`AGP sensor wear computed at a ${interval}-minute interval (median gap between historic readings).`)
  if (duplicates > 0) log.push(`${duplicates} historic readings uploaded twice (same time and value) were counted once.`)
  if (ignoredTypes.size > 0) {
    const parts = [...ignoredTypes].sort().map(([type, n]) => `type ${type}: ${n}`)
    log.push(`Rows of other record types ignored (${parts.join(', ')}).`)
  }

  const serials = unique.map((r) => r.serial)
  const serial = mostFrequent(serials)
  const distinctSerials = new Set(serials.filter(Boolean)).size
  if (distinctSerials > 1) log.push(`Readings come from ${distinctSerials} devices; the device shown is the one with most readings.`)
  const device: ParsedDevice = { manufacturer: 'Abbott' }
  const model = mostFrequent(unique.filter((r) => r.serial === serial).map((r) => r.device))
  if (model) device.model = model
  if (serial) device.serial = serial

  const name = nameAboveHeader(rows.slice(0, header.index))
  const patient: ParsedPatient = { identifiers: [], ...(name ? splitFullName(name) : {}) }
  return cgmReport({
    sourceFormat: 'cgm-libreview',
    label: 'LibreView CGM',
    patient,
    device,
    span: unique,
    observations,
    parseLog: log,
    glucose: historic.map((r) => ({ t: r.ms, mgdl: toMgdl(r.value, col.unit) })),
    intervalMin: interval,
  })
}

export const libreViewParser: FormatParser = {
  name: 'cgm-libreview',
  sniff: (text) => sniffLibreView(text),
  parse: (bytes) => singleUnit(bytes, () => parseLibreView(bytes)),
}
