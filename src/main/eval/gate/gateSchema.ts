// The release gate file's shape (YAML or JSON): which metrics a candidate must not worsen, and by which rule.
import { z } from 'zod'
import { METRIC_NAMES, type MetricName } from '../metricDefinitions'

const MetricSchema = z.enum(METRIC_NAMES as [MetricName, ...MetricName[]])
const Id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'use lower-case letters, digits and hyphens (at most 64)')
const Margin = z.number().min(0, 'a margin is a tolerated worsening: 0 or more').default(0)

const base = { id: Id, metric: MetricSchema, description: z.string().max(500).optional() }

export const GATE_RULES = ['no_increase', 'not_worse_beyond_interval', 'non_inferior', 'at_most', 'at_least'] as const

export const CriterionSchema = z.discriminatedUnion('rule', [
  /** The candidate's value may not be worse than the baseline's by more than the margin (point values: counts for binary metrics). */
  z.strictObject({ ...base, rule: z.literal('no_increase'), margin: Margin }),
  /** Fails only when the whole interval of candidate − baseline lies on the worse side, beyond the margin. */
  z.strictObject({ ...base, rule: z.literal('not_worse_beyond_interval'), margin: Margin }),
  /** Passes only when the interval's worse end stays within the margin (non-inferiority). */
  z.strictObject({ ...base, rule: z.literal('non_inferior'), margin: Margin }),
  /** The candidate's own value must be at most / at least `value`. */
  z.strictObject({ ...base, rule: z.literal('at_most'), value: z.number() }),
  z.strictObject({ ...base, rule: z.literal('at_least'), value: z.number() }),
])
export type Criterion = z.infer<typeof CriterionSchema>

export const GateFileSchema = z.strictObject({
  /** The file format's version; only 1 exists. */
  format: z.literal(1),
  name: z.string().min(1).max(200),
  /** The gate's own revision, chosen by its authors ("2026.1"). */
  revision: z.string().min(1).max(40),
  minReports: z.number().int().min(1).default(30),
  statistics: z
    .strictObject({
      level: z.number().gt(0.5).lt(1).default(0.95),
      resamples: z.number().int().min(1000).max(1_000_000).default(10_000),
      seed: z.number().int().min(0).max(0xffffffff).default(1),
    })
    .prefault({}),
  criteria: z.array(CriterionSchema).min(1, 'a gate needs at least one criterion').max(50),
})
export type GateFile = z.infer<typeof GateFileSchema>
