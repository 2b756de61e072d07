// Contract methods for application settings (key/value, JSON values, audited).
import { z } from 'zod'
import { method } from './define'

export const SETTING_KEYS = ['ui.colorScheme', 'import.autoQueue', 'mllp.enabled', 'mllp.host', 'mllp.port'] as const
export const SettingKeySchema = z.enum(SETTING_KEYS)
export type SettingKey = z.infer<typeof SettingKeySchema>

const JsonValue = z.union([z.string(), z.number(), z.boolean(), z.null()])

export const settingsContract = {
  /** All stored settings as a key → value map (absent keys use defaults). */
  'settings.get': method(z.object({}).strict(), z.record(z.string(), JsonValue)),
  /** Store one setting; recorded in the audit log. */
  'settings.set': method(z.object({ key: SettingKeySchema, value: JsonValue }).strict(), z.object({ ok: z.literal(true) })),
}
