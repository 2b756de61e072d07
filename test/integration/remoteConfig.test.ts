// Configuring remote backends through the handlers on a real database: admin only, keys never returned, logged or
// audited, HTTPS policy, CA bundles, adapter maps, removal. No server is needed here (see remote.test.ts for that).
import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeTestModels } from '../../scripts/make-test-models'
import type { CallContext } from '../../src/main/handlers/types'
import type { LlmConfig, Model } from '../../src/shared/contract/models'
import type { RemoteBackend } from '../../src/shared/contract/remote'
import type { Role } from '../../src/shared/domain/roles'
import { makeServices, makeTempDir, type TestServices } from '../helpers/services'

const as = (username: string, ...roles: Role[]): CallContext => ({ actor: username, transport: 'test', user: { id: roles.length + 1, username, displayName: username, roles } })
const ADMIN = as('admin1', 'admin')
const ML = as('ml1', 'ml')
const CLINICIAN = as('dr1', 'clinician')
const KEY = 'sk-test-SECRET-0123456789'

let t: TestServices
let dir: string
let adapter: Model

async function call<T>(ctx: CallContext, method: string, input: unknown): Promise<T> {
  const r = await t.dispatch(method, input, ctx)
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`)
  return r.value as T
}
async function fails(ctx: CallContext, method: string, input: unknown) {
  const r = await t.dispatch(method, input, ctx)
  if (r.ok) throw new Error(`${method} should have failed`)
  return r.error
}

beforeAll(async () => {
  dir = makeTempDir('readout-remote-config-')
  const models = await makeTestModels({ outDir: dir })
  t = makeServices()
  adapter = await call<Model>(ADMIN, 'models.add', { path: models.adapter })
}, 60_000)
afterAll(() => t?.cleanup())

describe('remote backend configuration', () => {
  let backend: RemoteBackend

  it('is for administrators only; choosing one to draft with is for ml or admin', async () => {
    const input = { name: 'gpu', kind: 'llama-server', baseUrl: 'http://127.0.0.1:9', model: 'base.gguf' }
    expect(await fails({ actor: 'anon', transport: 'test' }, 'remote.add', input)).toMatchObject({ code: 'UNAUTHENTICATED' })
    expect(await fails(CLINICIAN, 'remote.add', input)).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('admin') })
    expect(await fails(ML, 'remote.list', {})).toMatchObject({ code: 'FORBIDDEN' })
    expect(await fails(CLINICIAN, 'remote.use', { id: 1 })).toMatchObject({ code: 'FORBIDDEN' })
  })

  it('stores the key outside the database, never returns, logs or audits it', async () => {
    backend = await call<RemoteBackend>(ADMIN, 'remote.add', {
      name: 'gpu',
      kind: 'llama-server',
      baseUrl: 'http://127.0.0.1:9',
      model: 'base.gguf',
      adapterMap: { [adapter.id]: 'readout-test-adapter.gguf' },
      apiKey: KEY,
    })
    expect(backend).toMatchObject({ name: 'gpu', kind: 'llama-server', apiKey: { stored: true, hint: '…6789' }, allowInsecureHttp: false })
    const listed = await call<{ backends: RemoteBackend[] }>(ADMIN, 'remote.list', {})
    expect(JSON.stringify(listed)).not.toContain(KEY)
    // Not in the database file (nor its WAL), not in the audit log; in the 0600 key file.
    t.services.db.pragma('wal_checkpoint(TRUNCATE)')
    expect(readFileSync(t.services.databasePath).includes(Buffer.from(KEY))).toBe(false)
    const audit = t.services.db.prepare("SELECT action, details FROM audit_events WHERE action LIKE 'remote.%'").all() as { action: string; details: string }[]
    expect(audit.map((a) => a.action)).toEqual(['remote.added'])
    expect(JSON.parse(audit[0]!.details)).toEqual({ kind: 'llama-server', apiKey: true, caBundle: false, insecureHttp: false })
    const keyFile = join(t.dataDir, 'secrets', 'remote-backends.json')
    expect(statSync(keyFile).mode & 0o777).toBe(0o600)
    expect(readFileSync(keyFile, 'utf8')).toContain(KEY)
  })

  it('requires HTTPS except to this machine, unless an administrator allows plain HTTP (audited)', async () => {
    const plain = { name: 'lan', kind: 'vllm', baseUrl: 'http://10.20.30.40:8000/v1', model: 'base' }
    expect(await fails(ADMIN, 'remote.add', plain)).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('unencrypted') })
    const allowed = await call<RemoteBackend>(ADMIN, 'remote.add', { ...plain, allowInsecureHttp: true })
    expect(allowed.allowInsecureHttp).toBe(true)
    const actions = (t.services.db.prepare("SELECT action FROM audit_events WHERE entity_id = ? AND entity_type = 'remote_backend'").all(String(allowed.id)) as { action: string }[]).map((r) => r.action)
    expect(actions).toEqual(['remote.added', 'remote.insecureHttpAllowed'])
    expect(await call(ADMIN, 'remote.remove', { id: allowed.id })).toEqual({ ok: true })
  })

  it('checks the CA bundle, the adapter map and the name', async () => {
    const base = { kind: 'azure-openai', baseUrl: 'https://res.openai.azure.com/openai/v1', model: 'ft-deployment' }
    expect(await fails(ADMIN, 'remote.add', { ...base, name: 'az', caBundlePath: join(dir, 'nope.pem') })).toMatchObject({ message: expect.stringContaining('cannot be read') })
    const notPem = join(dir, 'not.pem')
    writeFileSync(notPem, 'hello')
    expect(await fails(ADMIN, 'remote.add', { ...base, name: 'az', caBundlePath: notPem })).toMatchObject({ message: expect.stringContaining('no PEM certificate') })
    expect(await fails(ADMIN, 'remote.add', { ...base, name: 'az', adapterMap: { '999': 'x' } })).toMatchObject({ message: expect.stringContaining('no registered model with id 999') })
    expect(await fails(ADMIN, 'remote.add', { ...base, name: 'gpu' })).toMatchObject({ code: 'CONFLICT' })
  })

  it('changes settings and the key with the names of what changed audited, not the values', async () => {
    const changed = await call<RemoteBackend>(ADMIN, 'remote.update', { id: backend.id, model: 'other.gguf', apiKey: 'sk-new-key-ABCDEFGHIJ' })
    expect(changed).toMatchObject({ model: 'other.gguf', apiKey: { stored: true, hint: '…GHIJ' } })
    const row = t.services.db.prepare("SELECT details FROM audit_events WHERE action = 'remote.changed' ORDER BY id DESC LIMIT 1").get() as { details: string }
    expect(JSON.parse(row.details)).toEqual({ kind: 'llama-server', changed: ['model', 'apiKey'] })
    expect(row.details).not.toContain('sk-new')
    const removedKey = await call<RemoteBackend>(ADMIN, 'remote.update', { id: backend.id, apiKey: null })
    expect(removedKey.apiKey).toEqual({ stored: false, hint: null })
  })

  it('is chosen for drafting by ml staff; refused removal while active; a local model choice switches back', async () => {
    const config = await call<LlmConfig>(ML, 'remote.use', { id: backend.id, adapters: [{ modelId: adapter.id, scale: 1 }] })
    expect(config).toMatchObject({ remoteBackendId: backend.id, adapters: [{ modelId: adapter.id, scale: 1 }] })
    expect((await call<{ activeId: number }>(ADMIN, 'remote.list', {})).activeId).toBe(backend.id)
    expect(await fails(ADMIN, 'remote.remove', { id: backend.id })).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('drafting now') })
    expect(await fails(ML, 'remote.use', { id: backend.id, adapters: [{ modelId: 999, scale: 1 }] })).toMatchObject({ code: 'NOT_FOUND' })
    t.services.db.prepare('UPDATE llm_config SET remote_backend_id = NULL').run()
    expect(await call(ADMIN, 'remote.remove', { id: backend.id })).toEqual({ ok: true })
    expect((await call<{ backends: RemoteBackend[] }>(ADMIN, 'remote.list', {})).backends).toEqual([])
    expect(() => statSync(join(t.dataDir, 'secrets', 'remote-backends.json'))).toThrow(/ENOENT/)
  })

  it('test connection says plainly when nothing answers', async () => {
    const b = await call<RemoteBackend>(ADMIN, 'remote.add', { name: 'down', kind: 'llama-server', baseUrl: 'http://127.0.0.1:9', model: 'x' })
    const r = await call<{ ok: boolean; checks: { check: string; ok: boolean; message: string }[] }>(ADMIN, 'remote.test', { id: b.id })
    expect(r.ok).toBe(false)
    expect(r.checks).toEqual([{ check: 'reachable', ok: false, message: expect.stringContaining('connection refused') }])
    const dns = await call<RemoteBackend>(ADMIN, 'remote.add', { name: 'nxdomain', kind: 'vllm', baseUrl: 'https://no-such-host.invalid/v1', model: 'x' })
    const d = await call<{ checks: { message: string }[] }>(ADMIN, 'remote.test', { id: dns.id })
    expect(d.checks[0]!.message).toMatch(/could not be resolved \(DNS/)
  })
})
