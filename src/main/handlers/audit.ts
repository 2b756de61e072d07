// Handlers for audit.* methods: the filtered log, verification against the anchors, checkpoints.
import type { auditContract } from '../../shared/contract/audit'
import { AppError } from '../../shared/errors'
import { actorOf } from '../audit/actor'
import { auditTimeRange } from '../audit/timeRange'
import { requireRole, requireUser } from '../auth/requireRole'
import { appendAudit, listAudit } from '../store/audit'
import type { HandlersFor } from './types'

export const auditHandlers: HandlersFor<keyof typeof auditContract> = {
  'audit.list': ({ user, action, reportId, since, until, limit, beforeId }, s, ctx) => {
    const me = requireUser(ctx)
    // Admins review everyone's actions; anyone else may see what was recorded about their own.
    const isAdmin = me.roles.includes('admin')
    if (!isAdmin && user !== undefined && user !== me.username) {
      throw new AppError('FORBIDDEN', `Only an admin can list other users' events; ${me.username} can list their own.`)
    }
    return listAudit(s.db, { limit, beforeId, actor: isAdmin ? user : me.username, action, reportId, ...auditTimeRange(since, until) })
  },
  'audit.verify': ({ checkpoint }, s, ctx) => {
    // Any signed-in user may check: the answer holds counts and ids, nothing about patients.
    requireUser(ctx)
    return s.audit.verify(checkpoint)
  },
  'audit.status': (_input, s, ctx) => {
    requireUser(ctx)
    return s.audit.status()
  },
  'audit.exportCheckpoint': (_input, s, ctx) => {
    requireRole(ctx, 'admin')
    const checkpoint = s.audit.checkpoint()
    appendAudit(s.db, { actor: actorOf(ctx), action: 'audit.checkpoint_exported', details: { count: checkpoint.count } })
    return checkpoint
  },
}
