// The review document: a reviewer's decisions on a draft (accept, edit, reject, add) with reason codes, as zod schemas.
// The same shape is the autosaved working copy, `review apply`'s file and what the review screen sends.
import { z } from 'zod'
import { DRAFT_LIMITS, DRAFT_SEVERITIES, DraftFindingSchema, parseEvidenceId } from './interpretation'
import { REASON_CODES } from './reasonCodes'

export const REVIEW_LIMITS = {
  comment: 1000,
  /** Decisions in one document: every draft finding once, plus added findings (the result still holds at most DRAFT_LIMITS.findings). */
  decisions: 32,
} as const

export const ReasonCodeSchema = z.enum(REASON_CODES)
export const SeveritySchema = z.enum(DRAFT_SEVERITIES)

const comment = z.string().max(REVIEW_LIMITS.comment).nullable().optional()
const nonEmpty = (s: string) => s.trim().length > 0
const statement = DraftFindingSchema.shape.statement.refine(nonEmpty, { message: 'must not be empty' })
const recommendation = DraftFindingSchema.shape.recommendation
// A reviewer cites what exists: an id as the report shows it (O12 an observation, F3 a rule finding, S1 a statement, ...).
const evidence = z
  .array(z.string().max(DRAFT_LIMITS.evidenceId).refine((s) => parseEvidenceId(s) !== null, { message: 'not an evidence id (like O12, F3, S1, R40, M2)' }))
  .max(DRAFT_LIMITS.evidence)
const draftIndex = z.number().int().min(0).max(DRAFT_LIMITS.findings - 1)

export const AcceptDecisionSchema = z.strictObject({ draftIndex, action: z.literal('accept') })
/** An edit changes any of the four fields; a field left out keeps the draft's value. */
export const EditDecisionSchema = z.strictObject({
  draftIndex,
  action: z.literal('edit'),
  statement: statement.optional(),
  severity: SeveritySchema.optional(),
  evidence: evidence.optional(),
  recommendation: recommendation.optional(),
  reason: ReasonCodeSchema,
  comment,
})
export const RejectDecisionSchema = z.strictObject({ draftIndex, action: z.literal('reject'), reason: ReasonCodeSchema, comment })
/** A finding the draft missed (or, with rejectDraft, any finding of an interpretation written from scratch). */
export const AddDecisionSchema = z.strictObject({
  action: z.literal('add'),
  statement,
  severity: SeveritySchema,
  evidence,
  recommendation: recommendation.default(null),
  reason: ReasonCodeSchema,
  comment,
})

export const FindingDecisionSchema = z.discriminatedUnion('action', [AcceptDecisionSchema, EditDecisionSchema, RejectDecisionSchema, AddDecisionSchema])
export type FindingDecision = z.infer<typeof FindingDecisionSchema>
export type FindingAction = FindingDecision['action']

export const ReviewDocumentSchema = z.strictObject({
  /** The review's row version the edits were made on (review show's rowVersion; 0 before the first save). */
  baseVersion: z.number().int().min(0),
  findings: z.array(FindingDecisionSchema).max(REVIEW_LIMITS.decisions).default([]),
  summary: z.strictObject({ text: z.string().max(DRAFT_LIMITS.summary).refine(nonEmpty, { message: 'must not be empty' }), reason: ReasonCodeSchema, comment }).optional(),
  overallSeverity: z.strictObject({ value: SeveritySchema, reason: ReasonCodeSchema, comment }).optional(),
  /** Extension: the draft's comparison_with_prior (null: none). */
  comparison: z.strictObject({ text: z.string().max(DRAFT_LIMITS.comparison).nullable(), reason: ReasonCodeSchema, comment }).optional(),
  /** Extension: the draft's limitations. */
  limitations: z.strictObject({ text: z.string().max(DRAFT_LIMITS.limitations), reason: ReasonCodeSchema, comment }).optional(),
  /** Write from scratch: the whole draft is discarded; findings then hold only `add` entries, and summary and overallSeverity are required. */
  rejectDraft: z.strictObject({ reason: ReasonCodeSchema, comment }).optional(),
})
export type ReviewDocument = z.infer<typeof ReviewDocumentSchema>
export type ReviewDocumentInput = z.input<typeof ReviewDocumentSchema>

/** "findings.1.reason: Invalid option: ..." — the first problems of an invalid document, each naming its field. */
export function describeDocumentError(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : '(document)'}: ${i.message}`)
    .join('; ')
}
