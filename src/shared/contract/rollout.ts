// Contract methods for model versions (named configurations) and their staged rollout: shadow, canary, promote, rollback.
import { z } from 'zod'
import { AlertThresholdsSchema } from '../domain/alertThresholds'
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

/** A version's figure minus production's, with its 95% bootstrap interval; null when either side has no data. */
export const DifferenceSchema = z
  .object({ estimate: z.number(), low: z.number(), high: z.number(), level: z.number(), resamples: z.number().int(), seed: z.number().int(), undefinedResamples: z.number().int() })
  .nullable()
export type Difference = z.infer<typeof DifferenceSchema>

/** What clinicians' signed reviews of one version's drafts say (first signed versions only; amendments are not reviews of a draft). */
export const ReviewFiguresSchema = z.object({
  reviews: z.number().int(),
  /** Share of reviews signed with every drafted finding accepted unchanged and none added. */
  acceptanceRate: z.number().nullable(),
  /** Drafted findings edited / drafted findings; rejected likewise (a rejected draft rejects all its findings). */
  editRate: z.number().nullable(),
  rejectRate: z.number().nullable(),
  /** Share of reviewed drafts whose evidence check did not verify. */
  evidenceFailureRate: z.number().nullable(),
  /** Draft created → signed, in milliseconds. */
  timeToSignMedianMs: z.number().nullable(),
  timeToSignP90Ms: z.number().nullable(),
  /** Reason codes of every correction in those reviews, with their counts. */
  reasonCodes: z.record(z.string(), z.number().int()),
})
export type ReviewFigures = z.infer<typeof ReviewFiguresSchema>

/** A shadow version's drafts compared with the signed versions, beside the drafts clinicians were shown for the same reports. */
export const ShadowFiguresSchema = z.object({
  compared: z.number().int(),
  /** Predicted correction rate, finding F1 (mean per report) and missed criticals (per report), of the shadow's drafts and of the shown ones. */
  shadow: z.object({ predictedCorrectionRate: z.number().nullable(), findingF1: z.number().nullable(), missedCriticals: z.number().nullable() }),
  shown: z.object({ predictedCorrectionRate: z.number().nullable(), findingF1: z.number().nullable(), missedCriticals: z.number().nullable() }),
  /** Shadow − shown, paired bootstrap on the same reports. */
  difference: z.object({ predictedCorrectionRate: DifferenceSchema, findingF1: DifferenceSchema, missedCriticals: DifferenceSchema }),
  /** Reports drafted for clinicians since the version entered shadow that it has not drafted yet. */
  backlog: z.number().int(),
})

export const VersionMonitorSchema = z.object({
  versionId: z.number().int(),
  name: z.string(),
  state: z.enum(VERSION_STATE_VALUES),
  canaryPercent: z.number().nullable(),
  pausedReason: z.string().nullable(),
  figures: ReviewFiguresSchema,
  /** This version − production, each with a 95% interval; null for production itself or without a production. */
  vsProduction: z
    .object({
      acceptanceRate: DifferenceSchema,
      editRate: DifferenceSchema,
      rejectRate: DifferenceSchema,
      evidenceFailureRate: DifferenceSchema,
      timeToSignMedianMs: DifferenceSchema,
      timeToSignP90Ms: DifferenceSchema,
    })
    .nullable(),
  shadow: ShadowFiguresSchema.nullable(),
})
export type VersionMonitor = z.infer<typeof VersionMonitorSchema>

export const RolloutMonitorSchema = z.object({
  productionId: z.number().int().nullable(),
  thresholds: AlertThresholdsSchema,
  /** The bootstrap's seed: the same reviews give the same intervals. */
  seed: z.number().int(),
  versions: z.array(VersionMonitorSchema),
})
export type RolloutMonitor = z.infer<typeof RolloutMonitorSchema>

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
  /**
   * Per-version monitoring from real reviews (and shadow comparisons), each compared with production. Clinicians, ml
   * and admin: clinicians' own corrections are its data, and they should see how a canary they review fares.
   */
  'rollout.monitor': method(z.object({}).strict(), RolloutMonitorSchema),
  /** The canary's alert thresholds now in force. Any signed-in user. */
  'rollout.thresholds': method(z.object({}).strict(), AlertThresholdsSchema),
  /** Changes the alert thresholds (omitted fields keep their value). ml or admin; audited. */
  'rollout.setThresholds': method(AlertThresholdsSchema.partial(), AlertThresholdsSchema),
  /** A person pauses the canary (new reports go to production), saying why. ml or admin; audited without the reason's text. */
  'rollout.pauseCanary': method(z.object({ versionId: VersionId, reason: z.string().trim().min(5, { message: 'say why, in at least 5 characters' }).max(500) }).strict(), RolloutStatusSchema),
  /** A paused canary drafts its share again. ml or admin. */
  'rollout.resumeCanary': method(z.object({ versionId: VersionId }).strict(), RolloutStatusSchema),
}
