// Every number the prompt put before the model, with its unit: what a draft's numbers are checked against.
import type { Observation, ReportDetail } from '../../../shared/contract/reports'
import { evidenceId, metricNames } from '../../../shared/domain/interpretation'
import { LOINC, loincEntry } from '../../ingest/loinc'
import { convert, toUcum, type ConvertOptions } from '../../ingest/units'
import type { PriorReport } from '../prompt/context'
import { daysBetween } from '../prompt/context'
import { metricUnit } from '../prompt/lines'
import { selectObservations } from '../prompt/observations'
import { ageBand } from '../prompt/privacy'
import { mentions, observationTerms } from './analytes'
import { extractNumbers, type StatedNumber } from './numbers'

export interface SourceValue {
  value: number
  /** UCUM; null when the source gives none (then the number is compared as written). */
  unit: string | null
  /** Molar mass and charge of the analyte, for mass ↔ substance conversions (glucose mg/dL ↔ mmol/L). */
  conversion: ConvertOptions
  /** Where it came from, for messages: "O12", "F7 threshold", "R45 Potassium". */
  origin: string
  /** A difference of two source values rather than a value the prompt printed. */
  derived?: true
}

// Counts, not quantities in the finding's unit.
const UNITLESS_FINDING_KEYS = new Set(['readings', 'count', 'n'])

function ucumOf(unit: string | null): string | null {
  if (unit === null) return null
  const mapped = toUcum(unit)
  return 'ucum' in mapped ? mapped.ucum : null
}

function conversionOf(o: Pick<Observation, 'codeSystem' | 'code'>): ConvertOptions {
  const entry = loincEntry({ system: o.codeSystem, code: o.code })
  return { molarMassGPerMol: entry?.molarMassGPerMol, charge: entry?.charge }
}

function fromText(text: string | null, origin: string, conversion: ConvertOptions = {}, unit: string | null = null): SourceValue[] {
  if (text === null) return []
  return extractNumbers(text).map((n: StatedNumber) => ({ value: n.value, unit: n.unit ?? unit, conversion, origin }))
}

/** One observation's numbers: value as sent, normalised value, reference limits, replaced values. */
function observationValues(o: Observation): SourceValue[] {
  const id = evidenceId.observation(o.id)
  const conversion = conversionOf(o)
  const out: SourceValue[] = []
  const add = (value: number | null, unit: string | null, what: string): void => {
    if (value !== null && Number.isFinite(value)) out.push({ value, unit, conversion, origin: `${id} ${what}` })
  }
  add(o.valueNum, o.ucumUnit, 'value')
  add(o.normalisedValue, o.normalisedUnit, 'normalised value')
  add(o.refLow, o.ucumUnit, 'reference low')
  add(o.refHigh, o.ucumUnit, 'reference high')
  for (const h of o.history) add(h.valueNum, ucumOf(h.unit), 'earlier value')
  out.push(...fromText(o.refText, `${id} reference`, conversion, o.ucumUnit))
  out.push(...fromText(o.valueText, `${id} text`, conversion))
  return out
}

// AGP metrics are glucose: their mg/dL values may be stated in mmol/L.
const GLUCOSE: ConvertOptions = { molarMassGPerMol: LOINC.get('99504-3')?.molarMassGPerMol }

function metricConversion(name: string): ConvertOptions {
  return name.startsWith('agp.') ? GLUCOSE : {}
}

export interface SourceOptions {
  /** Earlier reports the draft cites: only their values count. */
  citedPriors: PriorReport[]
  notes: string[]
  now?: string
}

