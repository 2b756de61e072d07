// Events pushed from the main side to the renderer (progress, streamed tokens), with their payload schemas.
import { z } from 'zod'

export const ProgressSchema = z.object({
  /** Identifies the job this progress belongs to. */
  jobId: z.string(),
  done: z.number(),
  total: z.number(),
  label: z.string().optional(),
})
export type Progress = z.infer<typeof ProgressSchema>

export const events = {
  /** Import batch progress: files done of total. */
  'import.progress': ProgressSchema,
  /** Rule re-evaluation progress: reports done of total. */
  'rules.progress': ProgressSchema,
  /** Model loading: 0..1. */
  'models.loadProgress': z.object({ progress: z.number(), label: z.string().optional() }),
  /** Engine state changed (loaded, unloaded, error). */
  'models.status': z.object({ state: z.string() }),
  /** Streamed text of a draft being generated. */
  'interpret.chunk': z.object({ jobId: z.string(), reportId: z.number().int(), text: z.string() }),
  /** Batch queue progress. */
  'queue.progress': z.object({
    done: z.number().int(),
    total: z.number().int(),
    failed: z.number().int(),
    tokensPerSecond: z.number(),
    etaSeconds: z.number().nullable(),
    state: z.string(),
  }),
  /** Training-data export progress: label says the phase (reading, writing, scanning, finishing). */
  'export.progress': ProgressSchema,
  /** Evaluation run progress: drafts done of total (all versions and per version), time left; state when it changes. */
  'eval.progress': z.object({
    runId: z.number().int(),
    state: z.enum(['queued', 'running', 'done', 'failed', 'cancelled']),
    done: z.number().int(),
    total: z.number().int(),
    etaSeconds: z.number().nullable(),
    versions: z.array(z.object({ versionId: z.number().int(), done: z.number().int(), total: z.number().int() })),
  }),
  /** An alert paused the canary (or a person paused or resumed it): the banner reloads the fleet. Ids and figures only. */
  'rollout.alert': z.object({ versionId: z.number().int(), paused: z.boolean() }),
  /** A setting changed (from any window or transport). */
  'settings.changed': z.object({ key: z.string() }),
}
export type Events = typeof events
export type EventName = keyof Events
export type EventPayload<E extends EventName> = z.infer<Events[E]>
