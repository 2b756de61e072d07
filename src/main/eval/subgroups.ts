// Subgroups of an evaluation set (report kind, age band, sex, device model), each compared on its own and marked when too small to judge.
import type { ReportDetail } from '../../shared/contract/reports'
import { ageInMonths, normaliseSex } from '../rules/patient'
import { comparePaired, pairRows, type CompareOptions, type PairedComparison } from './compare'
import type { ReportMetrics } from './types'

export const SUBGROUP_DIMENSIONS = ['kind', 'ageBand', 'sex', 'deviceModel'] as const
export type SubgroupDimension = (typeof SUBGROUP_DIMENSIONS)[number]
export type SubgroupFacts = Record<SubgroupDimension, string>

export const DEFAULT_MIN_SUBGROUP_SIZE = 30

// Coarse bands: evaluation sets are small, and ten-year bands would leave most subgroups too small.
const AGE_BANDS: readonly { label: string; below: number }[] = [
  { label: '0–17', below: 18 },
  { label: '18–39', below: 40 },
  { label: '40–64', below: 65 },
  { label: '65–79', below: 80 },
  { label: '80 or older', below: Infinity },
]

function bandOf(months: number): string {
  const years = Math.floor(months / 12)
  return AGE_BANDS.find((b) => years < b.below)!.label
}

/** The age band at the report's time; 'unknown' without a birth date, or when a partial one straddles two bands. */
export function evalAgeBand(birthDate: string | null, at: string | null): string {
  const months = ageInMonths(birthDate, at)
  if (months === null) return 'unknown'
  const young = bandOf(months.min)
  return young === bandOf(months.max) ? young : 'unknown'
}

export function subgroupFacts(report: Pick<ReportDetail, 'kind' | 'patient' | 'observedAt' | 'receivedAt' | 'device' | 'deviceInfo'>): SubgroupFacts {
  const model = [report.deviceInfo.manufacturer, report.deviceInfo.model].filter((s): s is string => s !== null && s.trim() !== '').join(' ')
  return {
    kind: report.kind,
    ageBand: evalAgeBand(report.patient.birthDate, report.observedAt ?? report.receivedAt),
    sex: normaliseSex(report.patient.sex),
    deviceModel: model !== '' ? model : report.device?.trim() || 'unknown',
  }
}

export interface SubgroupResult {
  dimension: SubgroupDimension
  value: string
  reports: number
  /** Fewer reports than the minimum: point values are shown, but no interval or test, and no conclusion should be drawn. */
  tooSmall: boolean
  comparison: PairedComparison
}

/**
 * Every value of every dimension that occurs, largest subgroup first (then by name), none hidden.
 * `facts` gives each report's subgroup values by report id.
 */
export function compareSubgroups(
  baseline: readonly ReportMetrics[],
  candidate: readonly ReportMetrics[],
  facts: ReadonlyMap<number, SubgroupFacts>,
  opts: CompareOptions & { minSize?: number },
): SubgroupResult[] {
  const minSize = opts.minSize ?? DEFAULT_MIN_SUBGROUP_SIZE
  const [a, b] = pairRows(baseline, candidate)
  const missing = a.find((m) => !facts.has(m.reportId))
  if (missing) throw new RangeError(`no subgroup facts for report ${missing.reportId}`)
  const out: SubgroupResult[] = []
  for (const dimension of SUBGROUP_DIMENSIONS) {
    const groups = new Map<string, number[]>()
    a.forEach((m, i) => {
      const value = facts.get(m.reportId)![dimension]
      const list = groups.get(value) ?? []
      list.push(i)
      groups.set(value, list)
    })
    const ordered = [...groups].sort(([v1, i1], [v2, i2]) => i2.length - i1.length || (v1 < v2 ? -1 : v1 > v2 ? 1 : 0))
    for (const [value, idx] of ordered) {
      const tooSmall = idx.length < minSize
      const comparison = comparePaired(idx.map((i) => a[i]!), idx.map((i) => b[i]!), { ...opts, pointOnly: tooSmall || opts.pointOnly === true })
      out.push({ dimension, value, reports: idx.length, tooSmall, comparison })
    }
  }
  return out
}
