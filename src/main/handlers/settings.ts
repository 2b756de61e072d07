// Handlers for settings.* methods.
import type { settingsContract } from '../../shared/contract/settings'
import { requireRole, requireUser } from '../auth/requireRole'
import { appendAudit } from '../store/audit'
import { getAllSettings, setSetting } from '../store/settings'
import type { HandlersFor } from './types'

export const settingsHandlers: HandlersFor<keyof typeof settingsContract> = {
  'settings.get': (_input, s, ctx) => {
    requireUser(ctx)
    return getAllSettings(s.db)
  },
  'settings.set': ({ key, value }, s, ctx) => {
    const admin = requireRole(ctx, 'admin')
    s.db.transaction(() => {
      setSetting(s.db, key, value)
      appendAudit(s.db, { actor: admin.username, action: 'settings.set', entityType: 'setting', entityId: key, details: { value } })
    })()
    s.events.emit('settings.changed', { key })
    return { ok: true as const }
  },
}
