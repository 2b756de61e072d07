// Builders for rules-engine tests: observations as the store returns them, reports, and a prior look-up.
import type { Observation } from '../../shared/contract/reports'
import type { Finding } from '../../shared/domain/findings'
import { toUcum } from '../ingest/units'
import { evaluateReport } from './engine'
import type { RuleSet } from './ruleFile'
import type { PriorLookup, PriorValue, ReportInput } from './types'

let nextId = 1

/** An observation as stored: the unit mapped to UCUM the way the import pipeline maps it. */
export function obs(code: string, value: number | null, unit: string | null, extra: Partial<Observation> = {}): Observation {
  const mapped = unit === null ? undefined : toUcum(unit)
  const id = nextId++
  return {
    id,
    seq: id,
    codeSystem: 'LOINC',
    code,
    display: null,
    valueType: 'numeric',
    valueNum: value,
    comparator: null,
    valueText: null,
    unit,
    ucumUnit: mapped !== undefined && 'ucum' in mapped ? mapped.ucum : null,
    unitUnmapped: mapped !== undefined && 'unmapped' in mapped ? mapped.reason : null,
    normalisedValue: null,
    normalisedUnit: null,
    refLow: null,
    refHigh: null,
    refText: null,
    deviceFlag: null,
    status: 'final',
    observedAt: null,
    subId: null,
    history: [],
    ...extra,
  }
}

export interface ReportOptions {
  kind?: string
  sex?: string | null
  birthDate?: string | null
  observedAt?: string | null
  metrics?: Record<string, number>
  co2RetentionRisk?: boolean
}

export function report(observations: Observation[], opts: ReportOptions = {}): ReportInput {
  return {
    id: 1,
    kind: opts.kind ?? 'lab',
    observedAt: opts.observedAt === undefined ? '2026-03-01T10:00:00Z' : opts.observedAt,
    metrics: opts.metrics ?? {},
    patient: {
      sex: opts.sex === undefined ? 'male' : opts.sex,
      birthDate: opts.birthDate === undefined ? '1960-05-20' : opts.birthDate,
      ...(opts.co2RetentionRisk !== undefined ? { co2RetentionRisk: opts.co2RetentionRisk } : {}),
    },
    observations,
  }
}

export const noPrior: PriorLookup = () => undefined

export function priorOf(values: Record<string, PriorValue>): PriorLookup {
  return (system, code) => values[`${system}|${code}`]
}

export function run(ruleSet: RuleSet, observations: Observation[], opts: ReportOptions = {}, prior: PriorLookup = noPrior): Finding[] {
  return evaluateReport(ruleSet, { report: report(observations, opts), prior })
}

/** Findings of one rule. */
export function of(findings: Finding[], ruleId: string): Finding[] {
  return findings.filter((f) => f.ruleId === ruleId)
}

/** Ids of the rules that fired (not "not evaluated", not flag-only notes). */
export function fired(findings: Finding[]): string[] {
  return findings.filter((f) => f.notEvaluated === undefined && !(f.severity === 'info' && f.disagreement !== undefined)).map((f) => f.ruleId)
}
