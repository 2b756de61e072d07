// Contract methods for application settings: each key has its own value schema; changes are audited.
import { z } from 'zod'
import { method } from './define'

/** Every setting and the values it accepts. */
export const SETTING_SCHEMAS = {
  'ui.colorScheme': z.enum(['light', 'dark', 'auto']),
  'import.autoQueue': z.boolean(),
  /** Folder whose new files are imported; null turns it off. */
  'import.watchFolder': z.string().min(1).max(4096).nullable(),
  'mllp.enabled': z.boolean(),
  'mllp.host': z.string().min(1).max(255),
  'mllp.port': z.number().int().min(1).max(65535),
  /** Seconds without use after which a session locks (default 600); a few seconds only for tests. */
  'auth.idleLockSeconds': z.number().int().min(5).max(86_400),
  /** Minutes an account stays locked after 5 failed password checks in a row (default 15). */
  'auth.lockoutMinutes': z.number().int().min(1).max(1440),
} as const
export type SettingKey = keyof typeof SETTING_SCHEMAS
export const SETTING_KEYS = Object.keys(SETTING_SCHEMAS) as SettingKey[]

const settingEntries = SETTING_KEYS.map((key) => z.object({ key: z.literal(key), value: SETTING_SCHEMAS[key] }).strict())
const SetSettingInput = z.discriminatedUnion('key', settingEntries as unknown as [(typeof settingEntries)[number], ...(typeof settingEntries)[number][]])

const JsonValue = z.union([z.string(), z.number(), z.boolean(), z.null()])

export const settingsContract = {
  /** All stored settings as a key → value map (absent keys use defaults). */
  'settings.get': method(z.object({}).strict(), z.record(z.string(), JsonValue)),
  /** Store one setting; recorded in the audit log. */
  'settings.set': method(SetSettingInput, z.object({ ok: z.literal(true) })),
}
