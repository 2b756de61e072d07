// Handlers for rules.* methods: read, validate, activate or reset the rule file, and re-evaluate the store.
import type { rulesContract } from '../../shared/contract/rules'
import { actorOf } from '../audit/actor'
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
  'rules.get': (_input, s) => {
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
  'rules.validate': ({ text }) => {
    const checked = checkSiteFile(text)
    return checked.ok
      ? { ok: true, errors: [], version: checked.ruleSet.ruleSetVersion, ruleCount: checked.ruleSet.rules.length }
      : { ok: false, errors: checked.errors, version: null, ruleCount: 0 }
  },
  'rules.activate': ({ text, jobId }, s, ctx) => activate(s, text, actorOf(ctx), jobId),
  'rules.resetToDefault': ({ jobId }, s, ctx) => activate(s, null, actorOf(ctx), jobId),
  'rules.run': async ({ jobId }, s, ctx) => {
    const summary = await runAll(s, jobId)
    appendAudit(s.db, { actor: actorOf(ctx), action: 'rules.run', details: { reports: summary.reports, findings: summary.findings } })
    return summary
  },
}
