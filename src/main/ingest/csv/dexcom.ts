// Dexcom Clarity CSV export: preamble (patient, devices, alerts) then EGV readings → one CGM report.
import { quoteValue } from '../../../shared/domain/excerpt'
import type { FormatParser } from '../types'
import { decodeText } from '../decodeText'
import { ParseError, type ParsedDevice, type ParsedObservation, type ParsedPatient, type ParsedReport } from '../../../shared/domain/report'
import { cgmGlucoseCode, cgmReport, glucoseUnitIn, toMgdl, type GlucoseUnit } from './cgm'
import { decideOrder, localIsoToMs, splitDateTime, toLocalIso } from './dates'
import { cellError, singleUnit } from './result'
import { cell, isSkippable, parseDecimal, readCsv, type CsvRow } from './table'

// Dexcom reports readings outside 40–400 mg/dL (2.2–22.2 mmol/L) as the words Low and High.
const LIMITS: Record<GlucoseUnit, { low: number; high: number }> = {
  'mg/dL': { low: 40, high: 400 },
  'mmol/L': { low: 2.2, high: 22.2 },
}
const LIMITS_MGDL = LIMITS['mg/dL']

const DEXCOM_INTERVAL_MIN = 5

interface Columns {
  timestamp: number
  eventType: number
  glucose: number
  glucoseHeader: string
  unit: GlucoseUnit
  patientInfo?: number
  deviceInfo?: number
  sourceDevice?: number
  transmitterId?: number
}

function findHeader(rows: readonly CsvRow[]): { index: number; columns: Columns } | null {
  for (let i = 0; i < Math.min(rows.length, 50); i++) {
    const cells = (rows[i]?.cells ?? []).map((c) => c.trim())
    const eventType = cells.indexOf('Event Type')
    const timestamp = cells.findIndex((c) => c.startsWith('Timestamp'))
    const glucose = cells.findIndex((c) => c.startsWith('Glucose Value'))
    const glucoseHeader = cells[glucose] ?? ''
    const unit = glucoseUnitIn(glucoseHeader)
    if (eventType < 0 || timestamp < 0 || glucose < 0 || unit === null) continue
    const optional = (name: string): number | undefined => {
      const at = cells.indexOf(name)
      return at < 0 ? undefined : at
    }
    return {
      index: i,
      columns: {
        timestamp,
        eventType,
        glucose,
        glucoseHeader,
        unit,
        patientInfo: optional('Patient Info'),
        deviceInfo: optional('Device Info'),
        sourceDevice: optional('Source Device ID'),
        transmitterId: optional('Transmitter ID'),
      },
    }
  }
  return null
}

function sniffDexcom(text: string): boolean {
  const head = text.slice(0, 8192)
  return head.includes('Event Type') && /Glucose Value \((mg\/dL|mmol\/L)\)/i.test(head) && head.includes('Timestamp')
}

/** Birth dates only when they are unambiguous: ISO, or a day above 12. */
function birthDateFrom(text: string, log: string[]): string | undefined {
  const raw = splitDateTime(text)
  const decision = raw ? decideOrder([raw]) : null
  const iso = raw && decision?.order ? toLocalIso(raw, decision.order) : null
  if (iso) return iso.slice(0, 10)
  log.push(`Birth date ${quoteValue(text)} could not be read unambiguously and was left out.`)
  return undefined
}

interface Reading {
  iso: string
  ms: number
  value: number
  comparator?: '<' | '>'
  mgdl: number
}

