// After a promotion or rollback: the production version's configuration becomes the engine configuration, so the batch queue and every report's page draft with it.
import type { Db } from '../store/db'
import { getConfig, saveConfig } from '../store/models'
import { DEFAULT_TEMPLATE, templateVersion } from '../llm/prompt'
import { configForVersion } from './versions/applyVersion'
import { listVersions } from './versionsStore'

export interface ProductionApplied {
  versionId: number
  templateMatches: boolean
}

/** Call inside the transaction that changed production; null when no version is in production. */
export function applyProductionConfig(db: Db, now: string): ProductionApplied | null {
  const production = listVersions(db).find((v) => v.state === 'production')
  if (production === undefined) return null
  const { config, templateMatches } = configForVersion(getConfig(db), production, DEFAULT_TEMPLATE, templateVersion)
  saveConfig(db, config, now)
  return { versionId: production.id, templateMatches }
}