/** The numbers of this report as its prompt showed them, plus those of the cited earlier reports. */
export function collectSources(report: ReportDetail, opts: SourceOptions): SourceValue[] {
  const selection = selectObservations(report)
  const shown = [...selection.listed]
  for (const s of selection.series) for (const o of [s.lowest, s.highest]) if (o !== null && !shown.includes(o)) shown.push(o)
  const byId = new Map(report.observations.map((o) => [o.id, o]))
  const out: SourceValue[] = []
  const direct: SourceValue[][] = []

  for (const o of shown) {
    const values = observationValues(o)
    direct.push(values)
    out.push(...values)
  }
  for (const s of selection.series) out.push({ value: s.observations.length, unit: null, conversion: {}, origin: `series ${s.code} count` })

  for (const name of metricNames(report.metrics)) {
    const value = report.metrics[name]
    if (value !== undefined) out.push({ value, unit: metricUnit(name), conversion: metricConversion(name), origin: name })
  }
  for (const s of report.statements) out.push(...fromText(s.text, evidenceId.statement(s.seq)))

  for (const f of report.findings) {
    const id = evidenceId.finding(f.id)
    const first = f.observationIds.map((i) => byId.get(i)).find((o) => o !== undefined)
    const conversion = first ? conversionOf(first) : {}
    const unit = typeof f.values.unit === 'string' ? ucumOf(f.values.unit) : null
    for (const [key, value] of Object.entries(f.values)) {
      if (typeof value === 'number') out.push({ value, unit: UNITLESS_FINDING_KEYS.has(key) ? null : unit, conversion, origin: `${id} ${key}` })
    }
    for (const text of [f.title, f.message, f.source, f.disagreement, f.notEvaluated]) out.push(...fromText(text, id, conversion))
  }

  // The same reference time the prompt's age band and "days before" used.
  const reportTime = report.observedAt ?? opts.now ?? report.receivedAt
  out.push(...fromText(ageBand(report.patient.birthDate, reportTime), 'age band'))
  for (const note of opts.notes) out.push(...fromText(note, 'clinician note'))

  const priorValues: { display: string; values: SourceValue[] }[] = []
  for (const p of opts.citedPriors) {
    const id = evidenceId.report(p.id)
    const days = daysBetween(p.observedAt, reportTime)
    if (days !== null) out.push({ value: days, unit: 'd', conversion: {}, origin: `${id} days before` })
    for (const kv of p.keyValues) {
      // The earlier value takes the conversion data of this report's observation of the same analyte.
      const same = shown.find((o) => mentions(kv.display, observationTerms(o)))
      const values = fromText(kv.value, `${id} ${kv.display}`, same ? conversionOf(same) : {}, ucumOf(kv.unit))
      priorValues.push({ display: kv.display, values })
      out.push(...values)
    }
  }
  out.push(...differences(shown, direct, priorValues))
  return out
}

/**
 * Differences a draft may state: between an observation's value and the same analyte's earlier
 * value, reference limit or rule threshold ("20 ms above the limit", "up 0.9 since R45").
 */
function differences(shown: Observation[], direct: SourceValue[][], priors: { display: string; values: SourceValue[] }[]): SourceValue[] {
  const out: SourceValue[] = []
  shown.forEach((o, i) => {
    const own = direct[i] ?? []
    const terms = observationTerms(o)
    const others = [...own, ...priors.filter((p) => mentions(p.display, terms)).flatMap((p) => p.values)]
    for (const a of own) {
      if (!a.origin.endsWith('value')) continue
      for (const b of others) {
        // A value and its own normalised form are the same quantity: their difference is no statement.
        if (a === b || (own.includes(b) && b.origin.endsWith('value') && !b.origin.endsWith('earlier value'))) continue
        const bInA = a.unit !== null && b.unit !== null && a.unit !== b.unit ? convert(b.value, b.unit, a.unit, a.conversion) : b.value
        if (bInA === null) continue
        out.push({ value: Math.abs(a.value - bInA), unit: a.unit, conversion: a.conversion, origin: `difference ${a.origin} − ${b.origin}`, derived: true })
      }
    }
  })
  return out
}

/** True when the source value, converted to the stated unit, rounds to the stated number. */
export function agrees(stated: StatedNumber, source: SourceValue): boolean {
  let value = source.value
  if (stated.unit !== null && source.unit !== null && stated.unit !== source.unit) {
    const converted = convert(source.value, source.unit, stated.unit, source.conversion)
    if (converted === null) return false
    value = converted
  }
  const tolerance = 0.5 * 10 ** -stated.decimals
  // The relative slack absorbs binary noise such as 4.35 being stored as 4.3499999….
  return Math.abs(value - stated.value) <= tolerance + 1e-9 * Math.max(1, Math.abs(value))
}
