// Guesses the report kind of an HL7 result message from the codes it carries.
import type { CodedConcept, ReportKind } from '../../../shared/domain/report'

// Interval and axis codes only an ECG produces; heart rate alone (8867-4) is shared with
// oximeters and blood-pressure cuffs, so it decides only when nothing more specific is present.
const ECG_LOINC = new Set(['8625-6', '8633-0', '8634-8', '8636-3', '8626-4', '8632-2', '8638-9', '11524-6', '34534-8', '8601-7', '18844-1'])
const HEART_RATE_LOINC = '8867-4'
const OXIMETRY_LOINC = new Set(['59408-5', '2708-6'])
const BLOOD_PRESSURE_LOINC = new Set(['8480-6', '8462-4', '85354-9'])
const SPIROMETRY_LOINC = new Set(['20150-9', '19926-5'])

function mdcText(c: CodedConcept): string {
  return `${c.code} ${c.display ?? ''}`.toUpperCase()
}

export function guessReportKind(codes: readonly CodedConcept[]): ReportKind {
  const loinc = new Set(codes.filter((c) => c.system === 'LOINC').map((c) => c.code))
  // IEEE 11073 reference ids are matched in any system: devices often send them as local codes.
  const mdc = codes.map(mdcText)
  const hasLoinc = (set: ReadonlySet<string>): boolean => [...set].some((code) => loinc.has(code))
  const hasMdc = (prefix: string): boolean => mdc.some((t) => t.includes(prefix))
  if (hasLoinc(ECG_LOINC) || hasMdc('MDC_ECG')) return 'ecg'
  if (hasLoinc(OXIMETRY_LOINC) || hasMdc('MDC_PULS_OXIM_SAT')) return 'oximetry'
  if (hasLoinc(BLOOD_PRESSURE_LOINC) || hasMdc('MDC_PRESS_BLD_NONINV')) return 'blood_pressure'
  if (hasLoinc(SPIROMETRY_LOINC)) return 'spirometry'
  if (loinc.has(HEART_RATE_LOINC)) return 'ecg'
  return 'lab'
}

/**
 * A message whose codes name no specific kind ('lab' is the fallback) but whose content is mostly narrative
 * (OBX rows without an identifier: an echo or imaging report) is a text report, not a lab panel.
 */
export function narrativeReportKind(kind: ReportKind, observations: number, narrativeLines: number): ReportKind {
  return kind === 'lab' && narrativeLines > observations ? 'other' : kind
}
