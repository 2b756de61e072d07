// The engine's input (a stored report and a look-up of the patient's previous values) and its compiled rule forms.
import type { Observation } from '../../shared/contract/reports'
import type { Finding, Severity } from '../../shared/domain/findings'
import type { UnitTarget } from './conversion'
import type { Measured } from './measure'
import type { Rule } from './ruleSchema'
import type { CompiledTemplate } from './template'

/** The patient's most recent earlier value of a code, from an earlier report. */
export interface PriorValue {
  value: number
  /** As stored: the device's unit string (mapped to UCUM here) or null. */
  unit: string | null
  observedAt: string
  observationId: number
  reportId: number
}

export type PriorLookup = (system: string, code: string) => PriorValue | undefined

export interface ReportInput {
  id: number
  kind: string
  observedAt: string | null
  metrics: Readonly<Record<string, number>>
  patient: {
    sex: string | null
    birthDate: string | null
    /** Known risk of CO2 retention (BTS 2017: 88–92 % SpO2 target). Off unless set. */
    co2RetentionRisk?: boolean
  }
  observations: readonly Observation[]
}

export interface EvaluateInput {
  report: ReportInput
  prior: PriorLookup
}

export type PatientSex = 'male' | 'female' | 'unknown'

/** What the engine knows about one report while evaluating it; built once per report. */
export interface EvalContext {
  ruleSetVersion: string
  report: ReportInput
  sex: PatientSex
  /** Completed months of age at the report's time, as a range when the birth date is partial; null when unknown. */
  ageMonths: { min: number; max: number } | null
  co2RetentionRisk: boolean
  prior: PriorLookup
}

export interface CompiledRule<R extends Rule = Rule> {
  rule: R
  template: CompiledTemplate
}

/** One applies_to entry of an observation rule: the rule and the unit its thresholds are in. */
export interface ObservationEntry {
  type: 'observation'
  compiled: CompiledRule
  target: UnitTarget
  /** The code is a pure number (INR): a missing unit is not an error. */
  unitless: boolean
  /** The kind's evaluator, bound at compile time; called with the value already in the target unit. */
  evaluate(obs: Observation, m: Measured, ctx: EvalContext): Finding | null
}

/** Hands matching observations to a report-level rule (blood pressure readings). */
export interface CollectEntry {
  type: 'collect'
  slot: number
}

export type IndexEntry = ObservationEntry | CollectEntry

export interface ReportRuleRun {
  ctx: EvalContext
  /** Observations collected per slot during the pass over the report; a slot may be absent. */
  collected: readonly (Observation[] | undefined)[]
  findings: Finding[]
}

export interface CompiledReportRule {
  compiled: CompiledRule
  evaluate(run: ReportRuleRun): void
}

export type { Finding, Severity }
