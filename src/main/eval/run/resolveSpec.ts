// A run's version SPEC to a model version: a name looks it up; BASE_ID[+ADAPTER_ID:SCALE…] reuses the version of that configuration or registers a candidate.
import type { ModelVersion } from '../../../shared/contract/rollout'
import { AppError } from '../../../shared/errors'
import type { Db } from '../../store/db'
import { registerVersion, type Actor } from '../rolloutStore'
import { versionFingerprint } from '../versions/fingerprint'
import { parseVersionSpec } from '../versions/spec'
import { getVersion, listVersions, resolveNewVersion } from '../versionsStore'

export interface ResolvedVersion {
  version: ModelVersion
  /** Registered for this run (the configuration had no version yet). */
  created: boolean
}

export function resolveRunVersion(db: Db, spec: string, actor: Actor, now: string): ResolvedVersion {
  const parsed = parseVersionSpec(spec)
  if (!parsed.ok) throw new AppError('INVALID_INPUT', `Version SPEC "${spec}": ${parsed.error}.`)
  if (parsed.spec.kind === 'name') {
    const name = parsed.spec.name
    const found = listVersions(db).find((v) => v.name === name)
    if (!found) throw new AppError('NOT_FOUND', `No model version named "${name}": see "readout versions list", or give BASE_ID[+ADAPTER_ID:SCALE…].`)
    return { version: found, created: false }
  }
  const fresh = resolveNewVersion(db, spec, undefined, undefined)
  const fingerprint = versionFingerprint({ baseSha256: fresh.baseSha256, adapters: fresh.adapters, promptTemplateVersion: fresh.promptTemplateVersion, sampling: fresh.sampling })
  const existing = listVersions(db).find((v) => v.fingerprint === fingerprint)
  if (existing) return { version: existing, created: false }
  // The default name may already belong to the same models under other settings (another template or sampling).
  const taken = new Set(listVersions(db).map((v) => v.name))
  let name = fresh.name
  for (let i = 2; taken.has(name); i++) name = `${fresh.name}-${i}`
  const id = registerVersion(db, { ...fresh, name }, actor, now)
  return { version: getVersion(db, id), created: true }
}
