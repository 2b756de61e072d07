// Handlers for settings.* methods.
import type { settingsContract } from '../../shared/contract/settings'
import { actorOf } from '../audit/actor'
import { appendAudit } from '../store/audit'
import { getAllSettings, setSetting } from '../store/settings'
import type { HandlersFor } from './types'

export const settingsHandlers: HandlersFor<keyof typeof settingsContract> = {
  'settings.get': (_input, s) => getAllSettings(s.db),
  'settings.set': ({ key, value }, s, ctx) => {
    s.db.transaction(() => {
      setSetting(s.db, key, value)
      appendAudit(s.db, { actor: actorOf(ctx), action: 'settings.set', entityType: 'setting', entityId: key, details: { value } })
    })()
    s.events.emit('settings.changed', { key })
    return { ok: true as const }
  },
}
