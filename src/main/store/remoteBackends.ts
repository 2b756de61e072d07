// Remote backend repository: the configured OpenAI-compatible servers (never their API keys).
import type { RemoteBackend, RemoteKind } from '../../shared/contract/remote'
import type { Db } from './db'
import { prepared } from './prepared'

interface Row {
  id: number
  name: string
  kind: RemoteKind
  base_url: string
  model: string
  adapter_map: string
  ca_bundle_path: string | null
  allow_insecure_http: number
  api_key_hint: string | null
  created_at: string
  updated_at: string
}

export type RemoteBackendFields = Pick<RemoteBackend, 'name' | 'kind' | 'baseUrl' | 'model' | 'adapterMap' | 'caBundlePath' | 'allowInsecureHttp'> & {
  apiKeyHint: string | null
}

function toBackend(r: Row): RemoteBackend {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    baseUrl: r.base_url,
    model: r.model,
    adapterMap: JSON.parse(r.adapter_map) as Record<string, string>,
    caBundlePath: r.ca_bundle_path,
    allowInsecureHttp: r.allow_insecure_http === 1,
    apiKey: { stored: r.api_key_hint !== null, hint: r.api_key_hint },
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }
}

const params = (f: RemoteBackendFields) => ({
  name: f.name,
  kind: f.kind,
  baseUrl: f.baseUrl,
  model: f.model,
  adapterMap: JSON.stringify(f.adapterMap),
  ca: f.caBundlePath,
  insecure: f.allowInsecureHttp ? 1 : 0,
  hint: f.apiKeyHint,
})

export function insertRemoteBackend(db: Db, f: RemoteBackendFields, now: string): RemoteBackend {
  const row = prepared(
    db,
    `INSERT INTO remote_backends (name, kind, base_url, model, adapter_map, ca_bundle_path, allow_insecure_http, api_key_hint, created_at, updated_at)
     VALUES (@name, @kind, @baseUrl, @model, @adapterMap, @ca, @insecure, @hint, @now, @now) RETURNING *`,
  ).get({ ...params(f), now }) as Row
  return toBackend(row)
}

export function updateRemoteBackend(db: Db, id: number, f: RemoteBackendFields, now: string): RemoteBackend {
  const row = prepared(
    db,
    `UPDATE remote_backends SET name = @name, kind = @kind, base_url = @baseUrl, model = @model, adapter_map = @adapterMap,
       ca_bundle_path = @ca, allow_insecure_http = @insecure, api_key_hint = @hint, updated_at = @now
     WHERE id = @id RETURNING *`,
  ).get({ ...params(f), now, id }) as Row
  return toBackend(row)
}

export function getRemoteBackend(db: Db, id: number): RemoteBackend | undefined {
  const row = prepared(db, 'SELECT * FROM remote_backends WHERE id = ?').get(id) as Row | undefined
  return row ? toBackend(row) : undefined
}

export function findRemoteBackendByName(db: Db, name: string): RemoteBackend | undefined {
  const row = prepared(db, 'SELECT * FROM remote_backends WHERE name = ?').get(name) as Row | undefined
  return row ? toBackend(row) : undefined
}

export function listRemoteBackends(db: Db): RemoteBackend[] {
  return (prepared(db, 'SELECT * FROM remote_backends ORDER BY name, id').all() as Row[]).map(toBackend)
}

export function deleteRemoteBackend(db: Db, id: number): void {
  prepared(db, 'DELETE FROM remote_backends WHERE id = ?').run(id)
}
