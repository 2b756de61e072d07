// Settings repository: JSON values by key.
import type { Db } from './db'
import { prepared } from './prepared'

export type SettingValue = string | number | boolean | null

export function getAllSettings(db: Db): Record<string, SettingValue> {
  const rows = prepared(db, 'SELECT key, value FROM settings').all() as { key: string; value: string }[]
  return Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as SettingValue]))
}

export function getSetting<T extends SettingValue>(db: Db, key: string, fallback: T): T {
  const row = prepared(db, 'SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined
  return row ? (JSON.parse(row.value) as T) : fallback
}

export function setSetting(db: Db, key: string, value: SettingValue): void {
  prepared(db, 
    `INSERT INTO settings (key, value, updated_at) VALUES (@key, @value, @at)
     ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  ).run({ key, value: JSON.stringify(value), at: new Date().toISOString() })
}
