// Handlers for rules.* methods: read, validate, activate or reset the rule file, and re-evaluate the store.
import type { rulesContract } from '../../shared/contract/rules'
import { requireRole, requireUser } from '../auth/requireRole'
import { checkSiteFile } from '../findings/activeRules'
import { reevaluateAll } from '../findings/evaluate'
import type { Services } from '../services'
import { appendAudit } from '../store/audit'
import type { HandlersFor } from './types'

async function runAll(s: Services, jobId: string | undefined) {
  const { compiled } = s.rules.current()
  return reevaluateAll(s.db, compiled, ({ done, total }) => {
    if (jobId) s.events.emit('rules.progress', { jobId, done, total, label: `${done} of ${total} reports` })
  })
}

async function activate(s: Services, text: string | null, actor: string, jobId: string | undefined) {
  const now = new Date().toISOString()
  const active = s.db.transaction(() => {
    const next = s.rules.activate(text, now)
    appendAudit(s.db, { actor, action: text === null ? 'rules.reset' : 'rules.activated', entityType: 'rule_set', entityId: next.ruleSet.ruleSetVersion, details: { isDefault: next.isDefault } })
    return next
  })()
  const summary = await runAll(s, jobId)
  return { ...summary, version: active.ruleSet.ruleSetVersion }
}

export const rulesHandlers: HandlersFor<keyof typeof rulesContract> = {
  'rules.get': (_input, s, ctx) => {
    requireUser(ctx)
    const a = s.rules.current()
    return {
      version: a.ruleSet.ruleSetVersion,
      name: a.ruleSet.name,
      isDefault: a.isDefault,
      ruleCount: a.ruleSet.rules.length,
      activatedAt: a.activatedAt,
      text: a.text,
    }
  },
  // Checking a file changes nothing, so anyone signed in may; activating it is for administrators.
  'rules.validate': ({ text }, _s, ctx) => {
    requireUser(ctx)
    const checked = checkSiteFile(text)
    return checked.ok
      ? { ok: true, errors: [], version: checked.ruleSet.ruleSetVersion, ruleCount: checked.ruleSet.rules.length }
      : { ok: false, errors: checked.errors, version: null, ruleCount: 0 }
  },
  'rules.activate': ({ text, jobId }, s, ctx) => activate(s, text, requireRole(ctx, 'admin').username, jobId),
  'rules.resetToDefault': ({ jobId }, s, ctx) => activate(s, null, requireRole(ctx, 'admin').username, jobId),
  'rules.run': async ({ jobId }, s, ctx) => {
    const admin = requireRole(ctx, 'admin')
    const summary = await runAll(s, jobId)
    appendAudit(s.db, { actor: admin.username, action: 'rules.run', details: { reports: summary.reports, findings: summary.findings } })
    return summary
  },
}
