// Zod schema of a rule file (YAML or JSON): top-level metadata and one strict object per rule kind.
import { z } from 'zod'
import { REPORT_KINDS } from '../../shared/domain/report'
import { SEVERITIES } from '../../shared/domain/findings'

// Strict objects everywhere: a misspelt field ("at_or_belw") must be refused, not silently ignored.
const text = (what: string): z.ZodString => z.string({ error: `${what} must be a string` }).trim().min(1, `${what} must not be empty`)
const num = z.number({ error: 'expected a number' })

// Codes and versions that look like numbers must be quoted: YAML would read 2026.10 as 2026.1.
const codeString = z.string({ error: 'expected a string (quote codes that look like numbers)' }).trim().min(1)

export const SeveritySchema = z.enum(SEVERITIES)

export const CodeRefSchema = z.strictObject({
  system: codeString,
  code: codeString,
  /** The UCUM unit the rule's thresholds are written in, for this code. */
  unit: text('unit').optional(),
})
export type CodeRef = z.infer<typeof CodeRefSchema>

/** Age band in years (fractions allowed: 0.5 = 6 months); min inclusive, max exclusive. */
export const AgeBandSchema = z
  .strictObject({ min: num.min(0).optional(), max: num.positive().optional() })
  .refine((a) => a.min === undefined || a.max === undefined || a.min < a.max, 'age.min must be below age.max')
export type AgeBand = z.infer<typeof AgeBandSchema>

/** "unknown" selects patients whose sex is not recorded as male or female. */
export const SexSelectorSchema = z.enum(['male', 'female', 'unknown'])
export type SexSelector = z.infer<typeof SexSelectorSchema>

const selectors = {
  sex: SexSelectorSchema.optional(),
  age: AgeBandSchema.optional(),
  /** Report kinds the rule applies to; all when absent. */
  report_kinds: z.array(z.enum(REPORT_KINDS)).min(1).optional(),
  /** true: only for patients at risk of CO2 retention; false: only for those not known to be; absent: both. */
  co2_retention_risk: z.boolean().optional(),
}

const common = {
  id: z
    .string({ error: 'id must be a string' })
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'id may hold letters, digits, ".", "_" and "-" and must start with a letter or digit'),
  title: text('title'),
  message: text('message'),
  source: text('source'),
  /** Rules whose findings on the same observation (or report) this rule's finding replaces. */
  supersedes: z.array(z.string()).optional(),
  ...selectors,
}

const observationRule = {
  applies_to: z.array(CodeRefSchema).min(1, 'applies_to needs at least one code'),
  /** Default unit for applies_to entries that name none. */
  unit: text('unit').optional(),
  severity: SeveritySchema,
}

export const ThresholdRuleSchema = z.strictObject({
  ...common,
  ...observationRule,
  kind: z.literal('threshold'),
  below: num.optional(),
  at_or_below: num.optional(),
  above: num.optional(),
  at_or_above: num.optional(),
  /** Use the observation's own upper reference limit (an assay's 99th percentile) as the "above" limit when sent. */
  above_device_ref_high: z.boolean().optional(),
})

export const RangeBandSchema = z.strictObject({
  sex: SexSelectorSchema.optional(),
  age: AgeBandSchema.optional(),
  low: num.optional(),
  high: num.optional(),
})
export type RangeBand = z.infer<typeof RangeBandSchema>

export const ReferenceRangeRuleSchema = z.strictObject({
  ...common,
  ...observationRule,
  kind: z.literal('reference_range'),
  /** Prefer the device's own range (refLow/refHigh) when it sends one. */
  use_device_range: z.boolean().default(true),
  low: num.optional(),
  high: num.optional(),
  /** Sex- and age-specific ranges; the first band that matches the patient wins, then low/high. */
  ranges: z.array(RangeBandSchema).optional(),
})

export const ChangeRuleSchema = z.strictObject({
  ...common,
  ...observationRule,
  kind: z.literal('change_from_previous'),
  /** Fires when value − previous > rise_above (in the rule's unit). */
  rise_above: num.positive().optional(),
  /** Fires when previous − value > fall_above. */
  fall_above: num.positive().optional(),
  /** Only compare with a previous value at most this many days older. */
  within_days: num.positive().optional(),
})

export const BoundSchema = z.strictObject({ above: num.optional(), at_or_above: num.optional() })
export type Bound = z.infer<typeof BoundSchema>

export const BpCategorySchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9_]+$/, 'category names are lower-case words joined by "_"'),
  label: text('label'),
  severity: SeveritySchema,
  systolic: BoundSchema.optional(),
  diastolic: BoundSchema.optional(),
})
export type BpCategoryDef = z.infer<typeof BpCategorySchema>

const BpInputSchema = z.strictObject({ metric: text('metric'), system: codeString, code: codeString })

export const BpRuleSchema = z.strictObject({
  ...common,
  kind: z.literal('bp_category'),
  unit: text('unit').default('mm[Hg]'),
  systolic: BpInputSchema.default({ metric: 'bp.avg_sys', system: 'LOINC', code: '8480-6' }),
  diastolic: BpInputSchema.default({ metric: 'bp.avg_dia', system: 'LOINC', code: '8462-4' }),
  /** Lowest first; the first has no bounds. The highest category reached by either value wins. */
  categories: z.array(BpCategorySchema).min(2, 'categories needs at least two entries'),
})

export const TargetSchema = z.strictObject({
  above: num.optional(),
  at_or_above: num.optional(),
  below: num.optional(),
  at_or_below: num.optional(),
})
export type Target = z.infer<typeof TargetSchema>

export const MetricTargetRuleSchema = z.strictObject({
  ...common,
  kind: z.literal('metric_target'),
  /** report.metrics keys; several are summed (time below 70 = <54 + 54–69). */
  metrics: z.array(text('metric')).min(1),
  /** The target the value should meet; absent: the value is reported as information. */
  target: TargetSchema.optional(),
  unit: z.string().default(''),
  severity: SeveritySchema,
  /** Also report a met target (as info). */
  report_met: z.boolean().default(false),
})

export const RuleSchema = z.discriminatedUnion('kind', [
  ThresholdRuleSchema,
  ReferenceRangeRuleSchema,
  ChangeRuleSchema,
  BpRuleSchema,
  MetricTargetRuleSchema,
])
export type Rule = z.infer<typeof RuleSchema>
export type ThresholdRule = z.infer<typeof ThresholdRuleSchema>
export type ReferenceRangeRule = z.infer<typeof ReferenceRangeRuleSchema>
export type ChangeRule = z.infer<typeof ChangeRuleSchema>
export type BpRule = z.infer<typeof BpRuleSchema>
export type MetricTargetRule = z.infer<typeof MetricTargetRuleSchema>
export type ObservationRule = ThresholdRule | ReferenceRangeRule | ChangeRule
export type RuleKind = Rule['kind']

/** Names from the design brief kept as synonyms, so files written to it load. */
export const KIND_ALIASES: Readonly<Record<string, RuleKind>> = { critical: 'threshold', cgm_target: 'metric_target' }

export const RuleFileSchema = z.strictObject({
  version: z.string({ error: 'version must be a quoted string, e.g. "2026.1"' }).trim().min(1),
  name: text('name'),
  /** Rule ids of a base rule set to switch off when this file is layered over it. */
  disabled: z.array(z.string()).default([]),
  rules: z.array(RuleSchema),
})
export type RuleFile = z.infer<typeof RuleFileSchema>
