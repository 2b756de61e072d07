// Contract methods for clinical review and sign-off: the review state, autosave with optimistic concurrency, applying a
// review document, return, sign (password re-entered), amend, and the worklist's counts per review status.
import { z } from 'zod'
import { CORRECTION_TARGETS, FINDING_FIELDS } from '../domain/applyReview'
import { DraftFindingSchema, InterpretationDraftSchema } from '../domain/interpretation'
import { REASON_CODES, REASON_CODES_VERSION } from '../domain/reasonCodes'
import { REVIEW_STATUSES } from '../domain/reviewLifecycle'
import { ReasonCodeSchema, ReviewDocumentSchema, SeveritySchema } from '../domain/reviewDocument'
import { ACKNOWLEDGEMENT_MAX_LENGTH } from '../domain/signOff'
import { method } from './define'

export const ReviewStatusSchema = z.enum(REVIEW_STATUSES)

const reportId = z.number().int()
const PersonSchema = z.object({ id: z.number().int(), name: z.string() })
const TextDiffSchema = z.array(z.object({ op: z.enum(['same', 'added', 'removed']), text: z.string() }))

/** A problem in a review document, naming its field ("findings.2.draftIndex"). */
export const DocumentProblemSchema = z.object({ path: z.string(), message: z.string() })

/** One reviewer decision, structured for the training export and the evaluation (see domain/applyReview.ts). */
export const CorrectionSchema = z.object({
  seq: z.number().int(),
  target: z.enum(CORRECTION_TARGETS),
  draftIndex: z.number().int().nullable(),
  resultIndex: z.number().int().nullable(),
  action: z.enum(['accept', 'edit', 'reject', 'add']),
  reason: ReasonCodeSchema.nullable(),
  comment: z.string().nullable(),
  changedFields: z.array(z.enum(FINDING_FIELDS)),
  before: z.union([DraftFindingSchema, InterpretationDraftSchema, z.string(), z.null()]),
  after: z.union([DraftFindingSchema, InterpretationDraftSchema, z.string(), z.null()]),
})
export type Correction = z.infer<typeof CorrectionSchema>

/** An evidence-check issue (the draft's stored check, or the check of the version about to be signed). */
export const ReviewIssueSchema = z.object({ code: z.string(), findingIndex: z.number().int().nullable(), message: z.string() })

export const SignatureSchema = z.object({
  id: z.number().int(),
  versionId: z.number().int(),
  signerId: z.number().int(),
  signerName: z.string(),
  signedAt: z.string(),
  /** What the signature means, shown with it: "reviewed and approved". */
  meaning: z.string(),
  /** SHA-256 of the signed content's canonical JSON: the signature is bound to exactly these bytes. */
  contentSha256: z.string(),
  /** The signer's acknowledgement of evidence-check issues left in the version; null when none was needed. */
  acknowledgement: z.string().nullable(),
})
export type Signature = z.infer<typeof SignatureSchema>

/** One interpretation version: 1 is the first reviewed version, n+1 amends n. */
export const VersionSummarySchema = z.object({
  id: z.number().int(),
  version: z.number().int(),
  previousVersionId: z.number().int().nullable(),
  state: z.enum(['working', 'signed']),
  author: PersonSchema,
  createdAt: z.string(),
  contentSha256: z.string(),
  /** Why the signed version before it was amended; null for version 1. */
  amendmentReason: z.string().nullable(),
  /** The distinct reason codes of this version's corrections. */
  reasonCodes: z.array(ReasonCodeSchema),
  signature: SignatureSchema.nullable(),
  /**
   * The model draft this version was reviewed from (for an amendment, the draft its chain started from), with the model
   * that wrote it as "base + adapter×scale"; null when the version was written from scratch.
   */
  draftedWith: z.object({ interpretationId: z.number().int(), createdAt: z.string(), model: z.string() }).nullable(),
})
export type VersionSummary = z.infer<typeof VersionSummarySchema>

