// Handlers for models.* methods: the registry, the active configuration, and the engine's state.
import type { modelsContract } from '../../shared/contract/models'
import { actorOf } from '../audit/actor'
import { addModel, configView, listModels, removeModel, useModels } from '../llm/registry/registry'
import { DEFAULT_TEMPLATE, templateVersion } from '../llm/prompt'
import { requireRole, requireUser } from '../auth/requireRole'
import { appendAudit } from '../store/audit'
import { getConfig, saveConfig } from '../store/models'
import type { HandlersFor } from './types'

export const modelsHandlers: HandlersFor<keyof typeof modelsContract> = {
  // Registry and configuration changes: ml or admin. Reading the state and loading: anyone signed in.
  'models.add': async ({ path }, s, ctx) => {
    const user = requireRole(ctx, 'ml', 'admin')
    const model = await addModel(s.db, path)
    appendAudit(s.db, { actor: user.username, action: 'model.added', entityType: 'model', entityId: model.id, details: { sha256: model.sha256, kind: model.kind } })
    return model
  },
  'models.list': async (_input, s, ctx) => {
    requireUser(ctx)
    return { models: await listModels(s.db), config: configView(getConfig(s.db)) }
  },
  'models.remove': ({ id }, s, ctx) => {
    const user = requireRole(ctx, 'ml', 'admin')
    removeModel(s.db, id)
    appendAudit(s.db, { actor: user.username, action: 'model.removed', entityType: 'model', entityId: id })
    return { ok: true as const }
  },
  'models.use': async ({ baseModelId, adapters }, s, ctx) => {
    const user = requireRole(ctx, 'ml', 'admin')
    const config = await useModels(s.db, baseModelId, adapters)
    appendAudit(s.db, { actor: user.username, action: 'model.configured', entityType: 'model', entityId: baseModelId, details: { adapters } })
    // Load in the background so the first report does not wait; failures show in models.status.
    if (s.llm.isActive()) void s.llm.ensureLoaded().catch(() => undefined)
    return configView(config)
  },
  'models.configure': (input, s, ctx) => {
    const user = requireRole(ctx, 'ml', 'admin')
    const current = getConfig(s.db)
    const next = {
      ...current,
      ...(input.threads !== undefined ? { threads: input.threads } : {}),
      ...(input.gpuLayers !== undefined ? { gpuLayers: input.gpuLayers } : {}),
      ...(input.parallelism !== undefined ? { parallelism: input.parallelism } : {}),
      ...(input.temperature !== undefined ? { temperature: input.temperature } : {}),
      ...(input.seed !== undefined ? { seed: input.seed } : {}),
      ...(input.maxTokens !== undefined ? { maxTokens: input.maxTokens } : {}),
      ...(input.timeoutS !== undefined ? { timeoutS: input.timeoutS } : {}),
      ...(input.promptTemplate !== undefined ? { promptTemplate: input.promptTemplate } : {}),
    }
    saveConfig(s.db, next, new Date().toISOString())
    appendAudit(s.db, { actor: user.username, action: 'model.settings', details: { ...input, promptTemplate: input.promptTemplate === undefined ? undefined : input.promptTemplate === null ? 'default' : templateVersion(input.promptTemplate) } })
    return configView(next)
  },
  'models.status': (_input, s, ctx) => {
    requireUser(ctx)
    return s.llm.status()
  },
  'models.load': async (_input, s, ctx) => {
    requireUser(ctx)
    appendAudit(s.db, { actor: actorOf(ctx), action: 'model.load_requested' })
    await s.llm.ensureLoaded({ explicit: true })
    return s.llm.status()
  },
  'models.unload': async (_input, s, ctx) => {
    requireUser(ctx)
    await s.llm.unload()
    appendAudit(s.db, { actor: actorOf(ctx), action: 'model.unloaded' })
    return s.llm.status()
  },
  'models.promptTemplate': (_input, s, ctx) => {
    requireUser(ctx)
    const custom = getConfig(s.db).promptTemplate
    const text = custom ?? DEFAULT_TEMPLATE
    return { text, version: templateVersion(text), isDefault: custom === null }
  },
}
