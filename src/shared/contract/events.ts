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
  /** A setting changed (from any window or transport). */
  'settings.changed': z.object({ key: z.string() }),
}
export type Events = typeof events
export type EventName = keyof Events
export type EventPayload<E extends EventName> = z.infer<Events[E]>
