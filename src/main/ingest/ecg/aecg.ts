// Reads an HL7 v3 annotated ECG (root 'AnnotatedECG'): global measurement annotations (MDC codes),
// interpretation statements, subject and device.
import type { ParsedDevice, ParsedObservation, ParsedPatient, ParsedReport, ParsedStatement } from '../../../shared/domain/report'
import { hl7Timestamp, toSex } from './dates'
import { ecgObservation, type EcgMeasure } from './ecgMeasurements'
import { child, children, descendants, path, textOf, type XmlElement } from './xmlTree'

// Keys are upper-cased: writers differ in case ('MDC_ECG_TIME_PD_QTc' vs '..._QTC').
const MDC_MEASURES: ReadonlyMap<string, EcgMeasure> = new Map(Object.entries({
  MDC_ECG_HEART_RATE: 'heartRate',
  MDC_ECG_TIME_PD_RR: 'rrInterval',
  MDC_ECG_TIME_PD_P: 'pDuration',
  MDC_ECG_TIME_PD_PR: 'prInterval',
  MDC_ECG_TIME_PD_PQ: 'prInterval',
  MDC_ECG_TIME_PD_QRS: 'qrsDuration',
  MDC_ECG_TIME_PD_QT: 'qtInterval',
  MDC_ECG_TIME_PD_QTC: 'qtc',
  MDC_ECG_ANGLE_P_FRONT: 'pAxis',
  MDC_ECG_ANGLE_QRS_FRONT: 'qrsAxis',
  MDC_ECG_ANGLE_T_FRONT: 'tAxis',
} satisfies Record<string, EcgMeasure>))

const STATEMENT_CODES = new Set(['MDC_ECG_INTERPRETATION_STATEMENT'])

function annotationCode(annotation: XmlElement): string | undefined {
  return child(annotation, 'code')?.attrs['code']
}

function nestedAnnotations(annotation: XmlElement): XmlElement[] {
  return children(annotation, 'component').flatMap((c) => children(c, 'annotation'))
}

/** The PQ value of an annotation, or of its first nested annotation (vendors put QTc formulas there). */
function quantityOf(annotation: XmlElement): { value: XmlElement; via?: string } | undefined {
  const own = child(annotation, 'value')
  if (own?.attrs['value'] !== undefined) return { value: own }
  for (const nested of nestedAnnotations(annotation)) {
    const value = child(nested, 'value')
    if (value?.attrs['value'] !== undefined) {
      const via = annotationCode(nested)
      return via !== undefined ? { value, via } : { value }
    }
  }
  return undefined
}

function aecgPatient(root: XmlElement): ParsedPatient {
  const subject = descendants(root, 'trialSubject')[0]
  const patient: ParsedPatient = { identifiers: [] }
  const id = child(subject, 'id')
  const extension = id?.attrs['extension']
  if (extension) patient.identifiers.push({ authority: id?.attrs['root'] ?? 'aECG trialSubject', id: extension })
  const person = child(subject, 'subjectDemographicPerson')
  const name = child(person, 'name')
  const family = textOf(child(name, 'family'))
  const given = children(name, 'given').map(textOf).filter((g): g is string => g !== undefined)
  if (family !== undefined) patient.familyName = family
  else if (name && name.children.length === 0 && textOf(name) !== undefined) patient.familyName = textOf(name)
  if (given.length > 0) patient.givenName = given.join(' ')
  const birth = hl7Timestamp(child(person, 'birthTime')?.attrs['value'])
  if (birth !== undefined) patient.birthDate = birth.slice(0, 10)
  const sex = toSex(child(person, 'administrativeGenderCode')?.attrs['code'])
  if (sex !== undefined) patient.sex = sex
  return patient
}

function aecgDevice(root: XmlElement): ParsedDevice | undefined {
  const author = descendants(root, 'seriesAuthor')[0]
  if (!author) return undefined
  const device: ParsedDevice = {}
  const manufacturer = textOf(path(author, 'manufacturerOrganization', 'name'))
  const model = textOf(path(author, 'manufacturedSeriesDevice', 'manufacturerModelName'))
  const serial = path(author, 'manufacturedSeriesDevice', 'id')?.attrs['extension']
  if (manufacturer !== undefined) device.manufacturer = manufacturer
  if (model !== undefined) device.model = model
  if (serial) device.serial = serial
  return device
}

export function readAecg(root: XmlElement, log: string[]): ParsedReport {
  const effective = child(root, 'effectiveTime')
  const observedAt = hl7Timestamp(child(effective, 'low')?.attrs['value'] ?? child(effective, 'center')?.attrs['value'])
  // aECG carries no confirmation status: machine measurements stay preliminary until reviewed.
  log.push('aECG states no confirmation status; treated as preliminary')

  const observations: ParsedObservation[] = []
  const statements: ParsedStatement[] = []
  const seen = new Map<EcgMeasure, string>()
  let leadSpecific = 0
  for (const annotation of descendants(root, 'annotation')) {
    const code = annotationCode(annotation)
    if (code === undefined) continue
    const upper = code.toUpperCase()
    if (STATEMENT_CODES.has(upper)) {
      const text = textOf(child(annotation, 'value'))
      if (text !== undefined) statements.push({ kind: 'machine', text })
      continue
    }
    const measure = MDC_MEASURES.get(upper)
    if (measure === undefined) continue
    // Per-lead or per-beat measurements point at a region of interest; only global values are kept.
    if (child(annotation, 'support')) {
      leadSpecific++
      continue
    }
    const quantity = quantityOf(annotation)
    if (!quantity) {
      log.push(`${code}: no value`)
      continue
    }
    const raw = quantity.value.attrs['value']
    const previous = seen.get(measure)
    if (previous !== undefined) {
      if (previous !== raw) log.push(`${code}: several global values (${previous}, ${raw ?? ''}); the first is kept`)
      continue
    }
    if (raw !== undefined) seen.set(measure, raw)
    const vendorName = quantity.via !== undefined ? `${code} (${quantity.via})` : code
    const obs = ecgObservation(
      { measure, vendorName, raw, unit: quantity.value.attrs['unit'], status: 'preliminary', observedAt },
      log,
    )
    if (obs) observations.push(obs)
  }
  if (leadSpecific > 0) log.push(`${leadSpecific} lead- or beat-specific measurement annotations not imported`)
  if (descendants(root, 'sequenceSet').length > 0) {
    log.push('Raw waveforms present but not imported (only the device measurements and statements are used)')
  }

  const report: ParsedReport = {
    kind: 'ecg',
    sourceFormat: 'ecg-aecg',
    patient: aecgPatient(root),
    title: 'Annotated ECG',
    status: 'preliminary',
    observations,
    statements,
    attachments: [],
    parseLog: log,
    hasCorrections: false,
  }
  const device = aecgDevice(root)
  if (device) report.device = device
  if (observedAt !== undefined) report.observedAt = observedAt
  const id = child(root, 'id')
  if (id?.attrs['root'] !== undefined) {
    report.sourceKey = `ecg-aecg:${id.attrs['root']}${id.attrs['extension'] !== undefined ? `|${id.attrs['extension']}` : ''}`
  }
  return report
}
