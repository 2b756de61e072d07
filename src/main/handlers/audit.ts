// Handlers for audit.* methods.
import type { auditContract } from '../../shared/contract/audit'
import { listAudit, verifyAuditChain } from '../store/audit'
import type { HandlersFor } from './types'

export const auditHandlers: HandlersFor<keyof typeof auditContract> = {
  'audit.list': (input, s) => listAudit(s.db, input),
  'audit.verify': (_input, s) => verifyAuditChain(s.db),
}
