// Rule kind "metric_target": a report metric (or a sum of several: CGM time below 70 %) against a target.
import { displayUnit, makeFinding, notEvaluatedFinding } from '../finding'
import type { MetricTargetRule, Target } from '../ruleSchema'
import { formatNumber } from '../template'
import type { CompiledReportRule, CompiledRule, ReportRuleRun } from '../types'

function meets(value: number, target: Target): boolean {
  if (target.above !== undefined && !(value > target.above)) return false
  if (target.at_or_above !== undefined && !(value >= target.at_or_above)) return false
  if (target.below !== undefined && !(value < target.below)) return false
  if (target.at_or_below !== undefined && !(value <= target.at_or_below)) return false
  return true
}

function describeTarget(target: Target, unit: string): string {
  const parts: string[] = []
  if (target.above !== undefined) parts.push(`> ${formatNumber(target.above)}`)
  if (target.at_or_above !== undefined) parts.push(`≥ ${formatNumber(target.at_or_above)}`)
  if (target.below !== undefined) parts.push(`< ${formatNumber(target.below)}`)
  if (target.at_or_below !== undefined) parts.push(`≤ ${formatNumber(target.at_or_below)}`)
  return `${parts.join(' and ')}${unit === '' ? '' : ` ${displayUnit(unit)}`}`
}

export function compileMetricTarget(compiled: CompiledRule<MetricTargetRule>): CompiledReportRule {
  const { rule } = compiled
  const metricNames = rule.metrics.join(' + ')
  const targetText = rule.target === undefined ? '' : describeTarget(rule.target, rule.unit)
  return {
    compiled,
    evaluate(run: ReportRuleRun): void {
      const metrics = run.ctx.report.metrics
      let sum = 0
      const missing: string[] = []
      for (const name of rule.metrics) {
        const value = metrics[name]
        if (value === undefined || !Number.isFinite(value)) missing.push(name)
        else sum += value
      }
      // Reports without any of the metrics are not this rule's business (a lab report has no AGP).
      if (missing.length === rule.metrics.length) return
      if (missing.length > 0) {
        run.findings.push(notEvaluatedFinding(compiled, run.ctx, `metric ${missing.join(', ')} missing`, []))
        return
      }
      // Shares summed from floating-point percentages (1.5 + 2.5) must land exactly on the boundary.
      const value = Number(sum.toPrecision(12))
      const met = rule.target === undefined || meets(value, rule.target)
      if (met && rule.target !== undefined && !rule.report_met) return
      const values: Record<string, number | string> = { value, unit: rule.unit, metric: metricNames }
      if (rule.target !== undefined) {
        values.target = targetText
        values.met = met ? 'yes' : 'no'
      }
      run.findings.push(
        makeFinding(compiled, run.ctx, {
          severity: met && rule.target !== undefined ? 'info' : rule.severity,
          values,
          words: { unit: displayUnit(rule.unit) },
          observationIds: [],
        }),
      )
    },
  }
}
