// Contract methods for the append-only, hash-chained audit log.
import { z } from 'zod'
import { method } from './define'

export const AuditEventSchema = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  entityType: z.string().nullable(),
  entityId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  hash: z.string(),
})
export type AuditEvent = z.infer<typeof AuditEventSchema>

export const auditContract = {
  /** Newest-first page of audit events. */
  'audit.list': method(
    z.object({ limit: z.number().int().min(1).max(500).default(100), beforeId: z.number().int().optional() }).strict(),
    z.array(AuditEventSchema),
  ),
  /** Recompute the hash chain over the whole log. */
  'audit.verify': method(
    z.object({}).strict(),
    z.object({ ok: z.boolean(), checked: z.number().int(), firstBadId: z.number().int().nullable() }),
  ),
}
