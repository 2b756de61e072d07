// Configuring remote backends: checks, the stored row, the key in the secret store, and choosing one for drafting.
import { readFileSync } from 'node:fs'
import type { RemoteBackend } from '../../../shared/contract/remote'
import { AppError } from '../../../shared/errors'
import type { Db } from '../../store/db'
import { getConfig, getModel, saveConfig, type StoredConfig } from '../../store/models'
import {
  deleteRemoteBackend,
  findRemoteBackendByName,
  getRemoteBackend,
  insertRemoteBackend,
  updateRemoteBackend,
  type RemoteBackendFields,
} from '../../store/remoteBackends'
import { apiKeyName, keyHint, type SecretStore } from './secrets'
import { checkBaseUrl } from './urlPolicy'

export type RemoteBackendInput = Omit<RemoteBackendFields, 'apiKeyHint'> & { apiKey: string | null }
export type RemoteBackendChanges = Partial<Omit<RemoteBackendInput, 'kind'>> & { id: number }

function check(db: Db, f: Omit<RemoteBackendFields, 'apiKeyHint'>, selfId: number | null): void {
  checkBaseUrl(f.baseUrl, f.allowInsecureHttp)
  const clash = findRemoteBackendByName(db, f.name)
  if (clash && clash.id !== selfId) throw new AppError('CONFLICT', `A remote backend named "${f.name}" exists already; choose another name.`)
  if (f.caBundlePath) {
    let pem: string
    try {
      pem = readFileSync(f.caBundlePath, 'utf8')
    } catch {
      throw new AppError('INVALID_INPUT', `The CA bundle ${f.caBundlePath} cannot be read. Give the path of a PEM file on this machine.`)
    }
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new AppError('INVALID_INPUT', `${f.caBundlePath} holds no PEM certificate ("-----BEGIN CERTIFICATE-----").`)
  }
  for (const [id, name] of Object.entries(f.adapterMap)) {
    const m = getModel(db, Number(id))
    if (!m) throw new AppError('INVALID_INPUT', `Adapter map: no registered model with id ${id}. Add the adapter on the Models page first.`)
    if (m.kind !== 'adapter') throw new AppError('INVALID_INPUT', `Adapter map: model ${id} ("${m.name}") is a base model, not an adapter.`)
    if (!name.trim()) throw new AppError('INVALID_INPUT', `Adapter map: give the server's name for adapter ${id}.`)
  }
}

/** Adds a backend; its key goes to the secret store in the same step (a key that cannot be stored adds nothing). */
export function addRemoteBackend(db: Db, secrets: SecretStore, input: RemoteBackendInput, now: string): RemoteBackend {
  const { apiKey, ...fields } = input
  check(db, fields, null)
  return db.transaction(() => {
    const row = insertRemoteBackend(db, { ...fields, apiKeyHint: apiKey ? keyHint(apiKey) : null }, now)
    if (apiKey) secrets.set(apiKeyName(row.id), apiKey)
    return row
  })()
}

export function changeRemoteBackend(db: Db, secrets: SecretStore, changes: RemoteBackendChanges, now: string): { backend: RemoteBackend; changed: string[] } {
  const current = getRemoteBackend(db, changes.id)
  if (!current) throw new AppError('NOT_FOUND', `No remote backend with id ${changes.id}`)
  const { id, apiKey, ...rest } = changes
  const fields = { ...current, ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) } as RemoteBackend
  check(db, fields, id)
  // Names of what changed, for the audit log (never values: the URL and the key stay out of it).
  const changed = Object.keys(rest).filter((k) => JSON.stringify((rest as Record<string, unknown>)[k]) !== JSON.stringify((current as Record<string, unknown>)[k]))
  if (apiKey !== undefined) changed.push(apiKey === null ? 'apiKeyRemoved' : 'apiKey')
  const backend = db.transaction(() => {
    const row = updateRemoteBackend(db, id, { ...fields, apiKeyHint: apiKey === undefined ? current.apiKey.hint : apiKey === null ? null : keyHint(apiKey) }, now)
    if (apiKey === null) secrets.delete(apiKeyName(id))
    else if (apiKey !== undefined) secrets.set(apiKeyName(id), apiKey)
    return row
  })()
  return { backend, changed }
}

export function removeRemoteBackend(db: Db, secrets: SecretStore, id: number): void {
  const current = getRemoteBackend(db, id)
  if (!current) throw new AppError('NOT_FOUND', `No remote backend with id ${id}`)
  if (getConfig(db).remoteBackendId === id) {
    throw new AppError('CONFLICT', `"${current.name}" is drafting now; choose a local model (or another backend) first.`)
  }
  // Drafts keep their provenance (endpoint, model, server's fingerprint), so the row may go.
  deleteRemoteBackend(db, id)
  secrets.delete(apiKeyName(id))
}

/** Makes a remote backend draft from now on, with registered adapters (mapped to the server's names when it loads). */
export function useRemoteBackend(db: Db, id: number, adapters: { modelId: number; scale: number }[], now: string): StoredConfig {
  if (!getRemoteBackend(db, id)) throw new AppError('NOT_FOUND', `No remote backend with id ${id}`)
  for (const a of adapters) {
    const m = getModel(db, a.modelId)
    if (!m) throw new AppError('NOT_FOUND', `No model with id ${a.modelId}`)
    if (m.kind !== 'adapter') throw new AppError('INVALID_INPUT', `Model ${a.modelId} is a base model, not an adapter.`)
  }
  const config = { ...getConfig(db), remoteBackendId: id, adapters }
  saveConfig(db, config, now)
  return config
}
