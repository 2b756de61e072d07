// Reads an observation's value in a rule's unit, or says why it cannot be read; the one place units are checked.
import type { Observation } from '../../shared/contract/reports'
import { parseComparator, type Comparator } from './comparison'
import type { UnitTarget } from './conversion'

export interface Measured {
  ok: true
  /** In the rule's unit. */
  value: number
  comparator: Comparator
  /** The device's reference limits in the rule's unit; null when not sent. */
  refLow: number | null
  refHigh: number | null
  /** The value as sent ("2.7 mmol/L") when it was converted, for the record. */
  observed?: string
}

export type Measurement = Measured | { ok: false; reason: string } | null

/** The observation's UCUM unit; pure numbers (INR) often come without one. */
export function sourceUnit(obs: Observation, unitless: boolean): string | null {
  if (obs.ucumUnit !== null) return obs.ucumUnit
  if (unitless && (obs.unit === null || obs.unit.trim() === '')) return '1'
  return null
}

function unknownUnit(obs: Observation): string {
  if (obs.unit === null || obs.unit.trim() === '') return 'no unit given'
  // The mapper's reason adds nothing to "unknown" unless it explains an ambiguity ("G/L" gauss per litre).
  const why = obs.unitUnmapped?.startsWith('ambiguous') ? ` (${obs.unitUnmapped})` : ''
  return `unit ${JSON.stringify(obs.unit)} unknown${why}`
}

/**
 * The value in the target unit, or why it cannot be compared. Null when there is nothing to judge
 * (a pending result without a value).
 */
export function measure(obs: Observation, target: UnitTarget, unitless: boolean): Measurement {
  if (obs.valueNum === null || !Number.isFinite(obs.valueNum)) {
    return obs.status === 'pending' ? null : { ok: false, reason: 'no numeric value' }
  }
  const from = sourceUnit(obs, unitless)
  if (from === null) return { ok: false, reason: unknownUnit(obs) }
  const comparator = parseComparator(obs.comparator)
  if (comparator === undefined) return { ok: false, reason: `comparator ${JSON.stringify(obs.comparator)} not understood` }
  const value = target.convert(obs.valueNum, from)
  if (value === null) return { ok: false, reason: `unit ${JSON.stringify(obs.unit ?? from)} cannot be converted to ${target.unit}` }
  const refLow = obs.refLow === null ? null : target.convert(obs.refLow, from)
  const refHigh = obs.refHigh === null ? null : target.convert(obs.refHigh, from)
  const measured: Measured = { ok: true, value, comparator, refLow, refHigh }
  if (from !== target.unit) measured.observed = `${obs.comparator ?? ''}${obs.valueNum} ${obs.unit ?? from}`
  return measured
}
