// Handlers for audit.* methods.
import type { auditContract } from '../../shared/contract/audit'
import { requireRole } from '../auth/requireRole'
import { listAudit, verifyAuditChain } from '../store/audit'
import type { HandlersFor } from './types'

export const auditHandlers: HandlersFor<keyof typeof auditContract> = {
  // Administrators: the log shows who opened what, which is itself personal data about staff.
  'audit.list': (input, s, ctx) => {
    requireRole(ctx, 'admin')
    return listAudit(s.db, input)
  },
  'audit.verify': (_input, s, ctx) => {
    requireRole(ctx, 'admin')
    return verifyAuditChain(s.db)
  },
}
