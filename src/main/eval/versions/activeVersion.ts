// Which model version a configuration is: its fingerprint, and the production version drafts made with it belong to.
import type { Db } from '../../store/db'
import { getModel, type StoredConfig } from '../../store/models'
import { prepared } from '../../store/prepared'
import { versionFingerprint } from './fingerprint'

export interface VersionRef {
  id: number
  name: string
  fingerprint: string
}

/**
 * The fingerprint a version with this configuration would have; null for a remote backend (a version names local
 * files) or when a model is no longer registered.
 */
export function configFingerprint(db: Db, c: StoredConfig, promptTemplateVersion: string): string | null {
  if (c.remoteBackendId !== null || c.baseModelId === null) return null
  const base = getModel(db, c.baseModelId)
  if (base === undefined) return null
  const adapters: { sha256: string; scale: number }[] = []
  for (const a of c.adapters) {
    const m = getModel(db, a.modelId)
    if (m === undefined) return null
    adapters.push({ sha256: m.sha256, scale: a.scale })
  }
  return versionFingerprint({ baseSha256: base.sha256, adapters, promptTemplateVersion, sampling: { temperature: c.temperature, seed: c.seed, maxTokens: c.maxTokens } })
}

/** The production version when its fingerprint is `fingerprint`; null otherwise (no versions yet, or a configuration changed by hand). */
export function productionVersionWith(db: Db, fingerprint: string | null): VersionRef | null {
  if (fingerprint === null) return null
  const r = prepared(db, "SELECT id, name, fingerprint FROM model_versions WHERE state = 'production' AND fingerprint = ?").get(fingerprint) as VersionRef | undefined
  return r ?? null
}

export function versionRef(db: Db, id: number): VersionRef | null {
  return (prepared(db, 'SELECT id, name, fingerprint FROM model_versions WHERE id = ?').get(id) as VersionRef | undefined) ?? null
}
