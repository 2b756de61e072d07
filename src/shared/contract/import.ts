// Contract methods for importing device reports from files (uploaded bytes or paths on this machine).
import { z } from 'zod'
import { method } from './define'
import { UPLOAD_MAX_BASE64_CHARS, UPLOAD_MAX_FILE_BYTES } from '../uploadLimits'

export const ImportOutcomeSchema = z.enum(['imported', 'duplicate', 'quarantined'])

export const ImportResultSchema = z.object({
  /** File path or upload name; a file with several messages has one result per message. */
  path: z.string(),
  /** 1-based message index within the file when it held several. */
  index: z.number().int().nullable(),
  outcome: ImportOutcomeSchema,
  reportIds: z.array(z.number().int()),
  error: z.string().optional(),
  quarantineId: z.number().int().optional(),
})
export type ImportResult = z.infer<typeof ImportResultSchema>

export const ImportSummarySchema = z.object({
  imported: z.number().int(),
  duplicates: z.number().int(),
  quarantined: z.number().int(),
  results: z.array(ImportResultSchema),
})
export type ImportSummary = z.infer<typeof ImportSummarySchema>

export const importContract = {
  /** Import files sent as bytes (drag-and-drop, file and folder pickers). Emits import.progress with the given jobId. */
  'import.files': method(
    z
      .object({
        jobId: z.string().max(100).optional(),
        files: z
          .array(
            z.object({
              name: z.string().max(1000),
              contentBase64: z.string().max(UPLOAD_MAX_BASE64_CHARS, `A file sent for import may hold at most ${UPLOAD_MAX_FILE_BYTES / 1024 / 1024} MiB; import larger files by path`),
            }),
          )
          .min(1)
          .max(10_000),
      })
      .strict(),
    ImportSummarySchema,
  ),
  /** Import files and folders (recursively) from paths on this machine. Emits import.progress with the given jobId. */
  'import.paths': method(
    z
      .object({ jobId: z.string().max(100).optional(), paths: z.array(z.string().min(1).max(4096)).min(1).max(10_000) })
      .strict(),
    ImportSummarySchema,
  ),
}
