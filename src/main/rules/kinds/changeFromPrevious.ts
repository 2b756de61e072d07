// Rule kind "change_from_previous": compares a value with the patient's previous value of the same code.
import type { Observation } from '../../../shared/contract/reports'
import type { Finding } from '../../../shared/domain/findings'
import { toUcum } from '../../ingest/units'
import { displayUnit, makeFinding, notEvaluatedFinding } from '../finding'
import type { Measured } from '../measure'
import type { ChangeRule } from '../ruleSchema'
import { formatNumber } from '../template'
import type { CompiledRule, EvalContext, ObservationEntry } from '../types'

const DAY_MS = 86_400_000

function priorUnit(unit: string | null, unitless: boolean): string | null {
  if (unit === null || unit.trim() === '') return unitless ? '1' : null
  const mapped = toUcum(unit)
  return 'ucum' in mapped ? mapped.ucum : null
}

function tidy(value: number): number {
  return Number(value.toPrecision(12))
}

export function evaluateChange(compiled: CompiledRule<ChangeRule>, entry: ObservationEntry, obs: Observation, m: Measured, ctx: EvalContext): Finding | null {
  const { rule } = compiled
  const prior = ctx.prior(obs.codeSystem, obs.code)
  if (prior === undefined || !Number.isFinite(prior.value)) return null
  const ids = [obs.id, prior.observationId]
  if (m.comparator !== '') return notEvaluatedFinding(compiled, ctx, `value reported as "${m.comparator}${formatNumber(m.value)}": change not computed`, ids, obs.deviceFlag)
  const from = priorUnit(prior.unit, entry.unitless)
  const previous = from === null ? null : entry.target.convert(prior.value, from)
  if (previous === null) {
    return notEvaluatedFinding(compiled, ctx, `previous value's unit ${JSON.stringify(prior.unit ?? '')} unknown or not convertible to ${entry.target.unit}`, ids, obs.deviceFlag)
  }
  if (rule.within_days !== undefined) {
    const now = Date.parse(obs.observedAt ?? ctx.report.observedAt ?? '')
    const then = Date.parse(prior.observedAt)
    if (!Number.isFinite(now) || !Number.isFinite(then)) {
      return notEvaluatedFinding(compiled, ctx, 'the time between this value and the previous one is unknown', ids, obs.deviceFlag)
    }
    if (Math.abs(now - then) > rule.within_days * DAY_MS) return null
  }
  const delta = tidy(m.value - previous)
  const rose = rule.rise_above !== undefined && delta > rule.rise_above
  const fell = rule.fall_above !== undefined && -delta > rule.fall_above
  if (!rose && !fell) return null
  const values: Record<string, number | string> = {
    value: m.value,
    previous,
    delta,
    unit: entry.target.unit,
    threshold: (rose ? rule.rise_above : rule.fall_above) ?? 0,
    comparison: '>',
    previous_date: prior.observedAt,
    previous_report: prior.reportId,
  }
  if (m.observed !== undefined) values.observed = m.observed
  return makeFinding(compiled, ctx, {
    severity: rule.severity,
    values,
    words: { unit: displayUnit(entry.target.unit), direction: rose ? 'rise' : 'fall', delta: `${delta > 0 ? '+' : ''}${formatNumber(delta)}` },
    observationIds: ids,
    deviceFlag: obs.deviceFlag,
  })
}
