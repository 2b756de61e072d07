// Contract methods for the append-only, hash-chained audit log: listing, verification, checkpoints.
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

/**
 * Why verification failed: a row's content or link changed; rows are missing from the middle (an id gap); the newest
 * rows are gone (the table is behind an anchor or checkpoint); an anchor store the log says was kept is gone; an anchor
 * is unreadable or names a head the table does not have.
 */
export const AUDIT_BREAKS = ['altered_row', 'missing_rows', 'truncated_tail', 'anchor_missing', 'anchor_mismatch'] as const
export type AuditBreak = (typeof AUDIT_BREAKS)[number]

export const AuditVerificationSchema = z.object({
  ok: z.boolean(),
  /** Rows found intact before the first problem (all rows when ok). */
  checked: z.number().int(),
  /** The first altered or missing row; null when intact or when the problem is an anchor store alone. */
  firstBadId: z.number().int().nullable(),
  reason: z.enum(AUDIT_BREAKS).nullable(),
  /** What is wrong and where, in words; no patient data (the log holds none). */
  message: z.string(),
})
export type AuditVerification = z.infer<typeof AuditVerificationSchema>

export const CHECKPOINT_FORMAT = 'readout-audit-checkpoint'

/**
 * A checkpoint an admin keeps off the workstation: the log's length and newest hash at a moment. Unsigned on purpose:
 * it is trustworthy because it is stored where the workstation cannot write, and anyone can read what it says.
 */
export const AuditCheckpointSchema = z
  .object({
    format: z.literal(CHECKPOINT_FORMAT),
    version: z.literal(1),
    count: z.number().int().min(0),
    headHash: z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 hash in lower-case hex'),
    /** When it was taken (ISO 8601). */
    at: z.string().min(1).max(40),
    /** The data folder it was taken from, to tell workstations' checkpoints apart. */
    dataDir: z.string().max(4096).optional(),
  })
  .strict()
export type AuditCheckpoint = z.infer<typeof AuditCheckpointSchema>

/** ISO date (a whole day) or date-time with an offset. */
const DateBound = z.string().min(1).max(40)

export const ListAuditInputSchema = z
  .object({
    limit: z.number().int().min(1).max(500).default(100),
    /** Page backwards: events older than this id. */
    beforeId: z.number().int().optional(),
    /** Events by this user (the actor column). Users without the admin role see only their own events. */
    user: z.string().min(1).max(200).optional(),
    /** An exact action, or a prefix ending in '.' ("report." for every report event). */
    action: z.string().min(1).max(100).optional(),
    /** Events about this report. */
    reportId: z.number().int().min(1).optional(),
    /** From this date or instant (inclusive); a date alone starts at 00:00 UTC. */
    since: DateBound.optional(),
    /** Up to this date or instant; a date alone includes that whole day (UTC). */
    until: DateBound.optional(),
  })
  .strict()

export const auditContract = {
  /** Newest-first page of audit events, filtered. Admins see everyone's; other users see their own. */
  'audit.list': method(ListAuditInputSchema, z.array(AuditEventSchema)),
  /** Recompute the hash chain over the whole log and check it against the anchors (and a checkpoint, when given). */
  'audit.verify': method(z.object({ checkpoint: AuditCheckpointSchema.optional() }).strict(), AuditVerificationSchema),
  /** The latest verification (the one at start-up, or a later audit.verify), without recomputing; null before any. */
  'audit.status': method(z.object({}).strict(), z.object({ verification: AuditVerificationSchema.nullable(), at: z.string().nullable() })),
  /** A checkpoint of the log as it is now, for an admin to keep off the workstation. Recorded in the log. */
  'audit.exportCheckpoint': method(z.object({}).strict(), AuditCheckpointSchema),
}
