// Home blood-pressure CSV (any vendor): columns found by header aliases → systolic, diastolic and pulse per reading.
import { quoteValue } from '../../../shared/domain/excerpt'
import type { FormatParser } from '../types'
import { decodeText } from '../decodeText'
import { ParseError, type CodedConcept, type ParsedObservation, type ParsedReport } from '../../../shared/domain/report'
import { convert, toUcum } from '../units'
import { mapBpHeader, type BpHeaderMap, type Language } from './bpHeaders'
import { shortTime } from './cgm'
import { decideOrder, localIsoToMs, ORDER_LABEL, splitDateTime, splitTime, toLocalIso, type DateOrder, type RawDateTime } from './dates'
import { cellError, singleUnit } from './result'
import { cell, detectDelimiter, isSkippable, parseDecimal, readCsv, type CsvRow } from './table'

const SYSTOLIC: CodedConcept = { system: 'LOINC', code: '8480-6', display: 'Systolic blood pressure' }
const DIASTOLIC: CodedConcept = { system: 'LOINC', code: '8462-4', display: 'Diastolic blood pressure' }
const PULSE: CodedConcept = { system: 'LOINC', code: '8867-4', display: 'Heart rate' }

const HEADER_SEARCH_ROWS = 30

function findHeader(rows: readonly CsvRow[]): { index: number; map: BpHeaderMap } | null {
  for (let i = 0; i < Math.min(rows.length, HEADER_SEARCH_ROWS); i++) {
    const map = mapBpHeader(rows[i]?.cells ?? [])
    if (map) return { index: i, map }
  }
  return null
}

function sniffBp(text: string): boolean {
  // Only the first lines matter; slicing first keeps sniffing cheap on multi-megabyte files.
  const head = text.slice(0, 65_536).split(/\r\n|\r|\n/, HEADER_SEARCH_ROWS).join('\n')
  try {
    return findHeader(readCsv(head, detectDelimiter(head))) !== null
  } catch {
    return false
  }
}

/** The unit a header states, in brackets or trailing ("Systolic (mmHg)", "Puls 1/min"), if it maps to UCUM. */
function unitInHeader(header: string): string | undefined {
  const bracketed = /[([]\s*([^)\]]+?)\s*[)\]]/.exec(header)?.[1]
  const trailing = /\s(mmHg|mm Hg|kPa|bpm|1\/min|\/min)\s*$/i.exec(header)?.[1]
  const unit = bracketed ?? trailing
  return unit !== undefined && 'ucum' in toUcum(unit) ? unit : undefined
}

interface Reading {
  line: number
  raw: RawDateTime
  systolic: number
  diastolic: number
  pulse?: number
}

/** Consecutive pairs out of order, taking whichever direction (ascending or descending) fits better. */
function inversions(raws: readonly RawDateTime[], order: DateOrder): number | null {
  const times: number[] = []
  for (const raw of raws) {
    const iso = toLocalIso(raw, order)
    if (!iso) return null
    times.push(localIsoToMs(iso))
  }
  let up = 0
  let down = 0
  for (let i = 1; i < times.length; i++) {
    const d = (times[i] ?? 0) - (times[i - 1] ?? 0)
    if (d < 0) up++
    if (d > 0) down++
  }
  return Math.min(up, down)
}

/**
 * Day/month order: a day above 12 decides; then dots (day first in every supported locale); then the
 * order under which the file is sorted in time; then the header language (non-English: day first);
 * then a 12-hour clock (US: month first). Every guess is logged for the user to confirm.
 */
