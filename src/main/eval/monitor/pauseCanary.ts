// Pausing the canary automatically (an alert threshold crossed, or the canary unable to draft): state, audit row and event together.
import type { EventBus } from '../../eventBus'
import { appendAudit } from '../../store/audit'
import type { Db } from '../../store/db'
import { applyRolloutAction } from '../rolloutStore'

/** Who pauses a canary automatically, in the audit trail. */
export const MONITOR_ACTOR = { id: 0, name: 'rollout-monitor' }

/**
 * Pauses the canary (it stays canary; new reports go to production) with `reason` in the version's row, and an audit
 * row `rollout.canary.paused` carrying `details` (ids, codes and figures only: never the reason's text).
 */
export function pauseCanary(deps: { db: Db; events: EventBus }, versionId: number, reason: string, details: Record<string, unknown>, now: string): void {
  deps.db.transaction(() => {
    applyRolloutAction(deps.db, { kind: 'pause', versionId, reason }, MONITOR_ACTOR, now)
    appendAudit(deps.db, { actor: MONITOR_ACTOR.name, action: 'rollout.canary.paused', entityType: 'model_version', entityId: versionId, details })
  })()
  deps.events.emit('rollout.alert', { versionId, paused: true })
}
