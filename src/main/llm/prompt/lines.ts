// One observation, series or metric as the prompt states it: value, units, range, flag, status and what not to interpret.
import type { Observation } from '../../../shared/contract/reports'
import { evidenceId } from '../../../shared/domain/interpretation'
import { loincEntry } from '../../ingest/loinc'
import type { ObservationSeries } from './observations'

export interface ObservationLine {
  id: string
  name: string
  /** "LOINC 2823-3". */
  code: string
  /** As sent: comparator and number ("< 0.5"), or the text in quotes. */
  value: string
  unit: string | null
  /** "400 mg/dL" when normalisation changed the unit or value. */
  normalised: string | null
  reference: string | null
  deviceFlag: string | null
  /** "final", or an upper-case status the model must notice (PRELIMINARY, CORRECTED, ...). */
  status: string
  /** Earlier values this one replaced. */
  corrected: string | null
  /** Why this observation must not be interpreted; null when it may be. */
  doNotInterpret: string | null
}

export interface SeriesLine {
  name: string
  code: string
  count: number
  unit: string | null
  from: string | null
  to: string | null
  lowest: { id: string; value: string } | null
  highest: { id: string; value: string } | null
}

type Text = (s: string | null) => string | null

/** Numbers exactly as stored: JavaScript's shortest round-trip form, never rounded or localised. */
export function num(n: number): string {
  return Object.is(n, -0) ? '0' : String(n)
}

const STATUS: Readonly<Record<Observation['status'], string>> = {
  final: 'final',
  preliminary: 'PRELIMINARY',
  corrected: 'CORRECTED',
  cancelled: 'CANCELLED',
  pending: 'PENDING (no result yet)',
  'entered-in-error': 'ENTERED IN ERROR',
}

function name(o: Observation, text: Text): { name: string; unknownCode: boolean } {
  const display = text(o.display) ?? loincEntry({ system: o.codeSystem, code: o.code })?.display ?? null
  if (display !== null && display !== '') return { name: display, unknownCode: false }
  // Neither the device nor our LOINC subset names it: there is nothing to interpret it by.
  return { name: 'unnamed observation', unknownCode: true }
}

function valueOf(o: Observation, text: Text): string {
  if (o.valueNum !== null) return `${o.comparator ? `${o.comparator} ` : ''}${num(o.valueNum)}`
  const t = text(o.valueText)
  return t === null || t === '' ? 'no value' : `"${t}"`
}

function reference(o: Observation, unit: string | null, text: Text): string | null {
  const u = unit === null ? '' : ` ${unit}`
  if (o.refLow !== null && o.refHigh !== null) return `${num(o.refLow)} to ${num(o.refHigh)}${u}`
  if (o.refLow !== null) return `lower limit ${num(o.refLow)}${u}`
  if (o.refHigh !== null) return `upper limit ${num(o.refHigh)}${u}`
  const t = text(o.refText)
  return t === null || t === '' ? null : `"${t}"`
}

function doNotInterpret(o: Observation, unit: string | null, unknownCode: boolean): string | null {
  if (o.status === 'cancelled' || o.status === 'entered-in-error') return `${STATUS[o.status].toLowerCase()} — do not interpret`
  if (unknownCode) return 'code not recognised — do not interpret'
  // Text results carry no unit; only a number without a usable unit is meaningless.
  if (o.valueType !== 'numeric' || o.unitUnmapped === null) return null
  if (unit === null) return 'no unit given — do not interpret'
  if (o.ucumUnit === null) return `unit not recognised — do not interpret (${o.unitUnmapped})`
  return `unit cannot be converted — do not interpret (${o.unitUnmapped})`
}

export function observationLine(o: Observation, text: Text): ObservationLine {
  const unit = text(o.unit)
  const { name: label, unknownCode } = name(o, text)
  const differs = o.normalisedValue !== null && (o.normalisedUnit !== o.ucumUnit || o.normalisedValue !== o.valueNum)
  const corrected = o.history
    .map((h) => `${h.valueNum !== null ? num(h.valueNum) : `"${text(h.valueText) ?? ''}"`}${h.unit ? ` ${text(h.unit)}` : ''} (${h.status})`)
    .join('; ')
  return {
    id: evidenceId.observation(o.id),
    name: label,
    code: `${o.codeSystem} ${o.code}`,
    value: valueOf(o, text),
    unit: unit === '' ? null : unit,
    normalised: differs ? `${num(o.normalisedValue ?? 0)}${o.normalisedUnit ? ` ${o.normalisedUnit}` : ''}` : null,
    reference: reference(o, unit, text),
    deviceFlag: text(o.deviceFlag),
    status: STATUS[o.status],
    corrected: corrected === '' ? null : corrected,
    doNotInterpret: doNotInterpret(o, unit, unknownCode),
  }
}

export function seriesLine(s: ObservationSeries, text: Text, relativeDatesOnly: boolean): SeriesLine {
  const first = s.observations[0]
  const times = s.observations.map((o) => o.observedAt).filter((t): t is string => t !== null).sort()
  const unit = first ? text(first.unit) : null
  const point = (o: Observation | null): SeriesLine['lowest'] =>
    o === null || o.valueNum === null ? null : { id: evidenceId.observation(o.id), value: `${num(o.valueNum)}${o.unit ? ` ${text(o.unit)}` : ''}` }
  return {
    name: text(s.display) ?? loincEntry({ system: s.codeSystem, code: s.code })?.display ?? 'unnamed series',
    code: `${s.codeSystem} ${s.code}`,
    count: s.observations.length,
    unit,
    from: relativeDatesOnly ? null : (times[0] ?? null),
    to: relativeDatesOnly ? null : (times[times.length - 1] ?? null),
    lowest: point(s.lowest),
    highest: point(s.highest),
  }
}

/** The unit a metric's name encodes (agp.cv_pct, agp.mean_mgdl, bp.avg_sys), in UCUM; null when it says none. */
export function metricUnit(metric: string): string | null {
  if (/_pct$/.test(metric)) return '%'
  if (/_mgdl$/.test(metric)) return 'mg/dL'
  if (/^bp\.avg_(sys|dia)$/.test(metric)) return 'mm[Hg]'
  if (/pulse$/.test(metric)) return '/min'
  if (/\.days$/.test(metric)) return 'd'
  if (/_min$/.test(metric)) return 'min'
  return null
}
