// Evaluates one stored report against a compiled rule set: pure, no I/O except the caller's look-up of previous values.
import type { Observation } from '../../shared/contract/reports'
import { SEVERITY_RANK, type Finding } from '../../shared/domain/findings'
import { codeKey, codesOf, compileRuleSet, systemKey, type CompiledRuleSet } from './compile'
import { notEvaluatedFinding } from './finding'
import { measure } from './measure'
import { ageInMonths, normaliseSex, selectorsMatch } from './patient'
import type { RuleSet } from './ruleFile'
import type { EvalContext, EvaluateInput, IndexEntry, ObservationEntry } from './types'

export type { EvaluateInput, PriorLookup, PriorValue, ReportInput } from './types'

// Results that must not be interpreted: withdrawn by the sender.
const SKIPPED_STATUSES: ReadonlySet<string> = new Set(['entered-in-error', 'cancelled'])

const compiledCache = new WeakMap<RuleSet, CompiledRuleSet>()

function compiledOf(ruleSet: RuleSet | CompiledRuleSet): CompiledRuleSet {
  if ('index' in ruleSet) return ruleSet
  let compiled = compiledCache.get(ruleSet)
  if (compiled === undefined) {
    compiled = compileRuleSet(ruleSet)
    compiledCache.set(ruleSet, compiled)
  }
  return compiled
}

function entriesFor(set: CompiledRuleSet, obs: Observation): readonly IndexEntry[] | undefined {
  // Most stored observations already use the normalised system label; try it before normalising.
  let byCode = set.index.get(obs.codeSystem)
  let system = obs.codeSystem
  if (byCode === undefined) {
    system = systemKey(obs.codeSystem)
    byCode = set.index.get(system)
    if (byCode === undefined) return undefined
  }
  // Only MDC codes need folding (mixed-case reference ids); skip the second look-up for the rest.
  return byCode.get(obs.code) ?? (system === 'MDC' ? byCode.get(codeKey(system, obs.code)) : undefined)
}

function evaluateEntry(entry: ObservationEntry, obs: Observation, ctx: EvalContext): Finding | null {
  const m = measure(obs, entry.target, entry.unitless)
  if (m === null) return null
  if (!m.ok) return notEvaluatedFinding(entry.compiled, ctx, m.reason, [obs.id], obs.deviceFlag)
  return entry.evaluate(obs, m, ctx)
}

// Reports without their own time take it from their first timed observation.
function firstObservedAt(observations: readonly Observation[]): string | null {
  for (const obs of observations) if (obs.observedAt !== null) return obs.observedAt
  return null
}

function sharesObservation(a: Finding, b: Finding): boolean {
  if (a.observationIds.length === 0 && b.observationIds.length === 0) return true
  return a.observationIds.some((id) => b.observationIds.includes(id))
}

// A fired rule replaces the findings of the rules it supersedes on the same observation (QTc > 500 over QTc ≥ 450).
function applySupersedes(set: CompiledRuleSet, findings: Finding[]): Finding[] {
  if (set.supersedes.size === 0 || findings.length < 2) return findings
  const dropped = new Set<Finding>()
  for (const f of findings) {
    const replaces = set.supersedes.get(f.ruleId)
    if (replaces === undefined || f.notEvaluated !== undefined || (f.disagreement !== undefined && f.severity === 'info')) continue
    for (const g of findings) if (g !== f && replaces.has(g.ruleId) && sharesObservation(f, g)) dropped.add(g)
  }
  return dropped.size === 0 ? findings : findings.filter((f) => !dropped.has(f))
}

/**
 * Findings for one report, most severe first (rule-file order within a severity). Observations
 * entered in error or cancelled are skipped; every applicable rule that cannot be applied says why.
 */
export function evaluateReport(ruleSet: RuleSet | CompiledRuleSet, input: EvaluateInput): Finding[] {
  const set = compiledOf(ruleSet)
  const { report } = input
  const ctx: EvalContext = {
    ruleSetVersion: set.ruleSetVersion,
    report,
    sex: normaliseSex(report.patient.sex),
    ageMonths: ageInMonths(report.patient.birthDate, report.observedAt ?? firstObservedAt(report.observations)),
    co2RetentionRisk: report.patient.co2RetentionRisk === true,
    prior: input.prior,
  }
  const findings: Finding[] = []
  const collected: (Observation[] | undefined)[] = []
  for (const obs of report.observations) {
    if (SKIPPED_STATUSES.has(obs.status)) continue
    const entries = entriesFor(set, obs)
    if (entries === undefined) continue
    for (const entry of entries) {
      if (entry.type === 'collect') {
        const slot = collected[entry.slot]
        if (slot === undefined) collected[entry.slot] = [obs]
        else slot.push(obs)
        continue
      }
      if (!selectorsMatch(entry.compiled.rule, ctx)) continue
      const finding = evaluateEntry(entry, obs, ctx)
      if (finding !== null) findings.push(finding)
    }
  }
  for (const reportRule of set.reportRules) {
    if (selectorsMatch(reportRule.compiled.rule, ctx)) reportRule.evaluate({ ctx, collected, findings })
  }
  const kept = applySupersedes(set, findings)
  return kept.length < 2 ? kept : kept.sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity])
}

export { codesOf, compileRuleSet, type CompiledRuleSet }
