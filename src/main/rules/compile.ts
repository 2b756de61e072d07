// Turns a loaded rule set into look-up tables (system → code → rules) once, so evaluating a report is a few map reads.
import { isLoincSystem, loincEntry } from '../ingest/loinc'
import { toUcum } from '../ingest/units'
import { UnitTarget } from './conversion'
import { compileBpRule } from './kinds/bpCategory'
import { evaluateChange } from './kinds/changeFromPrevious'
import { compileMetricTarget } from './kinds/metricTarget'
import { evaluateReferenceRange } from './kinds/referenceRange'
import { evaluateThreshold } from './kinds/threshold'
import type { RuleSet } from './ruleFile'
import type { CodeRef, ObservationRule, Rule } from './ruleSchema'
import { compileTemplate } from './template'
import type { CompiledReportRule, CompiledRule, IndexEntry, ObservationEntry } from './types'

export interface CompiledRuleSet {
  ruleSetVersion: string
  /** Normalised system → code → entries, in rule-file order. */
  index: ReadonlyMap<string, ReadonlyMap<string, readonly IndexEntry[]>>
  reportRules: readonly CompiledReportRule[]
  /** Number of collection slots report rules use. */
  slotCount: number
  /** Rule id → ids of the rules whose findings it replaces. */
  supersedes: ReadonlyMap<string, ReadonlySet<string>>
}

/** "LN", "http://loinc.org" → "LOINC"; other systems upper-cased ("mdc" → "MDC"). */
export function systemKey(system: string): string {
  const s = system.trim()
  return isLoincSystem(s) ? 'LOINC' : s.toUpperCase()
}

// IEEE 11073 reference ids are written in mixed case by some writers (MDC_ECG_TIME_PD_QTc).
export function codeKey(system: string, code: string): string {
  const c = code.trim()
  return system === 'MDC' ? c.toUpperCase() : c
}

function ucumOf(unit: string): string {
  const mapped = toUcum(unit)
  // The loader refuses non-UCUM units, so this only guards a hand-built RuleSet.
  if ('unmapped' in mapped) throw new Error(`rule unit ${JSON.stringify(unit)} is not UCUM: ${mapped.reason}`)
  return mapped.ucum
}

function unitTargetFor(ref: CodeRef, unit: string): { target: UnitTarget; unitless: boolean } {
  const entry = loincEntry({ system: systemKey(ref.system), code: ref.code.trim() })
  const target = new UnitTarget(ucumOf(unit), { molarMassGPerMol: entry?.molarMassGPerMol, charge: entry?.charge })
  return { target, unitless: entry?.unitless === true }
}

function observationEntry(rule: ObservationRule, ref: CodeRef): ObservationEntry {
  const { target, unitless } = unitTargetFor(ref, ref.unit ?? rule.unit ?? '')
  const unit = target.unit
  const template = compileTemplate(rule.message)
  const base = { type: 'observation' as const, target, unitless }
  switch (rule.kind) {
    case 'threshold': {
      const compiled = { rule, template }
      return { ...base, compiled, evaluate: (obs, m, ctx) => evaluateThreshold(compiled, obs, m, unit, ctx) }
    }
    case 'reference_range': {
      const compiled = { rule, template }
      return { ...base, compiled, evaluate: (obs, m, ctx) => evaluateReferenceRange(compiled, obs, m, unit, ctx) }
    }
    case 'change_from_previous': {
      const compiled = { rule, template }
      const entry: ObservationEntry = { ...base, compiled, evaluate: (obs, m, ctx) => evaluateChange(compiled, entry, obs, m, ctx) }
      return entry
    }
  }
}

class IndexBuilder {
  readonly index = new Map<string, Map<string, IndexEntry[]>>()
  add(system: string, code: string, entry: IndexEntry): void {
    const sys = systemKey(system)
    let byCode = this.index.get(sys)
    if (byCode === undefined) {
      byCode = new Map()
      this.index.set(sys, byCode)
    }
    const key = codeKey(sys, code)
    const list = byCode.get(key)
    if (list === undefined) byCode.set(key, [entry])
    else list.push(entry)
  }
}

/** Precompiles a rule set; do it once per rule set, not per report. */
export function compileRuleSet(ruleSet: RuleSet): CompiledRuleSet {
  const builder = new IndexBuilder()
  const reportRules: CompiledReportRule[] = []
  const supersedes = new Map<string, ReadonlySet<string>>()
  let slotCount = 0
  for (const rule of ruleSet.rules as readonly Rule[]) {
    if (rule.supersedes !== undefined && rule.supersedes.length > 0) supersedes.set(rule.id, new Set(rule.supersedes))
    switch (rule.kind) {
      case 'threshold':
      case 'reference_range':
      case 'change_from_previous':
        for (const ref of rule.applies_to) builder.add(ref.system, ref.code, observationEntry(rule, ref))
        break
      case 'bp_category': {
        const slots = { systolic: slotCount++, diastolic: slotCount++ }
        builder.add(rule.systolic.system, rule.systolic.code, { type: 'collect', slot: slots.systolic })
        builder.add(rule.diastolic.system, rule.diastolic.code, { type: 'collect', slot: slots.diastolic })
        const compiled: CompiledRule<typeof rule> = { rule, template: compileTemplate(rule.message) }
        reportRules.push(compileBpRule(compiled, new UnitTarget(ucumOf(rule.unit), {}), slots))
        break
      }
      case 'metric_target':
        reportRules.push(compileMetricTarget({ rule, template: compileTemplate(rule.message) }))
        break
    }
  }
  return { ruleSetVersion: ruleSet.ruleSetVersion, index: builder.index, reportRules, slotCount, supersedes }
}

/**
 * The codes a rule set looks at, by normalised system ("LOINC", "MDC", ...). A caller reading stored
 * reports can load only these observations: CGM reports hold thousands of sensor readings no rule reads.
 * Metric rules need report.metrics, which this does not cover.
 */
export function codesOf(set: CompiledRuleSet): { system: string; code: string }[] {
  const codes: { system: string; code: string }[] = []
  for (const [system, byCode] of set.index) for (const code of byCode.keys()) codes.push({ system, code })
  return codes
}
