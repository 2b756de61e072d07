// Reads a Philips Sierra ECG XML document (root 'restingecgdata'): measurements, statements, patient.
import type { ObservationStatus, ParsedObservation, ParsedPatient, ParsedReport, ParsedStatement, ReportStatus } from '../../../shared/domain/report'
import { isoDate, joinDateTime, toSex } from './dates'
import { ecgObservation, type EcgMeasure } from './ecgMeasurements'
import { child, children, descendants, path, textOf, type XmlElement } from './xmlTree'

// Element names: PageWriter (TC series) first, then the older Trim-series 'mean...' names.
const MEASURES: ReadonlyArray<readonly [EcgMeasure, readonly string[]]> = [
  ['heartRate', ['heartrate', 'meanventrate']],
  ['atrialRate', ['atrialrate', 'meanatrialrate']],
  ['rrInterval', ['rrint', 'meanrrint']],
  ['pDuration', ['pdur', 'meanpdur']],
  ['prInterval', ['print', 'meanprint']],
  ['qrsDuration', ['qrsdur', 'meanqrsdur']],
  ['qtInterval', ['qtint', 'meanqtint']],
  // Philips reports Bazett as its QTc; Fridericia is kept apart so rules never mix the two.
  ['qtc', ['qtcb', 'meanqtc']],
  ['qtcFridericia', ['qtcf']],
  ['pAxis', ['pfrontaxis']],
  ['qrsAxis', ['qrsfrontaxis']],
  ['tAxis', ['tfrontaxis']],
]

/**
 * The signature line says whether a physician confirmed the machine reading. Without a clear
 * confirmation the report stays preliminary: showing an unconfirmed ECG as final is a hazard.
 */
function philipsStatus(signature: string | undefined, documentStatus: string | undefined, log: string[]): ReportStatus {
  if (signature !== undefined) {
    if (/unconfirmed|not confirmed|preliminary/i.test(signature)) return 'preliminary'
    if (/confirmed|reviewed|overread|signed/i.test(signature)) return 'final'
  }
  if (documentStatus !== undefined && /^confirmed$/i.test(documentStatus.trim())) return 'final'
  log.push('No confirmation on the signature line; treated as preliminary')
  return 'preliminary'
}

function philipsPatient(root: XmlElement): ParsedPatient {
  const data = path(root, 'patient', 'generalpatientdata')
  const patient: ParsedPatient = { identifiers: [] }
  const id = textOf(child(data, 'patientid'))
  if (id !== undefined) patient.identifiers.push({ authority: 'Philips patientid', id })
  const mrn = textOf(child(data, 'MRN'))
  if (mrn !== undefined && mrn !== id) patient.identifiers.push({ authority: 'Philips MRN', id: mrn })
  const family = textOf(path(data, 'name', 'lastname'))
  const given = textOf(path(data, 'name', 'firstname'))
  if (family !== undefined) patient.familyName = family
  if (given !== undefined) patient.givenName = given
  const birthDate = isoDate(textOf(path(data, 'age', 'dateofbirth')))
  if (birthDate !== undefined) patient.birthDate = birthDate
  const sex = toSex(textOf(child(data, 'sex')))
  if (sex !== undefined) patient.sex = sex
  return patient
}

function statementText(statement: XmlElement): string | undefined {
  const parts = [textOf(child(statement, 'leftstatement')), textOf(child(statement, 'rightstatement'))]
  const text = parts.filter((p): p is string => p !== undefined).join(' ')
  return text === '' ? undefined : text
}

export function readPhilips(root: XmlElement, log: string[]): ParsedReport {
  const interpretations = children(child(root, 'interpretations'), 'interpretation')
  // Later interpretations are edits of earlier ones; the last is the current reading.
  const interpretation = interpretations[interpretations.length - 1]
  if (interpretations.length > 1) log.push(`${interpretations.length} interpretations in the file; the last one is used`)

  const signature = textOf(child(interpretation, 'mdsignatureline'))
  const status = philipsStatus(signature, root.attrs['status'], log)
  const obsStatus: ObservationStatus = status === 'final' ? 'final' : 'preliminary'

  const acquisition = child(root, 'dataacquisition')
  const observedAt = joinDateTime(isoDate(acquisition?.attrs['date']), acquisition?.attrs['time'])

  const measurements =
    child(interpretation, 'globalmeasurements') ??
    child(child(root, 'measurements'), 'globalmeasurements') ??
    descendants(root, 'globalmeasurements')[0]
  const observations: ParsedObservation[] = []
  let unitsAssumed = false
  for (const [measure, names] of MEASURES) {
    const el = names.map((n) => child(measurements, n)).find((e) => e !== undefined)
    if (!el) continue
    const unit = el.attrs['units'] ?? el.attrs['unit']
    const obs = ecgObservation({ measure, vendorName: el.name, raw: el.text, unit, status: obsStatus, observedAt }, log)
    if (obs) {
      observations.push(obs)
      if (unit === undefined && obs.valueType === 'numeric') unitsAssumed = true
    }
  }
  if (!measurements) log.push('No globalmeasurements element found')
  if (unitsAssumed) log.push('Units not stated in the file; ECG conventions assumed (rates /min, intervals ms, axes deg)')

  const statements: ParsedStatement[] = []
  for (const statement of children(interpretation, 'statement')) {
    const text = statementText(statement)
    if (text !== undefined) statements.push({ kind: 'machine', text })
  }
  const severity = textOf(child(interpretation, 'severity'))
  if (severity !== undefined) statements.push({ kind: 'machine', text: severity })
  if (signature !== undefined) statements.push({ kind: 'note', text: signature })

  if (child(root, 'waveforms')) log.push('Raw waveforms present but not imported (only the device measurements and statements are used)')

  const machine = child(acquisition, 'machine')
  const report: ParsedReport = {
    kind: 'ecg',
    sourceFormat: 'ecg-philips',
    patient: philipsPatient(root),
    title: 'Resting ECG',
    status,
    observations,
    statements,
    attachments: [],
    parseLog: log,
    hasCorrections: false,
  }
  const model = textOf(machine)
  const serial = machine?.attrs['machineid']
  report.device = { manufacturer: 'Philips', ...(model !== undefined ? { model } : {}), ...(serial ? { serial } : {}) }
  if (observedAt !== undefined) report.observedAt = observedAt
  if (serial && observedAt !== undefined) report.sourceKey = `ecg-philips:${serial}|${observedAt}`
  return report
}
