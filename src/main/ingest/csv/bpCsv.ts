// Home blood-pressure tables (any vendor or diary app): a systolic/diastolic column pair → systolic, diastolic and pulse per reading.
import { quoteValue } from '../../../shared/domain/excerpt'
import type { FormatParser } from '../types'
import { decodeText } from '../decodeText'
import { ParseError, type CodedConcept, type ParsedObservation, type ParsedReport } from '../../../shared/domain/report'
import { convert, toUcum } from '../units'
import { BP_LIMITS, IMPLAUSIBLE_FLAG, pressureImplausibility, pulseImplausibility } from '../../../shared/domain/bloodPressure'
import { mapBpHeader, type BpColumn, type BpHeaderMap, type Language } from './bpHeaders'
import { absoluteNotes, parseRowTime, type RowTime } from './bpTime'
import { shortTime } from './cgm'
import { decideOrder, localIsoToMs, ORDER_LABEL, splitTime, toLocalIso, type DateOrder, type RawDateTime } from './dates'
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
  const trailing = /[\s_](mmHg|mm Hg|kPa|bpm|1\/min|\/min)\s*$/i.exec(header)?.[1]
  const unit = bracketed ?? trailing
  return unit !== undefined && 'ucum' in toUcum(unit) ? unit : undefined
}

