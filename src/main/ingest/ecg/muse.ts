// Reads a GE MUSE resting ECG XML export (root 'RestingECG'): measurements, statements, patient.
import type { ObservationStatus, ParsedObservation, ParsedPatient, ParsedReport, ParsedStatement, ReportStatus } from '../../../shared/domain/report'
import { joinDateTime, museDate, toSex } from './dates'
import { ecgObservation, type EcgMeasure } from './ecgMeasurements'
import { child, children, textOf, type XmlElement } from './xmlTree'

const MEASURES: ReadonlyArray<readonly [EcgMeasure, string]> = [
  ['heartRate', 'VentricularRate'],
  ['atrialRate', 'AtrialRate'],
  ['prInterval', 'PRInterval'],
  ['qrsDuration', 'QRSDuration'],
  ['qtInterval', 'QTInterval'],
  ['qtc', 'QTCorrected'],
  ['pAxis', 'PAxis'],
  ['qrsAxis', 'RAxis'],
  ['tAxis', 'TAxis'],
]

// MUSE writes rates as the cart prints them; intervals and axes carry no unit in the XML.
const MUSE_UNITS: Readonly<Partial<Record<EcgMeasure, string>>> = { heartRate: 'BPM', atrialRate: 'BPM' }

function museStatus(test: XmlElement | undefined, statementTexts: string[], log: string[]): ReportStatus {
  const status = textOf(child(test, 'Status'))?.toUpperCase()
  if (status === 'CONFIRMED') return 'final'
  if (status !== undefined) return 'preliminary'
  const text = statementTexts.join('\n')
  if (/confirmed by|overread by|reviewed by/i.test(text) && !/unconfirmed/i.test(text)) return 'final'
  log.push('No confirmation status in the file; treated as preliminary')
  return 'preliminary'
}

function musePatient(demographics: XmlElement | undefined, log: string[]): ParsedPatient {
  const patient: ParsedPatient = { identifiers: [] }
  const id = textOf(child(demographics, 'PatientID'))
  if (id !== undefined) patient.identifiers.push({ authority: 'MUSE PatientID', id })
  const family = textOf(child(demographics, 'PatientLastName'))
  const given = textOf(child(demographics, 'PatientFirstName'))
  if (family !== undefined) patient.familyName = family
  if (given !== undefined) patient.givenName = given
  const rawBirth = textOf(child(demographics, 'DateofBirth'))
  const birthDate = museDate(rawBirth)
  if (birthDate !== undefined) patient.birthDate = birthDate
  else if (rawBirth !== undefined) log.push(`Birth date '${rawBirth}' is not MM-DD-YYYY; not imported`)
  const sex = toSex(textOf(child(demographics, 'Gender')))
  if (sex !== undefined) patient.sex = sex
  return patient
}

/**
 * MUSE splits one printed line over several DiagnosisStatements; StmtFlag ENDSLINE marks the one
 * that ends the line, so pieces are joined until then.
 */
function diagnosisLines(diagnosis: XmlElement | undefined): string[] {
  const lines: string[] = []
  let current: string[] = []
  for (const statement of children(diagnosis, 'DiagnosisStatement')) {
    const text = textOf(child(statement, 'StmtText'))
    if (text !== undefined) current.push(text)
    const endsLine = children(statement, 'StmtFlag').some((f) => textOf(f)?.toUpperCase() === 'ENDSLINE')
    if (endsLine && current.length > 0) {
      lines.push(current.join(' '))
      current = []
    }
  }
  if (current.length > 0) lines.push(current.join(' '))
  return lines
}

export function readMuse(root: XmlElement, log: string[]): ParsedReport {
  const test = child(root, 'TestDemographics')
  const rawDate = textOf(child(test, 'AcquisitionDate'))
  const date = museDate(rawDate)
  if (rawDate !== undefined && date === undefined) log.push(`Acquisition date '${rawDate}' is not MM-DD-YYYY; not imported`)
  const observedAt = joinDateTime(date, textOf(child(test, 'AcquisitionTime')))

  let diagnosis = child(root, 'Diagnosis')
  if (!diagnosis && child(root, 'OriginalDiagnosis')) {
    diagnosis = child(root, 'OriginalDiagnosis')
    log.push('No Diagnosis section; statements taken from OriginalDiagnosis')
  }
  const lines = diagnosisLines(diagnosis)
  const status = museStatus(test, lines, log)
  const obsStatus: ObservationStatus = status === 'final' ? 'final' : 'preliminary'

  let measurements = child(root, 'RestingECGMeasurements')
  if (!measurements && child(root, 'OriginalRestingECGMeasurements')) {
    measurements = child(root, 'OriginalRestingECGMeasurements')
    log.push('No RestingECGMeasurements section; values taken from OriginalRestingECGMeasurements')
  }
  const observations: ParsedObservation[] = []
  for (const [measure, name] of MEASURES) {
    const raw = textOf(child(measurements, name))
    if (raw === undefined) continue
    // MUSE writes 0 for a measurement the cart could not make. 0 is never a real rate or interval;
    // a true 0 deg axis is possible but indistinguishable, so it is omitted too and logged for review.
    if (Number(raw) === 0) {
      log.push(`${name} is 0 (MUSE: not measured); omitted`)
      continue
    }
    const obs = ecgObservation({ measure, vendorName: name, raw, unit: MUSE_UNITS[measure], status: obsStatus, observedAt }, log)
    if (obs) observations.push(obs)
  }
  if (observations.length > 0) log.push('MUSE states no units for intervals and axes; ms and deg assumed')

  const statements: ParsedStatement[] = lines.map((text) => ({ kind: 'machine', text }))
  if (children(root, 'Waveform').length > 0) {
    log.push('Raw waveforms present but not imported (only the device measurements and statements are used)')
  }

  const report: ParsedReport = {
    kind: 'ecg',
    sourceFormat: 'ecg-muse',
    patient: musePatient(child(root, 'PatientDemographics'), log),
    title: 'Resting ECG',
    status,
    observations,
    statements,
    attachments: [],
    parseLog: log,
    hasCorrections: false,
  }
  const model = textOf(child(test, 'AcquisitionDevice'))
  report.device = { manufacturer: 'GE Healthcare', ...(model !== undefined ? { model } : {}) }
  if (observedAt !== undefined) report.observedAt = observedAt
  const site = textOf(child(test, 'Site'))
  const cart = textOf(child(test, 'CartNumber'))
  if (observedAt !== undefined && cart !== undefined) report.sourceKey = `ecg-muse:${site ?? ''}|${cart}|${observedAt}`
  return report
}
