// Builds findings from a rule and the values it used: renders the message, records the device flag.
import { displayUnit } from '../../shared/domain/displayUnit'
import type { Finding, Severity } from '../../shared/domain/findings'
import { renderTemplate } from './template'
import type { CompiledRule, EvalContext } from './types'

export { displayUnit }

export interface FindingParts {
  severity: Severity
  /** Recorded on the finding; numbers are formatted for the message. */
  values: Record<string, number | string>
  /** Placeholders shown in the message only (display unit, words). */
  words?: Record<string, string>
  observationIds: number[]
  deviceFlag?: string | null
  disagreement?: string
}

// A converted value is also shown as the device printed it, so the reader can match it to the report.
function withObserved(message: string, observed: number | string | undefined): string {
  return typeof observed === 'string' ? `${message} (Reported as ${observed}.)` : message
}

export function makeFinding(compiled: CompiledRule, ctx: EvalContext, parts: FindingParts): Finding {
  const { rule } = compiled
  const render: Record<string, string | number> = { ...parts.values, ...parts.words }
  const finding: Finding = {
    ruleId: rule.id,
    ruleSetVersion: ctx.ruleSetVersion,
    severity: parts.severity,
    title: rule.title,
    message: withObserved(renderTemplate(compiled.template, render), parts.values.observed),
    source: rule.source,
    observationIds: parts.observationIds,
    values: parts.values,
  }
  if (parts.deviceFlag !== undefined && parts.deviceFlag !== null && parts.deviceFlag !== '') finding.deviceFlag = parts.deviceFlag
  if (parts.disagreement !== undefined) finding.disagreement = parts.disagreement
  return finding
}

/** The rule applies but cannot be applied: say so, never compare silently. */
export function notEvaluatedFinding(
  compiled: CompiledRule,
  ctx: EvalContext,
  reason: string,
  observationIds: number[],
  deviceFlag?: string | null,
): Finding {
  const text = `not evaluated: ${reason}`
  const finding: Finding = {
    ruleId: compiled.rule.id,
    ruleSetVersion: ctx.ruleSetVersion,
    severity: 'info',
    title: compiled.rule.title,
    message: `${compiled.rule.title}: ${text}.`,
    source: compiled.rule.source,
    observationIds,
    values: {},
    notEvaluated: text,
  }
  if (deviceFlag !== undefined && deviceFlag !== null && deviceFlag !== '') finding.deviceFlag = deviceFlag
  return finding
}
