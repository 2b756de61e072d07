// Contract methods about the application itself: version, data folder, schema, runtime.
import { z } from 'zod'
import { method } from './define'

export const AppInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  dataDir: z.string(),
  databasePath: z.string(),
  schemaVersion: z.number().int(),
  runtime: z.enum(['electron', 'node']),
  versions: z.object({ node: z.string(), electron: z.string().nullable(), sqlite: z.string() }),
  platform: z.string(),
})
export type AppInfo = z.infer<typeof AppInfoSchema>

export const appContract = {
  /** Version, data folder, database schema version and runtime of the running app. */
  'app.info': method(z.object({}).strict(), AppInfoSchema),
}
