// Which observations a prompt lists one by one, and which it summarises as a series (CGM and home-BP readings).
import type { Observation, ReportDetail } from '../../../shared/contract/reports'

/** More readings of one code than this make a series: a trace is not interpreted reading by reading. */
export const SERIES_MIN_READINGS = 13
/** Observations listed one by one at most; beyond that the prompt says how many were left out. */
export const MAX_LISTED = 150
/** Readings of a series that a rule finding rests on, listed individually at most. */
const MAX_LISTED_FROM_SERIES = 20

export interface ObservationSeries {
  codeSystem: string
  code: string
  display: string | null
  observations: Observation[]
  /** Readings with the lowest and highest numeric value (first of equals by order); null without numbers. */
  lowest: Observation | null
  highest: Observation | null
}

export interface ObservationSelection {
  /** Listed one by one, in report order. */
  listed: Observation[]
  series: ObservationSeries[]
  /** Observations neither listed nor summarised because of MAX_LISTED. */
  omitted: number
}

/** Report order: seq, then id, so the prompt does not depend on the order rows came back in. */
export function byReportOrder(a: Observation, b: Observation): number {
  return a.seq - b.seq || a.id - b.id
}

function extremes(observations: Observation[]): { lowest: Observation | null; highest: Observation | null } {
  let lowest: Observation | null = null
  let highest: Observation | null = null
  for (const o of observations) {
    if (o.valueNum === null || o.status === 'cancelled' || o.status === 'entered-in-error') continue
    if (lowest === null || o.valueNum < (lowest.valueNum ?? Infinity)) lowest = o
    if (highest === null || o.valueNum > (highest.valueNum ?? -Infinity)) highest = o
  }
  return { lowest, highest }
}

/**
 * Splits a report's observations into those listed and those summarised as series. The evidence
 * check uses the same selection, so a number counts as sourced only if the prompt showed it.
 */
export function selectObservations(report: Pick<ReportDetail, 'observations' | 'findings'>): ObservationSelection {
  const ordered = [...report.observations].sort(byReportOrder)
  const groups = new Map<string, Observation[]>()
  for (const o of ordered) {
    const key = `${o.codeSystem}|${o.code}`
    const group = groups.get(key)
    if (group) group.push(o)
    else groups.set(key, [o])
  }
  const cited = new Set(report.findings.flatMap((f) => f.observationIds))
  const seriesKeys = new Set<string>()
  const series: ObservationSeries[] = []
  for (const [key, group] of groups) {
    if (group.length < SERIES_MIN_READINGS) continue
    const first = group[0]
    if (first === undefined) continue
    seriesKeys.add(key)
    series.push({ codeSystem: first.codeSystem, code: first.code, display: first.display, observations: group, ...extremes(group) })
  }
  const listed: Observation[] = []
  let fromSeries = 0
  let omitted = 0
  for (const o of ordered) {
    const inSeries = seriesKeys.has(`${o.codeSystem}|${o.code}`)
    if (inSeries && !cited.has(o.id)) continue
    if (inSeries && fromSeries >= MAX_LISTED_FROM_SERIES) continue
    if (listed.length >= MAX_LISTED) {
      omitted++
      continue
    }
    if (inSeries) fromSeries++
    listed.push(o)
  }
  return { listed, series, omitted }
}
