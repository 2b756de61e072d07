// The canary's alert thresholds, kept in the settings table (one JSON value) and read back through their schema.
import { AlertThresholdsSchema, type AlertThresholds } from '../../../shared/domain/alertThresholds'
import type { Db } from '../../store/db'
import { getSetting, setSetting } from '../../store/settings'

const KEY = 'rollout.alertThresholds'

/** The stored thresholds, or the defaults; a stored value that no longer parses falls back to the defaults field by field. */
export function getThresholds(db: Db): AlertThresholds {
  const text = getSetting<string | null>(db, KEY, null)
  let stored: unknown = {}
  try {
    stored = text === null ? {} : JSON.parse(text)
  } catch {
    stored = {}
  }
  const r = AlertThresholdsSchema.safeParse(stored)
  return r.success ? r.data : AlertThresholdsSchema.parse({})
}

export function setThresholds(db: Db, t: AlertThresholds): void {
  setSetting(db, KEY, JSON.stringify(AlertThresholdsSchema.parse(t)))
}
