// Rule kind "bp_category": 2017 ACC/AHA category of averaged readings; the higher of the systolic and diastolic categories wins.
import { displayUnit, makeFinding, notEvaluatedFinding } from '../finding'
import { measure } from '../measure'
import type { Bound, BpRule } from '../ruleSchema'
import type { CompiledRule, CompiledReportRule, ReportRuleRun } from '../types'
import type { UnitTarget } from '../conversion'
import type { Observation } from '../../../shared/contract/reports'
import { bpReadings } from '../../../shared/domain/bloodPressure'

interface Average {
  value: number
  readings: number
}

function reaches(value: number, bound: Bound | undefined): boolean {
  if (bound === undefined) return false
  if (bound.above !== undefined) return value > bound.above
  if (bound.at_or_above !== undefined) return value >= bound.at_or_above
  return false
}

/** Index of the highest category the value reaches on its side; 0 (the base category) when none. */
function categoryIndex(rule: BpRule, side: 'systolic' | 'diastolic', value: number | undefined): number {
  if (value === undefined) return 0
  for (let i = rule.categories.length - 1; i > 0; i--) {
    if (reaches(value, rule.categories[i]?.[side])) return i
  }
  return 0
}

export function compileBpRule(compiled: CompiledRule<BpRule>, target: UnitTarget, slots: { systolic: number; diastolic: number }): CompiledReportRule {
  const { rule } = compiled

  /**
   * Readings that cannot be real (flagged at import, or a pair outside the shared plausibility limits) are
   * left out of the average, and a finding says so: a clinician must see that they were not counted.
   */
  function implausibleIds(run: ReportRuleRun): Set<number> {
    const both = [...(run.collected[slots.systolic] ?? []), ...(run.collected[slots.diastolic] ?? [])].sort((a, b) => a.seq - b.seq)
    const ids = new Set<number>()
    for (const reading of bpReadings(both)) {
      if (reading.implausible !== undefined) for (const o of reading.observations) ids.add(o.id)
    }
    return ids
  }

  function reportExcluded(run: ReportRuleRun, side: 'systolic' | 'diastolic', left: readonly Observation[]): void {
    if (left.length === 0) return
    const reason = `${left.length} implausible ${side} reading(s) left out of the average`
    run.findings.push(notEvaluatedFinding(compiled, run.ctx, reason, left.map((o) => o.id), left[0]?.deviceFlag))
  }

  // The device's average when it sent one; else the mean of this report's readings of the code.
  function average(run: ReportRuleRun, side: 'systolic' | 'diastolic', used: number[], implausible: ReadonlySet<number>): Average | undefined {
    const all = run.collected[slots[side]] ?? []
    const readings = all.filter((o) => !implausible.has(o.id))
    reportExcluded(
      run,
      side,
      all.filter((o) => implausible.has(o.id)),
    )
    const metric = run.ctx.report.metrics[rule[side].metric]
    if (metric !== undefined && Number.isFinite(metric)) {
      for (const obs of readings) used.push(obs.id)
      const count = run.ctx.report.metrics['bp.readings']
      return { value: round1(metric), readings: count !== undefined && Number.isFinite(count) ? count : readings.length }
    }
    let sum = 0
    let n = 0
    for (const obs of readings) {
      const m = measure(obs, target, false)
      if (m === null) continue
      if (!m.ok || m.comparator !== '') {
        const reason = m.ok ? `${side} reading reported as a bound ("${m.comparator}${m.value}") left out of the average` : `${side} reading left out: ${m.reason}`
        run.findings.push(notEvaluatedFinding(compiled, run.ctx, reason, [obs.id], obs.deviceFlag))
        continue
      }
      sum += m.value
      n++
      used.push(obs.id)
    }
    return n > 0 ? { value: round1(sum / n), readings: n } : undefined
  }

  return {
    compiled,
    evaluate(run: ReportRuleRun): void {
      const used: number[] = []
      const implausible = implausibleIds(run)
      const sys = average(run, 'systolic', used, implausible)
      const dia = average(run, 'diastolic', used, implausible)
      if (sys === undefined && dia === undefined) return
      const index = Math.max(categoryIndex(rule, 'systolic', sys?.value), categoryIndex(rule, 'diastolic', dia?.value))
      const category = rule.categories[index]
      if (category === undefined) return
      const values: Record<string, number | string> = { category: category.name, label: category.label, unit: rule.unit }
      if (sys !== undefined) values.systolic = sys.value
      if (dia !== undefined) values.diastolic = dia.value
      values.readings = Math.max(sys?.readings ?? 0, dia?.readings ?? 0)
      const missing = sys === undefined ? 'systolic' : dia === undefined ? 'diastolic' : undefined
      if (missing !== undefined) values.note = `${missing} not reported: category from the ${missing === 'systolic' ? 'diastolic' : 'systolic'} value alone`
      run.findings.push(
        makeFinding(compiled, run.ctx, {
          severity: category.severity,
          values,
          words: {
            unit: displayUnit(rule.unit),
            systolic: sys === undefined ? '—' : String(sys.value),
            diastolic: dia === undefined ? '—' : String(dia.value),
            note: typeof values.note === 'string' ? values.note : '',
          },
          observationIds: used,
        }),
      )
    },
  }
}

// Averages are rounded to one decimal before categorising, so the value shown and its category agree.
function round1(value: number): number {
  return Math.round(value * 10) / 10
}
