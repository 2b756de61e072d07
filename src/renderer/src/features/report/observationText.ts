// How an observation's value, reference range and history read on screen, and its value in a given unit.
import type { Observation } from '../../../../shared/contract/reports'
import { formatNumber } from '../../components/format'

/**
 * The value as the device sent it, and its unit string: a number's own text when the parser kept it (a comparator, or
 * digits such as the trailing zero of "5.0" that give its precision), else the number.
 */
export function valueAsSent(o: Observation): string {
  if (o.valueType === 'numeric' && o.valueNum !== null) {
    return `${o.valueText ?? `${o.comparator ?? ''}${formatNumber(o.valueNum)}`}${o.unit ? ` ${o.unit}` : ''}`
  }
  return o.valueText ?? (o.valueNum !== null ? formatNumber(o.valueNum) : '—')
}

/** The normalised value when it differs from what was sent (another unit, or a converted number); else undefined. */
export function normalisedText(o: Observation): string | undefined {
  if (o.normalisedValue === null || o.normalisedUnit === null) return undefined
  const sameUnit = o.normalisedUnit === o.ucumUnit || o.normalisedUnit === o.unit
  if (sameUnit && o.normalisedValue === o.valueNum) return undefined
  return `${o.comparator ?? ''}${formatNumber(o.normalisedValue)} ${o.normalisedUnit}`
}

export function rangeText(o: Observation): string {
  const unit = o.unit ? ` ${o.unit}` : ''
  if (o.refLow !== null && o.refHigh !== null) return `${formatNumber(o.refLow)}–${formatNumber(o.refHigh)}${unit}`
  if (o.refHigh !== null) return `≤ ${formatNumber(o.refHigh)}${unit}`
  if (o.refLow !== null) return `≥ ${formatNumber(o.refLow)}${unit}`
  return o.refText ?? '—'
}

export function historyText(h: Observation['history'][number]): string {
  const v = h.valueNum !== null ? formatNumber(h.valueNum) : (h.valueText ?? '—')
  return `was ${v}${h.unit ? ` ${h.unit}` : ''} (${h.status}), corrected`
}

/** "LOINC|2823-3": the key reports.trend uses. */
export function codeKey(o: Pick<Observation, 'codeSystem' | 'code'>): string {
  return `${o.codeSystem}|${o.code}`
}

/**
 * The numeric value in the given UCUM unit, from the normalised value or the value as sent; undefined when the
 * observation is in another unit (never guessed: a wrong unit is one of the hazards this view guards against).
 */
export function numericIn(o: Observation, ucum: string): number | undefined {
  if (o.valueType !== 'numeric') return undefined
  if (o.normalisedValue !== null && o.normalisedUnit === ucum) return o.normalisedValue
  if (o.valueNum !== null && (o.ucumUnit === ucum || (o.ucumUnit === null && o.unitUnmapped === null && o.unit === ucum))) return o.valueNum
  return undefined
}

/** Glucose in mg/dL from mg/dL or mmol/L (molar mass 180.156 g/mol), else undefined. */
export function glucoseMgdl(o: Observation): number | undefined {
  const mgdl = numericIn(o, 'mg/dL')
  if (mgdl !== undefined) return mgdl
  const mmol = numericIn(o, 'mmol/L')
  return mmol === undefined ? undefined : mmol * 18.0156
}
