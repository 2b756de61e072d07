// Handlers for versions.* and rollout.* methods: register model versions, move them through shadow, canary, production, rollback.
import type { rolloutContract, RolloutStatus } from '../../shared/contract/rollout'
import type { SessionUser } from '../../shared/domain/roles'
import { requireRole, requireUser } from '../auth/requireRole'
import { applyRolloutAction, registerVersion } from '../eval/rolloutStore'
import type { RolloutAction, RolloutEvent } from '../eval/rollout/states'
import { applyProductionConfig, type ProductionApplied } from '../eval/productionConfig'
import type { Services } from '../services'
import { checkJustifyingRun, getVersion, listVersions, resolveNewVersion, rolloutStatus } from '../eval/versionsStore'
import { rolloutMonitor } from '../eval/monitor/monitor'
import { getThresholds, setThresholds } from '../eval/monitor/thresholdsStore'
import { AlertThresholdsSchema } from '../../shared/domain/alertThresholds'
import { AppError } from '../../shared/errors'
import { appendAudit } from '../store/audit'
import type { Db } from '../store/db'
import type { HandlersFor } from './types'

/**
 * Applies the action and records it with ids and state names only; the state machine's refusals change nothing. A
 * promotion or rollback also writes the new production's configuration into the engine configuration, in the same
 * transaction, and reloads an engine that is loaded.
 */
function act(s: Services, user: SessionUser, action: RolloutAction): RolloutStatus {
  const db = s.db
  const now = new Date().toISOString()
  const production = db.transaction(() => {
    const { events } = applyRolloutAction(db, action, { id: user.id, name: user.username }, now)
    const changesProduction = events.some((e) => e.kind === 'promoted' || e.kind === 'rolled-back')
    const applied = changesProduction ? applyProductionConfig(db, now) : null
    audit(db, user, action, events, applied)
    return applied
  }).immediate()
  // In the background, as models.use does: the next draft waits for the load; failures show in models.status.
  if (production !== null && s.llm.isActive()) void s.llm.ensureLoaded().catch(() => undefined)
  return rolloutStatus(db)
}

function audit(db: Db, user: SessionUser, action: RolloutAction, events: RolloutEvent[], applied: ProductionApplied | null): void {
  // The pause reason is free text from an alert or a person: kept in the table, not copied into the audit trail.
  const safe = events.map((e) => (e.kind === 'paused' ? { kind: e.kind, versionId: e.versionId } : e))
  appendAudit(db, {
    actor: user.username,
    action: `rollout.${action.kind}`,
    entityType: 'model_version',
    entityId: action.kind === 'rollback' ? null : action.versionId,
    details: {
      events: safe,
      ...(action.kind === 'canary' ? { percent: action.percent } : {}),
      ...(action.kind === 'promote' ? { evaluationRunId: action.evaluationRunId } : {}),
      ...(applied !== null ? { configuredVersionId: applied.versionId, templateMatches: applied.templateMatches } : {}),
    },
  })
}

export const rolloutHandlers: HandlersFor<keyof typeof rolloutContract> = {
  // Reading the fleet: anyone signed in (clinicians see which version drafted). Changing it: ml or admin.
  'versions.list': (_input, s, ctx) => {
    requireUser(ctx)
    return listVersions(s.db)
  },
  'versions.create': ({ spec, name, notes }, s, ctx) => {
    const user = requireRole(ctx, 'ml', 'admin')
    const v = resolveNewVersion(s.db, spec, name, notes)
    const id = registerVersion(s.db, v, { id: user.id, name: user.username }, new Date().toISOString())
    const created = getVersion(s.db, id)
    appendAudit(s.db, {
      actor: user.username,
      action: 'model_version.created',
      entityType: 'model_version',
      entityId: id,
      details: { baseModelId: v.baseModelId, adapters: v.adapters.map((a) => ({ modelId: a.modelId, scale: a.scale })), fingerprint: created.fingerprint },
    })
    return created
  },
  'rollout.status': (_input, s, ctx) => {
    requireUser(ctx)
    return rolloutStatus(s.db)
  },
  'rollout.shadow': ({ versionId }, s, ctx) => act(s, requireRole(ctx, 'ml', 'admin'), { kind: 'shadow', versionId }),
  'rollout.canary': ({ versionId, percent }, s, ctx) => act(s, requireRole(ctx, 'ml', 'admin'), { kind: 'canary', versionId, percent }),
  'rollout.promote': ({ versionId, evaluationRunId }, s, ctx) => {
    const user = requireRole(ctx, 'ml', 'admin')
    if (evaluationRunId !== undefined) checkJustifyingRun(s.db, evaluationRunId, versionId)
    return act(s, user, { kind: 'promote', versionId, evaluationRunId: evaluationRunId ?? null })
  },
  'rollout.rollback': (_input, s, ctx) => act(s, requireRole(ctx, 'ml', 'admin'), { kind: 'rollback' }),
  'rollout.pauseCanary': ({ versionId, reason }, s, ctx) => {
    const status = act(s, requireRole(ctx, 'ml', 'admin'), { kind: 'pause', versionId, reason: `Paused by hand: ${reason}` })
    s.events.emit('rollout.alert', { versionId, paused: true })
    return status
  },
  'rollout.resumeCanary': ({ versionId }, s, ctx) => {
    const status = act(s, requireRole(ctx, 'ml', 'admin'), { kind: 'resume', versionId })
    s.events.emit('rollout.alert', { versionId, paused: false })
    return status
  },
  // Clinicians read it too: it is made of their corrections, and they review the canary's drafts.
  'rollout.monitor': (_input, s, ctx) => {
    requireRole(ctx, 'clinician', 'ml', 'admin')
    return rolloutMonitor(s.db)
  },
  'rollout.thresholds': (_input, s, ctx) => {
    requireUser(ctx)
    return getThresholds(s.db)
  },
  'rollout.setThresholds': (input, s, ctx) => {
    const user = requireRole(ctx, 'ml', 'admin')
    const next = AlertThresholdsSchema.parse({ ...getThresholds(s.db), ...input })
    if (next.minReviews > next.window) {
      throw new AppError('INVALID_INPUT', `minReviews (${next.minReviews}) is more than window (${next.window}): the alert could never judge. Lower minReviews or widen the window.`)
    }
    s.db.transaction(() => {
      setThresholds(s.db, next)
      appendAudit(s.db, { actor: user.username, action: 'rollout.thresholds', entityType: 'setting', entityId: 'rollout.alertThresholds', details: next })
    })()
    return next
  },
}
