// Contract methods for the deterministic rules: the active rule file, validation, activation, re-evaluation.
import { z } from 'zod'
import { SEVERITIES } from '../domain/findings'
import { method } from './define'

export const SeveritySchema = z.enum(SEVERITIES)

export const FindingSchema = z.object({
  id: z.number().int(),
  ruleId: z.string(),
  ruleSetVersion: z.string(),
  severity: SeveritySchema,
  title: z.string(),
  message: z.string(),
  source: z.string(),
  observationIds: z.array(z.number().int()),
  values: z.record(z.string(), z.union([z.number(), z.string()])),
  deviceFlag: z.string().nullable(),
  disagreement: z.string().nullable(),
  notEvaluated: z.string().nullable(),
})
export type StoredFinding = z.infer<typeof FindingSchema>

export const RuleSetInfoSchema = z.object({
  version: z.string(),
  name: z.string(),
  isDefault: z.boolean(),
  ruleCount: z.number().int(),
  activatedAt: z.string(),
  text: z.string(),
})

const RuleFileErrorSchema = z.object({ line: z.number().int(), column: z.number().int(), message: z.string() })

const RunSummarySchema = z.object({ reports: z.number().int(), findings: z.number().int(), seconds: z.number() })

export const rulesContract = {
  /** The active rule set with its text. */
  'rules.get': method(z.object({}).strict(), RuleSetInfoSchema),
  /** Check a rule file without activating it; errors carry line and column. */
  'rules.validate': method(
    z.object({ text: z.string().max(2_000_000) }).strict(),
    z.object({ ok: z.boolean(), errors: z.array(RuleFileErrorSchema), version: z.string().nullable(), ruleCount: z.number().int() }),
  ),
  /** Make a rule file the active one (refused with located errors when invalid) and re-evaluate every report. */
  'rules.activate': method(
    z.object({ text: z.string().max(2_000_000), jobId: z.string().max(100).optional() }).strict(),
    RunSummarySchema.extend({ version: z.string() }),
  ),
  /** Go back to the rules that ship with Readout and re-evaluate every report. */
  'rules.resetToDefault': method(z.object({ jobId: z.string().max(100).optional() }).strict(), RunSummarySchema.extend({ version: z.string() })),
  /** Re-evaluate every stored report with the active rules. Emits rules.progress. */
  'rules.run': method(z.object({ jobId: z.string().max(100).optional() }).strict(), RunSummarySchema),
}