function parseDexcom(bytes: Uint8Array): ParsedReport {
  const { text } = decodeText(bytes)
  const rows = readCsv(text)
  const header = findHeader(rows)
  if (!header) throw new ParseError('no Dexcom Clarity header (Timestamp, Event Type, Glucose Value) found')
  const { columns: col } = header
  const limits = LIMITS[col.unit]

  const log: string[] = []
  const patient: ParsedPatient = { identifiers: [] }
  const deviceNames: string[] = []
  const transmitters = new Set<string>()
  const ignored = new Map<string, number>()
  const readings: Reading[] = []
  let lows = 0
  let highs = 0

  for (const row of rows.slice(header.index + 1)) {
    // Blank and comment rows carry nothing; every other row must make sense or the import fails.
    if (isSkippable(row.cells)) continue
    const eventType = cell(row, col.eventType)
    switch (eventType) {
      case 'FirstName':
        patient.givenName = cell(row, col.patientInfo) || undefined
        continue
      case 'LastName':
        patient.familyName = cell(row, col.patientInfo) || undefined
        continue
      case 'DateOfBirth': {
        const dob = cell(row, col.patientInfo)
        if (dob) patient.birthDate = birthDateFrom(dob, log)
        continue
      }
      case 'Device': {
        const name = cell(row, col.deviceInfo) || cell(row, col.sourceDevice)
        if (name && !deviceNames.includes(name)) deviceNames.push(name)
        continue
      }
      case 'EGV':
        break
      default:
        ignored.set(eventType || '(no event type)', (ignored.get(eventType || '(no event type)') ?? 0) + 1)
        continue
    }

    const stamp = cell(row, col.timestamp)
    const raw = splitDateTime(stamp)
    const iso = raw && raw.yearFirst ? toLocalIso(raw, 'YMD') : null
    if (!iso) throw cellError(`${quoteValue(stamp)} is not a timestamp (YYYY-MM-DDThh:mm:ss)`, row.line, 'Timestamp', col.timestamp)

    const glucoseText = cell(row, col.glucose)
    let reading: Reading
    if (/^low$/i.test(glucoseText)) {
      lows++
      reading = { iso, ms: localIsoToMs(iso), value: limits.low, comparator: '<', mgdl: LIMITS_MGDL.low }
    } else if (/^high$/i.test(glucoseText)) {
      highs++
      reading = { iso, ms: localIsoToMs(iso), value: limits.high, comparator: '>', mgdl: LIMITS_MGDL.high }
    } else {
      const value = parseDecimal(glucoseText)
      if (value === null || value <= 0) {
        throw cellError(`${quoteValue(glucoseText)} is not a glucose value`, row.line, col.glucoseHeader, col.glucose)
      }
      reading = { iso, ms: localIsoToMs(iso), value, mgdl: toMgdl(value, col.unit) }
    }
    readings.push(reading)
    const transmitter = cell(row, col.transmitterId)
    if (transmitter) transmitters.add(transmitter)
  }

  if (readings.length === 0) throw new ParseError('the Dexcom export holds no EGV (glucose) readings')
  // Clarity writes timed rows in time order; sort anyway (stably) so subIds follow time.
  readings.sort((a, b) => a.ms - b.ms)

  const code = cgmGlucoseCode(col.unit)
  const observations: ParsedObservation[] = readings.map((r, i) => ({
    code,
    valueType: 'numeric',
    valueNum: r.value,
    ...(r.comparator ? { comparator: r.comparator } : {}),
    unit: col.unit,
    status: 'final',
    observedAt: r.iso,
    subId: String(i),
  }))

  log.push('Timestamps are local device time without a UTC offset, kept as written.')
  if (lows + highs > 0) {
    log.push(
      `${lows} reading(s) "Low" recorded as < ${limits.low} ${col.unit} and ${highs} "High" as > ${limits.high} ${col.unit} ` +
        `(Dexcom reporting limits); AGP metrics count them at ${LIMITS_MGDL.low} and ${LIMITS_MGDL.high} mg/dL.`,
    )
  }
  if (ignored.size > 0) {
    const parts = [...ignored].map(([type, n]) => `${type} ${n}`)
    log.push(`Rows not used as readings: ${parts.join(', ')}.`)
  }
  if (transmitters.size > 1) log.push(`Readings come from ${transmitters.size} transmitters.`)
  log.push(`AGP sensor wear computed at Dexcom's ${DEXCOM_INTERVAL_MIN}-minute interval.`)

  const device: ParsedDevice = { manufacturer: 'Dexcom' }
  if (deviceNames.length > 0) device.model = deviceNames.join(' / ')
  const serial = [...transmitters][0]
  if (serial !== undefined) device.serial = serial

  return cgmReport({
    sourceFormat: 'cgm-dexcom',
    label: 'Dexcom CGM',
    patient,
    device,
    span: readings,
    observations,
    parseLog: log,
    glucose: readings.map((r) => ({ t: r.ms, mgdl: r.mgdl })),
    intervalMin: DEXCOM_INTERVAL_MIN,
  })
}

export const dexcomParser: FormatParser = {
  name: 'cgm-dexcom',
  sniff: (text) => sniffDexcom(text),
  parse: (bytes) => singleUnit(bytes, () => parseDexcom(bytes)),
}
