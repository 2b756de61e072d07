// Recognises labelled ECG values in text extracted from a device printout (GE-style "Vent. rate 72 BPM").
import type { ObservationStatus, ParsedObservation, ReportStatus } from '../../../shared/domain/report'
import { ECG_MEASURES, ecgObservation, type EcgMeasure } from '../ecg/ecgMeasurements'

export interface RecognisedText {
  /** True when the text looks like an ECG printout (labels or the word ECG/EKG). */
  isEcg: boolean
  observations: ParsedObservation[]
  log: string[]
  /** Confirmation status printed on the page, when there is one. */
  status?: ReportStatus
}

interface Pattern {
  measure: EcgMeasure
  /** Group 1 is the value, group 2 the unit if printed. */
  regex: RegExp
}

// Labels as printed by common carts. Numbers must follow the label directly (after an optional
// colon), so a label elsewhere in a sentence never picks up an unrelated number.
const UNIT = String.raw`(?!\d)(?:\s*(bpm|\/min|ms|msec)\b)?`
const SINGLE_VALUES: readonly Pattern[] = [
  { measure: 'heartRate', regex: new RegExp(String.raw`\b(?:Vent\.?\s*rate|Ventricular\s+rate|Heart\s+rate)\s*:?\s*(\d{1,3})` + UNIT, 'i') },
  { measure: 'atrialRate', regex: new RegExp(String.raw`\bAtrial\s+rate\s*:?\s*(\d{1,3})` + UNIT, 'i') },
  { measure: 'prInterval', regex: new RegExp(String.raw`\bPR\s*(?:interval|int\.?)?\s*:?\s*(\d{2,3})` + UNIT, 'i') },
  // 'QRS' alone also labels the QRS axis on some layouts, so the duration needs its own label.
  { measure: 'qrsDuration', regex: new RegExp(String.raw`\b(?:QRS\s*(?:duration|dur\.?)|QRSD)\s*:?\s*(\d{2,3})` + UNIT, 'i') },
  { measure: 'qtInterval', regex: new RegExp(String.raw`\bQT\s*(?:interval|int\.?)?\s*:?\s*(\d{3})(?!\s*\/)` + UNIT, 'i') },
  { measure: 'qtc', regex: new RegExp(String.raw`\bQTc[B]?\s*(?:interval|int\.?)?\s*:?\s*(\d{3})(?!\s*\/)` + UNIT, 'i') },
]
const QT_QTC = /\bQT\s*\/\s*QTc[B]?\s*:?\s*(\d{3})\s*\/\s*(\d{3})(?:\s*(ms|msec))?/i
const AXES = /\bP-R-T\s+axes\s*:?\s*(-?\d{1,3}|\*+)\s+(-?\d{1,3}|\*+)\s+(-?\d{1,3}|\*+)/i
const ECG_WORDS = /\b(?:ECG|EKG|electrocardiogram|12[- ]lead)\b/i

function printedStatus(text: string): ReportStatus | undefined {
  if (/\bunconfirmed\b|\bpreliminary\b/i.test(text)) return 'preliminary'
  if (/\b(?:confirmed|reviewed|overread)\s+by\b/i.test(text)) return 'final'
  return undefined
}

/**
 * Finds labelled ECG values in free text. Only values next to a known label are taken; units are
 * kept as printed, or the ECG convention is assumed (and logged) when none is printed.
 */
export function recogniseEcgText(text: string): RecognisedText {
  const log: string[] = []
  const found = new Map<EcgMeasure, { raw: string; unit?: string; label: string }>()
  const put = (measure: EcgMeasure, raw: string, unit: string | undefined, label: string): void => {
    if (!found.has(measure)) found.set(measure, { raw, label, ...(unit !== undefined ? { unit } : {}) })
  }

  const qt = QT_QTC.exec(text)
  if (qt?.[1] !== undefined && qt[2] !== undefined) {
    put('qtInterval', qt[1], qt[3], 'QT/QTc')
    put('qtc', qt[2], qt[3], 'QT/QTc')
  }
  for (const { measure, regex } of SINGLE_VALUES) {
    const match = regex.exec(text)
    if (match?.[1] !== undefined) put(measure, match[1], match[2], match[0].replace(/\s*:?\s*\d.*$/s, '').replace(/\s+/g, ' ').trim())
  }
  const axes = AXES.exec(text)
  if (axes) {
    const measures: EcgMeasure[] = ['pAxis', 'qrsAxis', 'tAxis']
    measures.forEach((measure, i) => {
      const raw = axes[i + 1]
      if (raw === undefined) return
      if (raw.startsWith('*')) log.push(`P-R-T axes: ${measure} printed as '${raw}' (not measured); omitted`)
      else put(measure, raw, 'deg', 'P-R-T axes')
    })
  }

  const status = printedStatus(text)
  const obsStatus: ObservationStatus = status === 'final' ? 'final' : 'preliminary'
  const observations: ParsedObservation[] = []
  let assumed = false
  // Report in a fixed clinical order, whatever order the page had.
  for (const measure of Object.keys(ECG_MEASURES) as EcgMeasure[]) {
    const value = found.get(measure)
    if (!value) continue
    if (value.unit === undefined) assumed = true
    const obs = ecgObservation({ measure, vendorName: value.label, raw: value.raw, unit: value.unit, status: obsStatus }, log)
    if (obs) observations.push(obs)
  }
  if (assumed) log.push('Some units not printed; ECG conventions assumed (rates /min, intervals ms)')

  const result: RecognisedText = { isEcg: observations.length > 0 || ECG_WORDS.test(text), observations, log }
  if (status !== undefined) result.status = status
  return result
}