export const DeviceCorrectionSchema = z.object({
  at: z.string(),
  /** Observations whose values the device changed after sign-off (highlight them). */
  observationIds: z.array(z.number().int()),
})

/** What reports.get carries about the review: status and every version. */
export const ReviewSummarySchema = z.object({
  status: ReviewStatusSchema,
  deviceCorrection: DeviceCorrectionSchema.nullable(),
  versions: z.array(VersionSummarySchema),
})
export type ReviewSummary = z.infer<typeof ReviewSummarySchema>

/** The working version: the review document applied to its base. */
export const WorkingVersionSchema = z.object({
  versionId: z.number().int(),
  version: z.number().int(),
  content: InterpretationDraftSchema,
  contentSha256: z.string(),
  corrections: z.array(CorrectionSchema),
  /** Draft against the version about to be signed, per finding and word by word. */
  diff: z.object({
    identical: z.boolean(),
    summary: TextDiffSchema,
    overallSeverity: z.object({ before: SeveritySchema, after: SeveritySchema }),
    comparison: TextDiffSchema,
    limitations: TextDiffSchema,
    findings: z.array(
      z.object({
        change: z.enum(['unchanged', 'edited', 'removed', 'added']),
        draftIndex: z.number().int().nullable(),
        resultIndex: z.number().int().nullable(),
        statement: TextDiffSchema,
        severity: z.object({ before: SeveritySchema.nullable(), after: SeveritySchema.nullable() }),
        evidence: z.object({ removed: z.array(z.string()), added: z.array(z.string()), kept: z.array(z.string()) }),
        recommendation: TextDiffSchema,
      }),
    ),
  }),
  /** What keeps the document from being signed (an undecided finding, an edit that changes nothing, ...). */
  unfinished: z.array(DocumentProblemSchema),
})

export const ReviewStateSchema = z.object({
  reportId: z.number().int(),
  status: ReviewStatusSchema,
  /** The optimistic-concurrency token: send it as the document's baseVersion. 0 before the first save. */
  rowVersion: z.number().int(),
  /**
   * What the review decides on: the model's draft (findings numbered from 0: a decision's draftIndex), for an amendment
   * the signed version it amends, or none (write from scratch).
   */
  base: z.object({
    kind: z.enum(['draft', 'version', 'none']),
    interpretationId: z.number().int().nullable(),
    versionId: z.number().int().nullable(),
    content: InterpretationDraftSchema.nullable(),
    /** The base's evidence-check issues; findingIndex is a draftIndex. */
    issues: z.array(ReviewIssueSchema),
  }),
  /** A newer model draft than the base exists (the review keeps its base; the reviewer may start over on the new one). */
  newerDraftId: z.number().int().nullable(),
  /** The saved working copy (a review document, possibly unfinished); null before the first save. */
  document: ReviewDocumentSchema.nullable(),
  working: WorkingVersionSchema.nullable(),
  /** Whether the working version can be signed now, and what must be acknowledged (null without a working version). */
  signOff: z
    .object({
      ready: z.boolean(),
      /** Why it cannot be signed yet (unfinished document, wrong status); empty when ready. */
      blockers: z.array(z.string()),
      /**
       * Evidence-check issues of the working version: signing needs an acknowledgement comment when any is listed. Null
       * in review.save's answer (autosave skips the check to stay fast; review.get, apply and sign run it).
       */
      needsAcknowledgement: z.array(ReviewIssueSchema).nullable(),
    })
    .nullable(),
  assignedReviewer: PersonSchema.nullable(),
  lastReviewer: PersonSchema.nullable(),
  updatedAt: z.string().nullable(),
  returned: z.object({ comment: z.string(), by: PersonSchema, at: z.string() }).nullable(),
  deviceCorrection: DeviceCorrectionSchema.nullable(),
  versions: z.array(VersionSummarySchema),
  /** The caller's edits refused by a conflicting save, kept to be re-applied; cleared by review.save's resolvesKeptEdits. */
  keptEdits: z.array(z.object({ id: z.number().int(), savedAt: z.string(), baseVersion: z.number().int(), document: ReviewDocumentSchema })),
})
export type ReviewState = z.infer<typeof ReviewStateSchema>

