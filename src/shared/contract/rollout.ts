// Contract methods for model versions (named configurations) and their staged rollout: shadow, canary, promote, rollback.
import { z } from 'zod'
import { method } from './define'

export const VERSION_STATE_VALUES = ['candidate', 'shadow', 'canary', 'production', 'retired'] as const

export const ModelVersionSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  baseModelId: z.number().int(),
  adapters: z.array(z.object({ modelId: z.number().int(), sha256: z.string(), scale: z.number() })),
  promptTemplateVersion: z.string(),
  sampling: z.object({ temperature: z.number(), seed: z.number(), maxTokens: z.number() }),
  fingerprint: z.string(),
  state: z.enum(VERSION_STATE_VALUES),
  /** Share of new reports while canary; null otherwise. */
  canaryPercent: z.number().nullable(),
  /** Why the canary is paused (an alert or a person); null when it is not. */
  pausedReason: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string(),
})
export type ModelVersion = z.infer<typeof ModelVersionSchema>

export const RolloutStatusSchema = z.object({
  versions: z.array(ModelVersionSchema),
  productionId: z.number().int().nullable(),
  canaryId: z.number().int().nullable(),
  /** Ids that were production, oldest first; the last is the current one, the one before is where rollback goes. */
  productionHistory: z.array(z.number().int()),
})
export type RolloutStatus = z.infer<typeof RolloutStatusSchema>

const VersionId = z.number().int().min(1)

export const rolloutContract = {
  /** Every model version with its rollout state. Any signed-in user. */
  'versions.list': method(z.object({}).strict(), z.array(ModelVersionSchema)),
  /**
   * Registers a candidate version from a SPEC "BASE_ID[+ADAPTER_ID:SCALE…]" with the current prompt template and
   * sampling settings. ml or admin.
   */
  'versions.create': method(
    z.object({ spec: z.string().min(1).max(200), name: z.string().min(1).max(64).optional(), notes: z.string().max(2000).optional() }).strict(),
    ModelVersionSchema,
  ),
  /** The fleet: every version, which is production and canary, the production history. Any signed-in user. */
  'rollout.status': method(z.object({}).strict(), RolloutStatusSchema),
  /** A candidate (or the canary, taken back) drafts new reports in the background, never shown. ml or admin. */
  'rollout.shadow': method(z.object({ versionId: VersionId }).strict(), RolloutStatusSchema),
  /** The version drafts this share of new reports (0 < percent < 100, steps of 0.01). ml or admin. */
  'rollout.canary': method(z.object({ versionId: VersionId, percent: z.number() }).strict(), RolloutStatusSchema),
  /** The version becomes production; the old one is retired. Needs the evaluation run once a production exists. ml or admin. */
  'rollout.promote': method(z.object({ versionId: VersionId, evaluationRunId: z.number().int().min(1).optional() }).strict(), RolloutStatusSchema),
  /** The current production is retired and the previous production restored. ml or admin. */
  'rollout.rollback': method(z.object({}).strict(), RolloutStatusSchema),
  /** A paused canary drafts its share again. ml or admin. */
  'rollout.resumeCanary': method(z.object({ versionId: VersionId }).strict(), RolloutStatusSchema),
}
