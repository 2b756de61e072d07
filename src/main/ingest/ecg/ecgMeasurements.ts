// The ECG global measurements every ECG reader (XML and PDF) maps to, with their codes and usual units.
import type { ObservationStatus, ParsedObservation } from '../../../shared/domain/report'

export type EcgMeasure =
  | 'heartRate'
  | 'atrialRate'
  | 'rrInterval'
  | 'pDuration'
  | 'prInterval'
  | 'qrsDuration'
  | 'qtInterval'
  | 'qtc'
  | 'qtcFridericia'
  | 'pAxis'
  | 'qrsAxis'
  | 'tAxis'

interface MeasureDef {
  system: 'LOINC' | 'LOCAL'
  code: string
  /** Unit used when the source states none (MUSE and most printouts omit units). */
  unit: string
}

// LOINC codes from DOMAIN.md. Atrial rate, RR interval, P duration and QTc Fridericia have no code
// we could confirm against the LOINC table, so they stay LOCAL rather than risk a wrong code.
// QTc without a named formula (and Philips' Bazett value) maps to 8636-3.
export const ECG_MEASURES: Readonly<Record<EcgMeasure, MeasureDef>> = {
  heartRate: { system: 'LOINC', code: '8867-4', unit: '/min' },
  atrialRate: { system: 'LOCAL', code: 'ECG_ATRIAL_RATE', unit: '/min' },
  rrInterval: { system: 'LOCAL', code: 'ECG_RR_INTERVAL', unit: 'ms' },
  pDuration: { system: 'LOCAL', code: 'ECG_P_DURATION', unit: 'ms' },
  prInterval: { system: 'LOINC', code: '8625-6', unit: 'ms' },
  qrsDuration: { system: 'LOINC', code: '8633-0', unit: 'ms' },
  qtInterval: { system: 'LOINC', code: '8634-8', unit: 'ms' },
  qtc: { system: 'LOINC', code: '8636-3', unit: 'ms' },
  qtcFridericia: { system: 'LOCAL', code: 'ECG_QTC_FRIDERICIA', unit: 'ms' },
  pAxis: { system: 'LOINC', code: '8626-4', unit: 'deg' },
  qrsAxis: { system: 'LOINC', code: '8632-2', unit: 'deg' },
  tAxis: { system: 'LOINC', code: '8638-9', unit: 'deg' },
}

const NUMBER = /^[+-]?\d+(\.\d+)?$/

export interface MeasurementInput {
  measure: EcgMeasure
  /** The vendor's own name for the value (element name, MDC code, printed label): kept as display. */
  vendorName: string
  /** The value exactly as the file wrote it. */
  raw: string | undefined
  /** Unit as the file wrote it; undefined when the file gives none. */
  unit?: string | undefined
  status: ObservationStatus
  observedAt?: string | undefined
}

/**
 * One observation for one measurement. Returns undefined for an empty value. A non-numeric value
 * ("Indeterminate" axis) is kept as text: it is the device's own statement about the measurement.
 */
export function ecgObservation(input: MeasurementInput, log: string[]): ParsedObservation | undefined {
  const raw = input.raw?.trim()
  if (raw === undefined || raw === '') return undefined
  const def = ECG_MEASURES[input.measure]
  const base = {
    code: { system: def.system, code: def.code, display: input.vendorName },
    status: input.status,
    ...(input.observedAt !== undefined ? { observedAt: input.observedAt } : {}),
  }
  if (!NUMBER.test(raw)) {
    log.push(`${input.vendorName}: non-numeric value '${raw}' kept as text`)
    return { ...base, valueType: 'text', valueText: raw }
  }
  return { ...base, valueType: 'numeric', valueNum: Number(raw), unit: input.unit ?? def.unit }
}