export const ReviewCountsSchema = z.object({
  byStatus: z.record(ReviewStatusSchema, z.number().int()),
  /** Reports in review whose last reviewer is the caller. */
  mineInProgress: z.number().int(),
})
export type ReviewCounts = z.infer<typeof ReviewCountsSchema>

export const REASON_CODE_LIST = { version: REASON_CODES_VERSION, codes: REASON_CODES }

export const reviewContract = {
  /** The review of a report: status, base (draft findings with their indexes), working copy and version, diff, sign-off readiness, versions. Technician or clinician. */
  'review.get': method(z.object({ reportId }).strict(), ReviewStateSchema),
  /**
   * Autosave the working copy (a review document, decisions may be unfinished). document.baseVersion must be the current
   * rowVersion: a stale one fails with CONFLICT, and the refused document is kept (state.keptEdits) to be re-applied,
   * never overwritten. A document that makes no sense against the base (unknown draftIndex, a finding decided twice) is
   * refused with INVALID_INPUT naming the field. resolvesKeptEdits clears kept edits the caller has re-applied.
   * Technician or clinician.
   */
  'review.save': method(
    z
      .object({
        reportId,
        document: ReviewDocumentSchema,
        resolvesKeptEdits: z.array(z.number().int()).max(100).optional(),
        /** Start over on the newest draft (state.newerDraftId): the document's draftIndexes then refer to it. */
        rebase: z.boolean().optional(),
      })
      .strict(),
    ReviewStateSchema,
  ),
  /** Apply a whole review document: as save, but every draft finding must be decided and nothing unfinished (else INVALID_INPUT naming the field). Technician or clinician. */
  'review.apply': method(z.object({ reportId, document: ReviewDocumentSchema }).strict(), ReviewStateSchema),
  /** Send the report back (re-import, re-draft) with a comment. baseVersion as in save. Technician or clinician. */
  'review.return': method(
    z.object({ reportId, baseVersion: z.number().int().min(0), comment: z.string().trim().min(1, 'write why it is returned').max(1000) }).strict(),
    ReviewStateSchema,
  ),
  /**
   * Sign the working version: clinician only, password re-entered (verified by the sign-in service), contentSha256 the
   * hash of the content the signer saw (a changed version fails with CONFLICT). A version whose evidence check still
   * fails, or that calls normal what a critical rule finding flags, needs an acknowledgement comment. The signed
   * version is frozen: its bytes and hash never change.
   */
  'review.sign': method(
    z
      .object({
        reportId,
        contentSha256: z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in hex (working.contentSha256)'),
        password: z.string().min(1).max(1024),
        acknowledgement: z.string().max(ACKNOWLEDGEMENT_MAX_LENGTH).optional(),
      })
      .strict(),
    ReviewStateSchema,
  ),
  /** Open an amendment of a signed report: working version n+1 referencing signed version n, with a reason. The signed version stays as signed. Clinician. */
  'review.amend': method(z.object({ reportId, reason: z.string().trim().min(1, 'write why it is amended').max(1000) }).strict(), ReviewStateSchema),
  /** After a device correction following sign-off: the signed version stands (with a comment); the report leaves the worklist's corrected list. Clinician. */
  'review.confirmSigned': method(z.object({ reportId, comment: z.string().trim().min(1, 'write why the signed version stands').max(1000) }).strict(), ReviewStateSchema),
  /** Reports per review status, and the caller's reviews in progress: the navigation's counts. */
  'review.counts': method(z.object({}).strict(), ReviewCountsSchema),
}
