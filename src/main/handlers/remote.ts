// Handlers for remote.* methods: configuring remote inference servers (admin), testing them, and drafting with one.
import type { remoteContract } from '../../shared/contract/remote'
import { requireRole } from '../auth/requireRole'
import { configView } from '../llm/registry/registry'
import { testConnection } from '../llm/remote/connectionTest'
import { addRemoteBackend, changeRemoteBackend, removeRemoteBackend, useRemoteBackend } from '../llm/remote/manage'
import { appendAudit } from '../store/audit'
import { getConfig, getModel } from '../store/models'
import { getRemoteBackend, listRemoteBackends } from '../store/remoteBackends'
import { AppError } from '../../shared/errors'
import type { HandlersFor } from './types'

const now = () => new Date().toISOString()

export const remoteHandlers: HandlersFor<keyof typeof remoteContract> = {
  'remote.list': (_input, s, ctx) => {
    requireRole(ctx, 'admin')
    return { backends: listRemoteBackends(s.db), activeId: getConfig(s.db).remoteBackendId }
  },
  'remote.add': (input, s, ctx) => {
    requireRole(ctx, 'admin')
    const backend = addRemoteBackend(s.db, s.remotes.secrets, input, now())
    // Ids, kinds and yes/no only: the URL, model names and the key stay out of the audit log.
    appendAudit(s.db, {
      actor: ctx.actor,
      action: 'remote.added',
      entityType: 'remote_backend',
      entityId: backend.id,
      details: { kind: backend.kind, apiKey: backend.apiKey.stored, caBundle: backend.caBundlePath !== null, insecureHttp: backend.allowInsecureHttp },
    })
    if (backend.allowInsecureHttp) {
      appendAudit(s.db, { actor: ctx.actor, action: 'remote.insecureHttpAllowed', entityType: 'remote_backend', entityId: backend.id, details: { kind: backend.kind } })
    }
    return backend
  },
  'remote.update': (input, s, ctx) => {
    requireRole(ctx, 'admin')
    const wasInsecure = getRemoteBackend(s.db, input.id)?.allowInsecureHttp ?? false
    const { backend, changed } = changeRemoteBackend(s.db, s.remotes.secrets, input, now())
    s.remotes.forget(backend.id)
    appendAudit(s.db, { actor: ctx.actor, action: 'remote.changed', entityType: 'remote_backend', entityId: backend.id, details: { kind: backend.kind, changed } })
    if (backend.allowInsecureHttp && !wasInsecure) {
      appendAudit(s.db, { actor: ctx.actor, action: 'remote.insecureHttpAllowed', entityType: 'remote_backend', entityId: backend.id, details: { kind: backend.kind } })
    }
    // The active backend changed under a loaded engine: reconnect with the new settings in the background.
    if (getConfig(s.db).remoteBackendId === backend.id && s.llm.isActive()) void s.llm.ensureLoaded().catch(() => undefined)
    return backend
  },
  'remote.remove': ({ id }, s, ctx) => {
    requireRole(ctx, 'admin')
    const kind = getRemoteBackend(s.db, id)?.kind
    removeRemoteBackend(s.db, s.remotes.secrets, id)
    s.remotes.forget(id)
    appendAudit(s.db, { actor: ctx.actor, action: 'remote.removed', entityType: 'remote_backend', entityId: id, details: { kind } })
    return { ok: true as const }
  },
  'remote.test': async ({ id, adapters }, s, ctx) => {
    requireRole(ctx, 'admin')
    const endpoint = getRemoteBackend(s.db, id)
    if (!endpoint) throw new AppError('NOT_FOUND', `No remote backend with id ${id}`)
    // A connection of its own, so a test never disturbs drafts in progress on the active one.
    const backend = s.remotes.build(id)
    const config = getConfig(s.db)
    const engine = {
      basePath: '',
      adapters: adapters.map((a) => {
        const m = getModel(s.db, a.modelId)
        if (!m || m.kind !== 'adapter') throw new AppError('INVALID_INPUT', `No registered adapter with id ${a.modelId}`)
        const name = endpoint.adapterMap[String(a.modelId)]
        return { path: m.path, scale: a.scale, sha256: m.sha256, ...(name !== undefined ? { name } : {}) }
      }),
      threads: 0,
      gpuLayers: 'auto' as const,
      sequences: 1,
      contextSize: 0,
    }
    try {
      return await testConnection(backend, engine, config.maxTokens)
    } finally {
      await backend.dispose()
    }
  },
  'remote.use': async ({ id, adapters }, s, ctx) => {
    requireRole(ctx, 'ml', 'admin')
    const config = useRemoteBackend(s.db, id, adapters, now())
    appendAudit(s.db, { actor: ctx.actor, action: 'model.configured', entityType: 'remote_backend', entityId: id, details: { adapters } })
    if (s.llm.isActive()) void s.llm.ensureLoaded().catch(() => undefined)
    return configView(config)
  },
}
