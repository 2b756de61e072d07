// Rule kind "threshold": fires when a value is below/at or below a lower limit or above/at or above an upper one.
import type { Observation } from '../../../shared/contract/reports'
import type { Finding } from '../../../shared/domain/findings'
import { isAbove, isBelow, symbol, words, type Tri } from '../comparison'
import { describeFlag, disagreementOnFiring, flagMeaning, isCriticalFlag } from '../deviceFlag'
import { displayUnit, makeFinding, notEvaluatedFinding } from '../finding'
import { formatNumber } from '../template'
import type { Measured } from '../measure'
import type { ThresholdRule } from '../ruleSchema'
import type { CompiledRule, EvalContext } from '../types'

interface Limit {
  side: 'above' | 'below'
  value: number
  inclusive: boolean
  /** Where the limit came from, when that needs saying (an assay's 99th percentile from the device). */
  note: string
}

function limitsOf(rule: ThresholdRule, m: Measured): Limit[] {
  const limits: Limit[] = []
  if (rule.below !== undefined) limits.push({ side: 'below', value: rule.below, inclusive: false, note: '' })
  if (rule.at_or_below !== undefined) limits.push({ side: 'below', value: rule.at_or_below, inclusive: true, note: '' })
  if (rule.above_device_ref_high === true && m.refHigh !== null) {
    limits.push({ side: 'above', value: m.refHigh, inclusive: false, note: "limit from the device's own reference range (the assay's upper reference limit)" })
  } else if (rule.above !== undefined) {
    const note = rule.above_device_ref_high === true ? 'limit from the rule file: the device sent no reference range' : ''
    limits.push({ side: 'above', value: rule.above, inclusive: false, note })
  } else if (rule.at_or_above !== undefined) {
    limits.push({ side: 'above', value: rule.at_or_above, inclusive: true, note: '' })
  }
  return limits
}

function crosses(m: Measured, limit: Limit): Tri {
  return limit.side === 'above'
    ? isAbove(m.value, m.comparator, limit.value, limit.inclusive)
    : isBelow(m.value, m.comparator, limit.value, limit.inclusive)
}

function describeLimits(limits: Limit[]): string {
  return limits.map((l) => `${symbol(l.side, l.inclusive)} ${l.value}`).join(' or ')
}

export function evaluateThreshold(compiled: CompiledRule<ThresholdRule>, obs: Observation, m: Measured, unit: string, ctx: EvalContext): Finding | null {
  const { rule } = compiled
  const limits = limitsOf(rule, m)
  if (limits.length === 0) {
    return notEvaluatedFinding(compiled, ctx, 'no limit to compare with: the device sent no reference range and the rule sets none', [obs.id], obs.deviceFlag)
  }
  let undecided = false
  for (const limit of limits) {
    const answer = crosses(m, limit)
    if (answer === 'unknown') undecided = true
    if (answer !== 'yes') continue
    const side = limit.side === 'above' ? 'high' : 'low'
    const values: Record<string, number | string> = {
      value: m.value,
      unit,
      threshold: limit.value,
      comparison: symbol(limit.side, limit.inclusive),
    }
    if (m.comparator !== '') values.comparator = m.comparator
    if (m.observed !== undefined) values.observed = m.observed
    if (limit.note !== '') values.note = limit.note
    return makeFinding(compiled, ctx, {
      severity: rule.severity,
      values,
      words: { value: `${m.comparator}${formatNumber(m.value)}`, unit: displayUnit(unit), direction: words(limit.side, limit.inclusive), note: limit.note },
      observationIds: [obs.id],
      deviceFlag: obs.deviceFlag,
      disagreement: disagreementOnFiring(obs.deviceFlag, side, rule.severity, rule.id),
    })
  }
  if (undecided) {
    const reason = `value reported as "${m.comparator}${formatNumber(m.value)} ${displayUnit(unit)}" cannot be compared with ${describeLimits(limits)}`
    return notEvaluatedFinding(compiled, ctx, reason, [obs.id], obs.deviceFlag)
  }
  return criticalFlagNotMatched(compiled, obs, m, unit, limits, ctx)
}

// A device that calls a value critical while the critical rule does not fire must not be lost.
function criticalFlagNotMatched(compiled: CompiledRule<ThresholdRule>, obs: Observation, m: Measured, unit: string, limits: Limit[], ctx: EvalContext): Finding | null {
  const { rule } = compiled
  if (rule.severity !== 'critical') return null
  const meaning = flagMeaning(obs.deviceFlag)
  if (obs.deviceFlag === null || !isCriticalFlag(meaning) || meaning === undefined) return null
  const relevant = limits.filter((l) => meaning === 'critical' || (meaning === 'critical_high' ? l.side === 'above' : l.side === 'below'))
  if (relevant.length === 0) return null
  const disagreement = `${describeFlag(obs.deviceFlag, meaning)}; rule ${rule.id} finds ${formatNumber(m.value)} ${displayUnit(unit)} inside its critical limits (${describeLimits(relevant)})`
  return {
    ruleId: rule.id,
    ruleSetVersion: ctx.ruleSetVersion,
    severity: 'info',
    title: rule.title,
    message: `${rule.title}: the device flagged this value as critical; the rule's limits are not reached.`,
    source: rule.source,
    observationIds: [obs.id],
    values: { value: m.value, unit, limits: describeLimits(relevant) },
    deviceFlag: obs.deviceFlag,
    disagreement,
  }
}

