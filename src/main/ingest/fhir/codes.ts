// Maps FHIR code systems, statuses and codes onto the normalised report model.
import type { CodedConcept, ObservationStatus, ReportKind, ReportStatus } from '../../../shared/domain/report'
import type { FhirDiagnosticReport, FhirObservation } from './fhirSchemas'

type Coding = { system?: string | undefined; code?: string | undefined; display?: string | undefined }
type Concept = { coding?: Coding[] | undefined; text?: string | undefined }

const SYSTEM_LABELS: Record<string, string> = {
  'http://loinc.org': 'LOINC',
  'urn:iso:std:iso:11073:10101': 'MDC',
  'http://snomed.info/sct': 'SNOMED',
}

export function systemLabel(system: string | undefined): string {
  if (system === undefined || system === '') return 'LOCAL'
  return SYSTEM_LABELS[system] ?? system
}

// When a concept carries several codings, the one our rules and kind mapping know best wins.
const SYSTEM_PREFERENCE = ['LOINC', 'MDC', 'SNOMED']

function rank(coding: Coding): number {
  const i = SYSTEM_PREFERENCE.indexOf(systemLabel(coding.system))
  return i === -1 ? SYSTEM_PREFERENCE.length : i
}

/** The preferred coding as a CodedConcept, or a LOCAL concept built from the text; undefined when empty. */
export function toCodedConcept(concept: Concept): CodedConcept | undefined {
  const codings = (concept.coding ?? []).filter((c) => c.code !== undefined && c.code !== '')
  const best = [...codings].sort((a, b) => rank(a) - rank(b))[0]
  if (best?.code !== undefined) {
    const display = best.display ?? concept.text
    return { system: systemLabel(best.system), code: best.code, ...(display !== undefined ? { display } : {}) }
  }
  if (concept.text !== undefined && concept.text.trim() !== '') {
    return { system: 'LOCAL', code: concept.text.trim(), display: concept.text.trim() }
  }
  return undefined
}

/** Human-readable text of a concept: text, else the first display, else the first code. */
export function conceptText(concept: Concept | undefined): string | undefined {
  if (!concept) return undefined
  if (concept.text) return concept.text
  const coding = concept.coding?.find((c) => c.display) ?? concept.coding?.find((c) => c.code)
  return coding?.display ?? coding?.code
}

/** Every LOINC code in a concept, for mapping the report kind. */
export function loincCodes(concept: Concept | undefined): string[] {
  return (concept?.coding ?? [])
    .filter((c) => systemLabel(c.system) === 'LOINC' && c.code !== undefined)
    .map((c) => c.code as string)
}

export function observationStatus(status: FhirObservation['status']): ObservationStatus {
  switch (status) {
    case 'registered':
      return 'pending'
    case 'preliminary':
      return 'preliminary'
    case 'final':
      return 'final'
    case 'amended':
    case 'corrected':
      return 'corrected'
    case 'cancelled':
      return 'cancelled'
    case 'entered-in-error':
      return 'entered-in-error'
    case 'unknown':
      // Not known to be verified, so it must not be shown as final.
      return 'preliminary'
  }
}

export function reportStatus(status: FhirDiagnosticReport['status']): ReportStatus {
  switch (status) {
    case 'final':
      return 'final'
    case 'amended':
    case 'corrected':
    case 'appended':
      return 'corrected'
    case 'cancelled':
    case 'entered-in-error':
      return 'cancelled'
    case 'registered':
    case 'partial':
    case 'preliminary':
    case 'unknown':
      return 'preliminary'
  }
}

/** Report status for Observations without a DiagnosticReport: the least settled status wins. */
export function statusFromObservations(statuses: readonly ObservationStatus[]): ReportStatus {
  if (statuses.length === 0) return 'preliminary'
  if (statuses.some((s) => s === 'preliminary' || s === 'pending')) return 'preliminary'
  if (statuses.every((s) => s === 'cancelled' || s === 'entered-in-error')) return 'cancelled'
  if (statuses.some((s) => s === 'corrected')) return 'corrected'
  return 'final'
}

const KIND_BY_LOINC: ReadonlyArray<readonly [ReportKind, readonly string[]]> = [
  ['ecg', ['8625-6', '8633-0', '8634-8', '8636-3']],
  ['blood_pressure', ['85354-9', '8480-6', '8462-4']],
  ['oximetry', ['59408-5', '2708-6']],
  ['spirometry', ['20150-9', '19926-5']],
  // Heart rate alone means ECG, but BP monitors and oximeters also send a pulse rate, so it is
  // checked only after their codes.
  ['ecg', ['8867-4']],
]

/** Report kind from the LOINC codes it carries; anything unrecognised is treated as a lab report. */
export function kindFromLoincCodes(codes: readonly string[]): ReportKind {
  const present = new Set(codes)
  for (const [kind, kindCodes] of KIND_BY_LOINC) {
    if (kindCodes.some((c) => present.has(c))) return kind
  }
  return 'lab'
}
