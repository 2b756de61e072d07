// Pieces shared by the Dexcom and LibreView parsers: glucose codes and units, the AGP summary, name splitting, the report.
import { agpMetricsRecord, computeAgp, type GlucoseReading } from '../../../shared/domain/agp'
import type { CodedConcept, ParsedDevice, ParsedObservation, ParsedPatient, ParsedReport } from '../../../shared/domain/report'
import { LOINC } from '../loinc'
import { convert } from '../units'

export type GlucoseUnit = 'mg/dL' | 'mmol/L'

export const GLUCOSE_G_PER_MOL = 180.156

// HL7 CGM IG codes: sensor glucose in interstitial fluid, one code per unit dimension.
const CGM_CODE: Record<GlucoseUnit, string> = { 'mg/dL': '99504-3', 'mmol/L': '105272-9' }

export function cgmGlucoseCode(unit: GlucoseUnit): CodedConcept {
  const code = CGM_CODE[unit]
  return { system: 'LOINC', code, display: LOINC.get(code)?.display ?? 'Glucose in Interstitial fluid' }
}

/** 'mg/dL' or 'mmol/L' when a header names one of them ("Glucose Value (mg/dL)", "Scan Glucose mmol/L"). */
export function glucoseUnitIn(header: string): GlucoseUnit | null {
  if (/mg\s*\/\s*dl/i.test(header)) return 'mg/dL'
  if (/mmol\s*\/\s*l/i.test(header)) return 'mmol/L'
  return null
}

export function toMgdl(value: number, unit: GlucoseUnit): number {
  if (unit === 'mg/dL') return value
  return convert(value, 'mmol/L', 'mg/dL', { molarMassGPerMol: GLUCOSE_G_PER_MOL }) ?? Number.NaN
}

/** AGP metrics flattened for ParsedReport.metrics; empty when there are no readings. */
export function agpRecord(readings: GlucoseReading[], intervalMin: number): Record<string, number> {
  if (readings.length === 0) return {}
  return agpMetricsRecord(computeAgp(readings, { expectedIntervalMin: intervalMin }))
}

/** "Jane Q Doe" → given "Jane Q", family "Doe": exports write the name in display order. */
export function splitFullName(full: string): Pick<ParsedPatient, 'givenName' | 'familyName'> {
  const parts = full.trim().split(/\s+/).filter(Boolean)
  if (parts.length === 0) return {}
  if (parts.length === 1) return { familyName: parts[0] }
  return { givenName: parts.slice(0, -1).join(' '), familyName: parts[parts.length - 1] }
}

/** "2024-03-01T00:00:00" → "2024-03-01 00:00": for titles. */
export function shortTime(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ')
}

export interface CgmReportParts {
  sourceFormat: 'cgm-dexcom' | 'cgm-libreview'
  /** "Dexcom CGM", "LibreView CGM": the title, followed by the time span when there are readings. */
  label: string
  patient: ParsedPatient
  device: ParsedDevice
  /** Readings in time order; the first one's time is the report's time. */
  span: { iso: string }[]
  observations: ParsedObservation[]
  parseLog: string[]
  /** What the AGP metrics are computed from, at the sensor's interval. */
  glucose: GlucoseReading[]
  intervalMin: number
}

/** The report both CGM exports become: one observation per reading, AGP metrics, final. */
export function cgmReport(p: CgmReportParts): ParsedReport {
  const first = p.span[0]
  const last = p.span[p.span.length - 1]
  return {
    kind: 'cgm',
    sourceFormat: p.sourceFormat,
    patient: p.patient,
    device: p.device,
    title: first && last ? `${p.label} ${shortTime(first.iso)} – ${shortTime(last.iso)}` : p.label,
    observedAt: first?.iso,
    status: 'final',
    observations: p.observations,
    statements: [],
    attachments: [],
    parseLog: p.parseLog,
    hasCorrections: false,
    metrics: agpRecord(p.glucose, p.intervalMin),
  }
}
