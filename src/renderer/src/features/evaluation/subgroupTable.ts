// The subgroup table's rows: every subgroup by dimension, its count, the few metrics that matter most, and a
// "too small" mark in place of an interval (small subgroups are listed, never hidden).
import { formatDifference, formatInterval, type MetricKind, type Verdict } from './evalFormat'

export const DIMENSION_LABELS: Record<string, string> = {
  kind: 'Report kind',
  ageBand: 'Age band',
  sex: 'Sex',
  deviceModel: 'Device model',
}

/** The columns of the subgroup table: safety first, then agreement and workload. */
export const SUBGROUP_METRICS = ['missed_critical', 'evidence_failure', 'finding_f1', 'correction_rate'] as const

export interface SubgroupLike {
  dimension: string
  value: string
  reports: number
  tooSmall: boolean
  comparison: {
    metrics: {
      metric: string
      kind: MetricKind
      difference: number | null
      interval: { low: number | null; high: number | null; level: number } | null
      verdict: Verdict
    }[]
  }
}

export interface SubgroupCell {
  metric: string
  difference: string
  /** The interval, or why there is none. */
  interval: string
  verdict: Verdict
}

export interface SubgroupRow {
  value: string
  reports: number
  tooSmall: boolean
  cells: SubgroupCell[]
}

export interface SubgroupSection {
  dimension: string
  label: string
  rows: SubgroupRow[]
}

/** Sections in the order the dimensions first appear, rows in the order given (the analysis lists largest first). */
export function subgroupSections(subgroups: readonly SubgroupLike[], metrics: readonly string[] = SUBGROUP_METRICS): SubgroupSection[] {
  const sections: SubgroupSection[] = []
  for (const s of subgroups) {
    let section = sections.find((x) => x.dimension === s.dimension)
    if (section === undefined) {
      section = { dimension: s.dimension, label: DIMENSION_LABELS[s.dimension] ?? s.dimension, rows: [] }
      sections.push(section)
    }
    const cells = metrics.map((name): SubgroupCell => {
      const m = s.comparison.metrics.find((x) => x.metric === name)
      if (m === undefined) return { metric: name, difference: '—', interval: 'not compared', verdict: 'unclear' }
      return {
        metric: name,
        difference: formatDifference(m.kind, m.difference),
        interval: s.tooSmall ? 'too small to judge' : formatInterval(m.kind, m.interval),
        // A point difference in a small subgroup is no evidence either way.
        verdict: s.tooSmall ? 'unclear' : m.verdict,
      }
    })
    section.rows.push({ value: s.value, reports: s.reports, tooSmall: s.tooSmall, cells })
  }
  return sections
}