function chooseOrder(raws: readonly RawDateTime[], languages: readonly Language[], log: string[]): DateOrder {
  const decision = decideOrder(raws)
  if ('conflict' in decision) throw new ParseError(`Date: ${decision.conflict}`)
  if (decision.order) {
    if (decision.order !== 'YMD') log.push(decision.note)
    return decision.order
  }
  let order: DateOrder
  let why: string
  const dmy = inversions(raws, 'DMY')
  const mdy = inversions(raws, 'MDY')
  if (raws.every((r) => r.yearFirst || r.separator === '.')) {
    order = 'DMY'
    why = 'dotted dates are written day first'
  } else if (dmy !== null && (mdy === null || dmy < mdy)) {
    order = 'DMY'
    why = 'the rows are in time order only when read day first'
  } else if (mdy !== null && (dmy === null || mdy < dmy)) {
    order = 'MDY'
    why = 'the rows are in time order only when read month first'
  } else if (languages.some((l) => l !== 'en')) {
    order = 'DMY'
    why = `headers are in a day-first language (${languages.join(', ')})`
  } else if (raws.some((r) => r.meridiem !== undefined)) {
    order = 'MDY'
    why = '12-hour times suggest a US export'
  } else {
    order = 'DMY'
    why = 'nothing in the file tells; day first assumed'
  }
  log.push(`Dates read as ${ORDER_LABEL[order]} (no day > 12 seen; ${why}); please confirm.`)
  return order
}

function average(values: readonly number[]): number | undefined {
  return values.length === 0 ? undefined : values.reduce((a, b) => a + b, 0) / values.length
}

