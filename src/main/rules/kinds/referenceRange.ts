// Rule kind "reference_range": outside the device's own range when it sends one, else the rule's (by sex and age).
import type { Observation } from '../../../shared/contract/reports'
import type { Finding } from '../../../shared/domain/findings'
import { isAbove, isBelow } from '../comparison'
import { describeFlag, disagreementOnFiring, flagMeaning } from '../deviceFlag'
import { displayUnit, makeFinding, notEvaluatedFinding } from '../finding'
import type { Measured } from '../measure'
import { ageMatches, sexMatches } from '../patient'
import type { ReferenceRangeRule } from '../ruleSchema'
import { formatNumber } from '../template'
import type { CompiledRule, EvalContext } from '../types'

interface Range {
  low: number | null
  high: number | null
  source: 'device' | 'rule'
  /** The band of the rule that matched ("female, age ≥ 15 y"), when it has bands. */
  band?: string
}

function describeBand(band: { sex?: string | undefined; age?: { min?: number | undefined; max?: number | undefined } | undefined }): string {
  const parts: string[] = []
  if (band.sex !== undefined) parts.push(band.sex === 'unknown' ? 'sex unknown' : band.sex)
  const age = band.age
  if (age?.min !== undefined && age.max !== undefined) parts.push(`age ${age.min}–<${age.max} y`)
  else if (age?.min !== undefined) parts.push(`age ≥ ${age.min} y`)
  else if (age?.max !== undefined) parts.push(`age < ${age.max} y`)
  return parts.join(', ')
}

function rangeFor(rule: ReferenceRangeRule, m: Measured, ctx: EvalContext): Range | null {
  if (rule.use_device_range && (m.refLow !== null || m.refHigh !== null)) return { low: m.refLow, high: m.refHigh, source: 'device' }
  for (const band of rule.ranges ?? []) {
    if (sexMatches(band.sex, ctx.sex) && ageMatches(band.age, ctx.ageMonths)) {
      return { low: band.low ?? null, high: band.high ?? null, source: 'rule', band: describeBand(band) }
    }
  }
  if (rule.low !== undefined || rule.high !== undefined) return { low: rule.low ?? null, high: rule.high ?? null, source: 'rule' }
  return null
}

function rangeText(range: Range, unit: string): string {
  const u = displayUnit(unit)
  if (range.low !== null && range.high !== null) return `${formatNumber(range.low)}–${formatNumber(range.high)} ${u}`.trim()
  if (range.low !== null) return `≥ ${formatNumber(range.low)} ${u}`.trim()
  return `≤ ${formatNumber(range.high ?? 0)} ${u}`.trim()
}

export function evaluateReferenceRange(compiled: CompiledRule<ReferenceRangeRule>, obs: Observation, m: Measured, unit: string, ctx: EvalContext): Finding | null {
  const { rule } = compiled
  const range = rangeFor(rule, m, ctx)
  if (range === null) {
    // A device-range-only rule has nothing to say without one; a rule with its own bands must say why none fit.
    const hasOwn = rule.low !== undefined || rule.high !== undefined || (rule.ranges?.length ?? 0) > 0
    return hasOwn ? notEvaluatedFinding(compiled, ctx, 'no reference range fits this patient (age or sex unknown or outside the rule\'s bands) and the device sent none', [obs.id], obs.deviceFlag) : null
  }
  // The range's ends are in range (3.5–5.1 includes 3.5 and 5.1).
  const low = range.low === null ? 'no' : isBelow(m.value, m.comparator, range.low, false)
  const high = range.high === null ? 'no' : isAbove(m.value, m.comparator, range.high, false)
  const side = low === 'yes' ? 'low' : high === 'yes' ? 'high' : undefined
  const values: Record<string, number | string> = { value: m.value, unit, range_source: range.source }
  if (range.band !== undefined) values.band = range.band
  if (range.low !== null) values.low = range.low
  if (range.high !== null) values.high = range.high
  if (m.comparator !== '') values.comparator = m.comparator
  if (m.observed !== undefined) values.observed = m.observed
  const words = {
    value: `${m.comparator}${formatNumber(m.value)}`,
    unit: displayUnit(unit),
    low: range.low === null ? '—' : formatNumber(range.low),
    high: range.high === null ? '—' : formatNumber(range.high),
    direction: side === 'low' ? 'below' : 'above',
    band: range.band === undefined ? '' : ` (${range.band})`,
  }
  if (side !== undefined) {
    values.threshold = side === 'low' ? (range.low ?? 0) : (range.high ?? 0)
    return makeFinding(compiled, ctx, {
      severity: rule.severity,
      values,
      words,
      observationIds: [obs.id],
      deviceFlag: obs.deviceFlag,
      disagreement: disagreementOnFiring(obs.deviceFlag, side, rule.severity, rule.id),
    })
  }
  if (low === 'unknown' || high === 'unknown') {
    return notEvaluatedFinding(compiled, ctx, `value reported as "${words.value} ${words.unit}" cannot be placed against the range ${rangeText(range, unit)}`, [obs.id], obs.deviceFlag)
  }
  return inRangeButFlagged(compiled, obs, values, words.value, range, unit, ctx)
}

// The device calls it abnormal, the range used says it is not: record both sides.
function inRangeButFlagged(compiled: CompiledRule<ReferenceRangeRule>, obs: Observation, values: Record<string, number | string>, shown: string, range: Range, unit: string, ctx: EvalContext): Finding | null {
  const meaning = flagMeaning(obs.deviceFlag)
  if (obs.deviceFlag === null || meaning === undefined || meaning === 'normal') return null
  const { rule } = compiled
  const within = `within the ${range.source === 'device' ? "device's own" : 'rule'} range ${rangeText(range, unit)}`
  return {
    ruleId: rule.id,
    ruleSetVersion: ctx.ruleSetVersion,
    severity: 'info',
    title: rule.title,
    message: `${rule.title}: ${shown} ${displayUnit(unit)} is ${within}, but the device flagged it ${obs.deviceFlag}.`,
    source: rule.source,
    observationIds: [obs.id],
    values,
    deviceFlag: obs.deviceFlag,
    disagreement: `${describeFlag(obs.deviceFlag, meaning)}; rule ${rule.id} finds the value ${within}`,
  }
}
