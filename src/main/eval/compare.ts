// Paired comparison of a candidate with the baseline on the same reports: differences, bootstrap intervals, exact and randomisation tests.
import { METRIC_NAMES, METRICS, type MetricDefinition, type MetricName } from './metricDefinitions'
import { pairedBootstrap, type DifferenceInterval } from './stats/bootstrap'
import { mcnemarPaired } from './stats/mcnemar'
import { pairedRandomisation } from './stats/randomisation'
import { statistic, type PairedSeries } from './stats/series'
import type { ReportMetrics } from './types'

export interface CompareOptions {
  seed: number
  /** Bootstrap resamples, ≥ 1,000; default 10,000. */
  resamples?: number
  /** Approximate randomisation rounds; default 10,000. */
  rounds?: number
  level?: number
  /** Metrics to compare; default all. */
  metrics?: readonly MetricName[]
  /** Point estimates only (no intervals, no tests): for subgroups below the minimum size. */
  pointOnly?: boolean
}

export interface MetricComparison {
  metric: MetricName
  label: string
  kind: MetricDefinition['kind']
  better: MetricDefinition['better']
  baseline: number
  candidate: number
  /** Candidate − baseline. */
  difference: number
  interval: Pick<DifferenceInterval, 'low' | 'high' | 'level' | 'resamples' | 'seed'> | null
  test: { name: 'mcnemar-exact'; pValue: number; baselineOnly: number; candidateOnly: number } | { name: 'approximate-randomisation'; pValue: number; rounds: number; exact: boolean } | null
  /** 'better' or 'worse' only when the interval excludes 0; without an interval, 'unclear'. */
  verdict: 'better' | 'worse' | 'no clear difference' | 'unclear'
}

export interface PairedComparison {
  reports: number
  metrics: MetricComparison[]
}

/** Pairs the two versions' rows by report id; both must cover exactly the same reports. */
export function pairRows(baseline: readonly ReportMetrics[], candidate: readonly ReportMetrics[]): [ReportMetrics[], ReportMetrics[]] {
  const byId = new Map(candidate.map((m) => [m.reportId, m]))
  if (byId.size !== candidate.length) throw new RangeError('the candidate has more than one result for a report')
  const a = [...baseline].sort((x, y) => x.reportId - y.reportId)
  const missing = a.filter((m) => !byId.has(m.reportId)).map((m) => m.reportId)
  const extra = candidate.length - (a.length - missing.length)
  if (missing.length > 0 || extra > 0 || new Set(a.map((m) => m.reportId)).size !== a.length) {
    const ids = missing.slice(0, 5).join(', ')
    throw new RangeError(`the versions were not evaluated on the same reports${missing.length ? `: the candidate lacks report ${ids}${missing.length > 5 ? ', …' : ''}` : ''}${extra > 0 ? `; it has ${extra} report(s) the baseline lacks` : ''}`)
  }
  return [a, a.map((m) => byId.get(m.reportId)!)]
}

function seriesOf(def: MetricDefinition, a: readonly ReportMetrics[], b: readonly ReportMetrics[]): PairedSeries {
  const s: PairedSeries = { a: a.map(def.value), b: b.map(def.value) }
  if (def.weight !== undefined) {
    s.aDen = a.map(def.weight)
    s.bDen = b.map(def.weight)
  }
  return s
}

function verdict(def: MetricDefinition, low: number, high: number): MetricComparison['verdict'] {
  if (Number.isNaN(low) || Number.isNaN(high)) return 'unclear'
  const improves = def.better === 'higher' ? low > 0 : high < 0
  const worsens = def.better === 'higher' ? high < 0 : low > 0
  return improves ? 'better' : worsens ? 'worse' : 'no clear difference'
}

/**
 * Every metric's baseline and candidate values and candidate − baseline, with a paired bootstrap
 * interval (the same resamples for all metrics) and a paired test: McNemar's exact test for binary
 * metrics, approximate randomisation for continuous ones and ratios.
 */
export function comparePaired(baseline: readonly ReportMetrics[], candidate: readonly ReportMetrics[], opts: CompareOptions): PairedComparison {
  const [a, b] = pairRows(baseline, candidate)
  const names = opts.metrics ?? METRIC_NAMES
  const defs: MetricDefinition[] = names.map((n) => METRICS[n])
  const series = defs.map((d) => seriesOf(d, a, b))
  const withIntervals = !opts.pointOnly && a.length > 0
  const intervals = withIntervals ? pairedBootstrap(series, { seed: opts.seed, ...(opts.resamples !== undefined ? { resamples: opts.resamples } : {}), ...(opts.level !== undefined ? { level: opts.level } : {}) }) : []
  const metrics = names.map((name, k): MetricComparison => {
    const def = defs[k]!
    const s = series[k]!
    const base = statistic(s.a, s.aDen)
    const cand = statistic(s.b, s.bDen)
    const ci = intervals[k]
    let test: MetricComparison['test'] = null
    if (withIntervals) {
      if (def.kind === 'binary') {
        const r = mcnemarPaired(s.a as number[], s.b as number[])
        test = { name: 'mcnemar-exact', pValue: r.pValue, baselineOnly: r.baselineOnly, candidateOnly: r.candidateOnly }
      } else {
        const r = pairedRandomisation(s, { seed: opts.seed + k + 1, ...(opts.rounds !== undefined ? { rounds: opts.rounds } : {}) })
        test = { name: 'approximate-randomisation', pValue: r.pValue, rounds: r.rounds, exact: r.exact }
      }
    }
    return {
      metric: name,
      label: def.label,
      kind: def.kind,
      better: def.better,
      baseline: base,
      candidate: cand,
      difference: cand - base,
      interval: ci ? { low: ci.low, high: ci.high, level: ci.level, resamples: ci.resamples, seed: ci.seed } : null,
      test,
      verdict: ci ? verdict(def, ci.low, ci.high) : 'unclear',
    }
  })
  return { reports: a.length, metrics }
}