interface Reading {
  line: number
  time: RowTime
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
 * order under which the file is sorted in time; then the header language (every non-English language
 * here writes day first);
 * then a 12-hour clock (US: month first). Every guess is logged for the user to confirm.
 */
function chooseOrder(raws: readonly RawDateTime[], languages: readonly Language[], nonEnglish: boolean, log: string[]): DateOrder {
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
  } else if (nonEnglish) {
    order = 'DMY'
    why = 'headers are in a day-first language'
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

// What apps write for "no value": blank, null, n/a, dashes.
const MISSING = /^(null|none|nil|n\/?a|nan|-+|—|–)$/i

function isMissing(text: string): boolean {
  return text === '' || MISSING.test(text)
}

/** Lines listed in the parse log, at most this many, then a count of the rest. */
const LISTED = 20

/** "line 5", "lines 4, 7, 9", "lines 1, 2, … and 30 more". */
function lineList(lines: readonly number[]): string {
  const shown = lines.slice(0, LISTED).join(', ')
  const more = lines.length > LISTED ? ` and ${lines.length - LISTED} more` : ''
  return `${lines.length === 1 ? 'line' : 'lines'} ${shown}${more}`
}

interface WhenColumns {
  /** The column holding the date or the whole time stamp. */
  when: number
  /** A separate time-of-day column. */
  time?: number
  /** Found by its content, not its header: said in the parse log. */
  inferred: boolean
}

const CONTENT_SAMPLE = 10

/**
 * The time columns: named in the header; else a lone "time" column; else the first other column whose
 * first filled cells are all date-times or epoch values (apps name it "ts", "created", "when" …).
 */
function whenColumns(col: Partial<Record<BpColumn, number>>, dataRows: readonly CsvRow[], width: number): WhenColumns | null {
  if (col.datetime !== undefined) return { when: col.datetime, inferred: false }
  if (col.date !== undefined) return { when: col.date, ...(col.time === undefined ? {} : { time: col.time }), inferred: false }
  if (col.time !== undefined) return { when: col.time, inferred: false }
  const taken = new Set([col.systolic, col.diastolic, col.pulse])
  for (let i = 0; i < width; i++) {
    if (taken.has(i)) continue
    const sample = dataRows
      .map((r) => cell(r, i))
      .filter((c) => !isMissing(c))
      .slice(0, CONTENT_SAMPLE)
    if (sample.length > 0 && sample.every((c) => parseRowTime(c) !== null)) return { when: i, inferred: true }
  }
  return null
}

function parseBp(bytes: Uint8Array): ParsedReport {
  const { text } = decodeText(bytes)
  const rows = readCsv(text)
  const header = findHeader(rows)
  if (!header) throw new ParseError('no blood-pressure header (systolic and diastolic columns) found')
  const { columns: col, languages, nonEnglish } = header.map
  const headerCells = rows[header.index]?.cells ?? []
  const name = (i: number | undefined, fallback: string): string => (i === undefined ? fallback : (headerCells[i] ?? fallback).trim() || fallback)
  const log: string[] = []
  const dataRows = rows.slice(header.index + 1).filter((r) => !isSkippable(r.cells))
  const when = whenColumns(col, dataRows, headerCells.length)
  if (!when) {
    throw new ParseError('the blood-pressure table has no date or time column: every reading needs the time it was taken', {
      line: rows[header.index]?.line,
    })
  }
  if (when.inferred) log.push(`Column ${when.when + 1} ("${name(when.when, '')}") holds the reading times (recognised by its content).`)

  // One date-time cell, or a date cell with an optional separate time cell.
  function readWhen(row: CsvRow, w: WhenColumns): RowTime {
    const whenText = cell(row, w.when)
    const parsed = parseRowTime(whenText)
    if (!parsed) throw cellError(`${quoteValue(whenText)} is not a date or time`, row.line, name(w.when, 'Date'), w.when)
    if ('raw' in parsed && w.time !== undefined && !parsed.raw.hasTime) {
      const timeText = cell(row, w.time)
      const time = splitTime(timeText)
      if (!time) throw cellError(`${quoteValue(timeText)} is not a time`, row.line, name(w.time, 'Time'), w.time)
      return { raw: { ...parsed.raw, ...time, hasTime: true } }
    }
    return parsed
  }

  function readNumber(row: CsvRow, text: string, column: number | undefined, what: string, fallback: string): number {
    const value = parseDecimal(text)
    if (value === null) throw cellError(`${quoteValue(text)} is not a ${what}`, row.line, name(column, fallback), column ?? 0)
    return value
  }

  const readings: Reading[] = []
  const incomplete: number[] = []
  for (const row of dataRows) {
    const sysText = cell(row, col.systolic)
    const diaText = cell(row, col.diastolic)
    const pulseText = cell(row, col.pulse)
    // Apps mix other records (weight, notes, pulse-only checks) and half-filled rows into the same export:
    // without both pressures there is no reading, so the row is listed in the parse log, not imported.
    if (isMissing(sysText) || isMissing(diaText)) {
      incomplete.push(row.line)
      continue
    }
    // Any other unreadable cell fails the file, so that one bad number never silently drops a reading.
    const systolic = readNumber(row, sysText, col.systolic, 'systolic pressure', 'Systolic')
    const diastolic = readNumber(row, diaText, col.diastolic, 'diastolic pressure', 'Diastolic')
    const reading: Reading = { line: row.line, time: readWhen(row, when), systolic, diastolic }
    if (!isMissing(pulseText)) reading.pulse = readNumber(row, pulseText, col.pulse, 'pulse rate', 'Pulse')
    readings.push(reading)
  }
  if (readings.length === 0) {
    const why = incomplete.length > 0 ? `; ${incomplete.length} rows lack a systolic or diastolic value` : ''
    throw new ParseError(`the file holds no complete blood-pressure readings${why}`)
  }

  const raws = readings.flatMap((r) => ('raw' in r.time ? [r.time.raw] : []))
  const order = raws.length > 0 ? chooseOrder(raws, languages, nonEnglish, log) : 'YMD'
  const timed = readings.map((r) => {
    if ('absolute' in r.time) return { ...r, iso: r.time.absolute.iso, ms: r.time.absolute.ms, dateOnly: false }
    const full = toLocalIso(r.time.raw, order)
    if (!full) throw cellError(`not a valid date and time when read as ${ORDER_LABEL[order]}`, r.line, name(when.when, 'Date'), when.when)
    // Without a time of day the reading keeps a date-only ISO value rather than an invented 00:00.
    return { ...r, iso: r.time.raw.hasTime ? full : full.slice(0, 10), ms: localIsoToMs(full), dateOnly: !r.time.raw.hasTime }
  })
  timed.sort((a, b) => a.ms - b.ms)
  log.push(...absoluteNotes(readings.flatMap((r) => ('absolute' in r.time ? [r.time.absolute] : []))))
  const undated = timed.filter((r) => r.dateOnly).length
  if (undated > 0) log.push(`${undated} readings have no time of day and are stored with their date only.`)

  const pressureUnit = unitInHeader(name(col.systolic, '')) ?? 'mm[Hg]'
  const pulseUnit = unitInHeader(name(col.pulse, '')) ?? '/min'
  if (unitInHeader(name(col.systolic, '')) === undefined) log.push('The file states no pressure unit; mmHg assumed.')
  // Limits and averages are in mmHg whatever the file's unit, so the BP rules can read them directly.
  const pressure = toUcum(pressureUnit)
  const toMmHg = (v: number): number | undefined => ('ucum' in pressure ? (convert(v, pressure.ucum, 'mm[Hg]') ?? undefined) : undefined)

  const observations: ParsedObservation[] = []
  const counted: typeof timed = []
  const implausible: string[] = []
  timed.forEach((r, i) => {
    const base = { valueType: 'numeric', status: 'final', observedAt: r.iso, subId: String(i) } as const
    const sys = toMmHg(r.systolic)
    const dia = toMmHg(r.diastolic)
    const why = sys === undefined || dia === undefined ? null : pressureImplausibility(sys, dia)
    const flag = why === null ? {} : { deviceFlag: IMPLAUSIBLE_FLAG }
    observations.push({ ...base, code: SYSTOLIC, valueNum: r.systolic, unit: pressureUnit, ...flag })
    observations.push({ ...base, code: DIASTOLIC, valueNum: r.diastolic, unit: pressureUnit, ...flag })
    const pulseWhy = r.pulse === undefined ? null : pulseImplausibility(r.pulse)
    if (r.pulse !== undefined) observations.push({ ...base, code: PULSE, valueNum: r.pulse, unit: pulseUnit, ...(pulseWhy === null ? {} : { deviceFlag: IMPLAUSIBLE_FLAG }) })
    if (why !== null) implausible.push(`line ${r.line} (${why})`)
    else counted.push(r)
    if (pulseWhy !== null) implausible.push(`line ${r.line} (${pulseWhy})`)
  })
  log.push(`${timed.length} readings.`)
  if (incomplete.length > 0) {
    log.push(`${incomplete.length} rows without both a systolic and a diastolic value were not imported (${lineList(incomplete)}).`)
  }
  if (implausible.length > 0) {
    const { systolic: s, diastolic: d, pulse: p } = BP_LIMITS
    const shown = implausible.slice(0, LISTED).join('; ')
    const more = implausible.length > LISTED ? `; and ${implausible.length - LISTED} more` : ''
    log.push(
      `${implausible.length} implausible values flagged ${IMPLAUSIBLE_FLAG} and left out of the averages: ${shown}${more}. ` +
        `Limits: systolic ${s.min}–${s.max} and diastolic ${d.min}–${d.max} mmHg, systolic above diastolic; pulse ${p.min}–${p.max} /min.`,
    )
  }

  const metrics: Record<string, number> = { 'bp.readings': counted.length }
  if (counted.length < timed.length) metrics['bp.implausible'] = timed.length - counted.length
  const avgSys = average(counted.flatMap((r) => toMmHg(r.systolic) ?? []))
  const avgDia = average(counted.flatMap((r) => toMmHg(r.diastolic) ?? []))
  const avgPulse = average(counted.flatMap((r) => (r.pulse === undefined || pulseImplausibility(r.pulse) !== null ? [] : [r.pulse])))
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