function parseBp(bytes: Uint8Array): ParsedReport {
  const { text } = decodeText(bytes)
  const rows = readCsv(text)
  const header = findHeader(rows)
  if (!header) throw new ParseError('no blood-pressure header (date, systolic, diastolic) found')
  const { columns: col, languages } = header.map
  const headerCells = rows[header.index]?.cells ?? []
  const name = (i: number | undefined, fallback: string): string => (i === undefined ? fallback : (headerCells[i] ?? fallback).trim())
  const log: string[] = []

  // Either one date-time column, or a date column with an optional separate time column.
  function readWhen(row: CsvRow): RawDateTime {
    const whenColumn = col.datetime ?? col.date ?? 0
    const whenText = cell(row, whenColumn)
    const raw = splitDateTime(whenText)
    if (!raw) throw cellError(`${quoteValue(whenText)} is not a date`, row.line, name(whenColumn, 'Date'), whenColumn)
    if (col.datetime === undefined && col.time !== undefined && !raw.hasTime) {
      const timeText = cell(row, col.time)
      const time = splitTime(timeText)
      if (!time) throw cellError(`${quoteValue(timeText)} is not a time`, row.line, name(col.time, 'Time'), col.time)
      return { ...raw, ...time, hasTime: true }
    }
    return raw
  }

  const readings: Reading[] = []
  let withoutValues = 0
  for (const row of rows.slice(header.index + 1)) {
    // Blank and comment rows carry nothing; every other row must make sense or the import fails,
    // so that one unreadable number never silently drops a reading from the averages.
    if (isSkippable(row.cells)) continue
    const sysText = cell(row, col.systolic)
    const diaText = cell(row, col.diastolic)
    const pulseText = cell(row, col.pulse)
    // Vendors mix other records (weight, notes, pulse-only checks) into the same export: a row with
    // neither pressure is not a broken reading, so it is skipped and counted, not an error.
    if (sysText === '' && diaText === '') {
      withoutValues++
      continue
    }

    const raw = readWhen(row)
    const systolic = parseDecimal(sysText)
    if (systolic === null || systolic <= 0) {
      throw cellError(`${quoteValue(sysText)} is not a systolic pressure`, row.line, name(col.systolic, 'Systolic'), col.systolic ?? 0)
    }
    const diastolic = parseDecimal(diaText)
    if (diastolic === null || diastolic <= 0) {
      throw cellError(`${quoteValue(diaText)} is not a diastolic pressure`, row.line, name(col.diastolic, 'Diastolic'), col.diastolic ?? 0)
    }
    const reading: Reading = { line: row.line, raw, systolic, diastolic }
    if (pulseText !== '') {
      const pulse = parseDecimal(pulseText)
      if (pulse === null || pulse <= 0) throw cellError(`${quoteValue(pulseText)} is not a pulse rate`, row.line, name(col.pulse, 'Pulse'), col.pulse ?? 0)
      reading.pulse = pulse
    }
    readings.push(reading)
  }
  if (readings.length === 0) throw new ParseError('the file holds no blood-pressure readings')

  const order = chooseOrder(
    readings.map((r) => r.raw),
    languages,
    log,
  )
  const whenColumn = col.datetime ?? col.date ?? 0
  const timed = readings.map((r) => {
    const full = toLocalIso(r.raw, order)
    if (!full) throw cellError(`not a valid date and time when read as ${ORDER_LABEL[order]}`, r.line, name(whenColumn, 'Date'), whenColumn)
    // Without a time of day the reading keeps a date-only ISO value rather than an invented 00:00.
    return { ...r, iso: r.raw.hasTime ? full : full.slice(0, 10), ms: localIsoToMs(full) }
  })
  timed.sort((a, b) => a.ms - b.ms)
  const undated = timed.filter((r) => !r.raw.hasTime).length
  if (undated > 0) log.push(`${undated} readings have no time of day and are stored with their date only.`)

  const pressureUnit = unitInHeader(name(col.systolic, '')) ?? 'mm[Hg]'
  const pulseUnit = unitInHeader(name(col.pulse, '')) ?? '/min'
  if (unitInHeader(name(col.systolic, '')) === undefined) log.push('The file states no pressure unit; mmHg assumed.')

  const observations: ParsedObservation[] = []
  timed.forEach((r, i) => {
    const base = { valueType: 'numeric', status: 'final', observedAt: r.iso, subId: String(i) } as const
    observations.push({ ...base, code: SYSTOLIC, valueNum: r.systolic, unit: pressureUnit })
    observations.push({ ...base, code: DIASTOLIC, valueNum: r.diastolic, unit: pressureUnit })
    if (r.pulse !== undefined) observations.push({ ...base, code: PULSE, valueNum: r.pulse, unit: pulseUnit })
  })
  log.push(`${timed.length} readings.`)
  if (withoutValues > 0) log.push(`${withoutValues} rows without blood-pressure values were skipped.`)

  const metrics: Record<string, number> = { 'bp.readings': timed.length }
  // Averages are reported in mmHg whatever the file's unit, so the BP rules can read them directly.
  const pressure = toUcum(pressureUnit)
  const toMmHg = (v: number | undefined): number | undefined =>
    v === undefined || !('ucum' in pressure) ? undefined : (convert(v, pressure.ucum, 'mm[Hg]') ?? undefined)
  const avgSys = toMmHg(average(timed.map((r) => r.systolic)))
  const avgDia = toMmHg(average(timed.map((r) => r.diastolic)))
  const avgPulse = average(timed.flatMap((r) => (r.pulse === undefined ? [] : [r.pulse])))
  if (avgSys !== undefined) metrics['bp.avg_sys'] = avgSys
  if (avgDia !== undefined) metrics['bp.avg_dia'] = avgDia
  if (avgPulse !== undefined) metrics['bp.avg_pulse'] = avgPulse

  const first = timed[0]
  const last = timed[timed.length - 1]
  return {
    kind: 'blood_pressure',
    sourceFormat: 'bp-csv',
    patient: { identifiers: [] },
    title: first && last ? `Home blood pressure ${shortTime(first.iso)} – ${shortTime(last.iso)}` : 'Home blood pressure',
    observedAt: first?.iso,
    status: 'final',
    observations,
    statements: [],
    attachments: [],
    parseLog: log,
    hasCorrections: false,
    metrics,
  }
}

export const bpCsvParser: FormatParser = {
  name: 'bp-csv',
  sniff: (text) => sniffBp(text),
  parse: (bytes) => singleUnit(bytes, () => parseBp(bytes)),
}
