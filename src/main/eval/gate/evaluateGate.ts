// Applies a release gate to a candidate and its baseline on the same reports: pass or fail, with a reason per criterion.
import { comparePaired, type MetricComparison } from '../compare'
import type { MetricName } from '../metricDefinitions'
import type { ReportMetrics } from '../types'
import type { Criterion } from './gateSchema'
import type { Gate } from './loadGate'

export interface CriterionResult {
  id: string
  metric: MetricName
  rule: Criterion['rule']
  pass: boolean
  /** One sentence with the numbers: why it passed or failed. */
  reason: string
  baseline: number
  candidate: number
  difference: number
  interval: { low: number; high: number; level: number } | null
  pValue: number | null
}

export interface GateResult {
  pass: boolean
  gate: { name: string; revision: string; gateVersion: string }
  reports: number
  criteria: CriterionResult[]
  /** Why the gate failed, one line per failed check; empty when it passed. */
  reasons: string[]
}

// Differences computed from floating-point means can miss exact equality by a few ulps.
const EPS = 1e-12

function num(x: number): string {
  if (Number.isNaN(x)) return 'undefined'
  const r = Math.round(x * 1000) / 1000
  return (Object.is(r, -0) ? 0 : r).toString().replace('-', '−')
}

function valueText(m: MetricComparison, value: number, n: number): string {
  return m.kind === 'binary' ? `${Math.round(value * n)} of ${n}` : num(value)
}

function ci(m: MetricComparison): string {
  return m.interval ? `${Math.round(m.interval.level * 100)}% CI ${num(m.interval.low)} to ${num(m.interval.high)}` : 'no interval'
}

/** How much worse the candidate is, in the metric's units (positive = worse), for a difference x. */
function worsening(m: MetricComparison, x: number): number {
  return m.better === 'lower' ? x : -x
}

function judge(c: Criterion, m: MetricComparison, n: number): { pass: boolean; reason: string } {
  const label = m.label
  const diff = `candidate − baseline ${num(m.difference)} (${ci(m)})`
  switch (c.rule) {
    case 'no_increase': {
      const worse = worsening(m, m.difference) > c.margin + EPS
      const values = `${valueText(m, m.baseline, n)} with the baseline, ${valueText(m, m.candidate, n)} with the candidate`
      const allowed = c.margin > 0 ? `at most ${num(c.margin)} worse` : 'no worsening'
      return { pass: !worse, reason: `${label}: ${values}; ${worse ? 'worse than' : 'within'} the allowed ${allowed}.` }
    }
    case 'not_worse_beyond_interval':
    case 'non_inferior': {
      if (m.interval === null || Number.isNaN(m.interval.low) || Number.isNaN(m.interval.high)) {
        return { pass: false, reason: `${label}: no interval could be computed, so the candidate cannot be shown not to be worse.` }
      }
      const best = Math.min(worsening(m, m.interval.low), worsening(m, m.interval.high))
      const worst = Math.max(worsening(m, m.interval.low), worsening(m, m.interval.high))
      const margin = c.margin > 0 ? ` by more than the margin ${num(c.margin)}` : ''
      if (c.rule === 'not_worse_beyond_interval') {
        const pass = best <= c.margin + EPS
        return { pass, reason: `${label}: ${diff}; ${pass ? 'not' : 'the whole interval is'} worse${margin}${pass ? ' beyond the interval' : ''}.` }
      }
      const pass = worst <= c.margin + EPS
      return { pass, reason: `${label}: ${diff}; the interval's worse end ${pass ? 'stays within' : 'goes beyond'} the tolerated ${num(c.margin)}.` }
    }
    case 'at_most':
    case 'at_least': {
      const pass = c.rule === 'at_most' ? m.candidate <= c.value + EPS : m.candidate >= c.value - EPS
      const bound = `${c.rule === 'at_most' ? 'at most' : 'at least'} ${num(c.value)}`
      return { pass, reason: `${label}: the candidate's ${num(m.candidate)} ${pass ? 'is' : 'is not'} ${bound}.` }
    }
  }
}

/** Runs the paired comparison the gate's criteria need, with the gate's own statistics settings, and judges each criterion. */
export function evaluateGate(gate: Gate, baseline: readonly ReportMetrics[], candidate: readonly ReportMetrics[]): GateResult {
  const metrics = [...new Set(gate.criteria.map((c) => c.metric))]
  const comparison = comparePaired(baseline, candidate, { seed: gate.statistics.seed, resamples: gate.statistics.resamples, level: gate.statistics.level, metrics })
  const n = comparison.reports
  const byMetric = new Map(comparison.metrics.map((m) => [m.metric, m]))
  const criteria = gate.criteria.map((c): CriterionResult => {
    const m = byMetric.get(c.metric)!
    const { pass, reason } = judge(c, m, n)
    return {
      id: c.id,
      metric: c.metric,
      rule: c.rule,
      pass,
      reason,
      baseline: m.baseline,
      candidate: m.candidate,
      difference: m.difference,
      interval: m.interval ? { low: m.interval.low, high: m.interval.high, level: m.interval.level } : null,
      pValue: m.test?.pValue ?? null,
    }
  })
  const reasons = criteria.filter((c) => !c.pass).map((c) => `${c.id}: ${c.reason}`)
  if (n < gate.minReports) reasons.unshift(`Only ${n} paired reports; the gate needs at least ${gate.minReports} to judge a candidate.`)
  return { pass: reasons.length === 0, gate: { name: gate.name, revision: gate.revision, gateVersion: gate.gateVersion }, reports: n, criteria, reasons }
}
