// Contract methods for stored reports: the worklist query, one report in full, trends, quarantine.
import { z } from 'zod'
import { OBSERVATION_STATUSES, REPORT_KINDS, REPORT_STATUSES, SOURCE_FORMATS } from '../domain/report'
import { method } from './define'
import { InterpretationSchema } from './interpret'
import { ReviewStatusSchema, ReviewSummarySchema } from './review'
import { FindingSchema, SeveritySchema } from './rules'

export const ReportKindSchema = z.enum(REPORT_KINDS)
export const ReportStatusSchema = z.enum(REPORT_STATUSES)
export const SourceFormatSchema = z.enum(SOURCE_FORMATS)

export const ReportSummarySchema = z.object({
  id: z.number().int(),
  patientId: z.number().int(),
  patientName: z.string(),
  /** First patient identifier, "authority:id". */
  patientIdentifier: z.string(),
  kind: ReportKindSchema,
  sourceFormat: SourceFormatSchema,
  title: z.string().nullable(),
  device: z.string().nullable(),
  observedAt: z.string().nullable(),
  receivedAt: z.string(),
  status: ReportStatusSchema,
  /** Observations the device flagged abnormal (any flag other than N). */
  flagCount: z.number().int(),
  observationCount: z.number().int(),
  /** Worst rule finding: the worklist's triage order. Null when no rule fired. */
  maxSeverity: SeveritySchema.nullable(),
  /** The message of the worst finding, so a critical result is visible without opening the report. */
  topFinding: z.string().nullable(),
  /** Evidence-check standing of the latest model draft; null when there is none. */
  draftStanding: z.enum(['verified', 'issues', 'contradiction']).nullable(),
  /** The report's latest batch job, while it is queued or drafting, or when it failed; null otherwise. */
  draftJob: z.enum(['queued', 'running', 'failed']).nullable(),
  /** Where the report is in review and sign-off. */
  reviewStatus: ReviewStatusSchema,
  /** Display name of the last person who worked on its review; null before a review starts. */
  reviewer: z.string().nullable(),
})
export type ReportSummary = z.infer<typeof ReportSummarySchema>

export const DRAFT_FILTERS = ['none', 'queued', 'running', 'failed', 'verified', 'issues', 'contradiction'] as const
export const DraftFilterSchema = z.enum(DRAFT_FILTERS)
export type DraftFilter = z.infer<typeof DraftFilterSchema>

export const ListReportsInputSchema = z
  .object({
    kinds: z.array(ReportKindSchema).max(10).optional(),
    statuses: z.array(ReportStatusSchema).max(10).optional(),
    /** ISO date or date-time; inclusive bounds on observedAt. */
    from: z.string().max(40).optional(),
    to: z.string().max(40).optional(),
    /** Full-text search over patient names, identifiers, codes, displays, statements and attachment text. */
    search: z.string().max(200).optional(),
    patientId: z.number().int().optional(),
    /**
     * Draft states, any of: 'none' (no draft), a draft's standing, or the batch's state of a report without a draft
     * ('queued', 'running', 'failed'), as the worklist's Draft column shows them.
     */
    drafts: z.array(DraftFilterSchema).max(7).optional(),
    /** Review statuses, any of (device_corrected: the device corrected a value after sign-off). */
    reviewStatuses: z.array(ReviewStatusSchema).max(7).optional(),
    /** Only reports whose review this user (id) last worked on. */
    reviewerId: z.number().int().optional(),
    /** Only the caller's reviews in progress (in review, last worked on by the caller). */
    mine: z.boolean().optional(),
    /** 'triage': unsigned first, critical first among them, then newest; 'time': newest first. */
    sort: z.enum(['triage', 'time']).default('triage'),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .strict()

export const ObservationSchema = z.object({
  id: z.number().int(),
  seq: z.number().int(),
  codeSystem: z.string(),
  code: z.string(),
  display: z.string().nullable(),
  valueType: z.enum(['numeric', 'text', 'coded']),
  valueNum: z.number().nullable(),
  comparator: z.string().nullable(),
  valueText: z.string().nullable(),
  unit: z.string().nullable(),
  ucumUnit: z.string().nullable(),
  /** Why the unit could not be mapped to UCUM; null when it was. */
  unitUnmapped: z.string().nullable(),
  normalisedValue: z.number().nullable(),
  normalisedUnit: z.string().nullable(),
  refLow: z.number().nullable(),
  refHigh: z.number().nullable(),
  refText: z.string().nullable(),
  deviceFlag: z.string().nullable(),
  status: z.enum(OBSERVATION_STATUSES),
  observedAt: z.string().nullable(),
  subId: z.string().nullable(),
  /** Earlier values this one superseded (HL7 OBX-11 C, FHIR corrected), oldest first. */
  history: z.array(
    z.object({
      valueNum: z.number().nullable(),
      valueText: z.string().nullable(),
      unit: z.string().nullable(),
      status: z.string(),
      supersededAt: z.string(),
    }),
  ),
})
export type Observation = z.infer<typeof ObservationSchema>

export const ReportDetailSchema = ReportSummarySchema.extend({
  patient: z.object({
    id: z.number().int(),
    identifiers: z.array(z.object({ authority: z.string(), id: z.string() })),
    familyName: z.string().nullable(),
    givenName: z.string().nullable(),
    birthDate: z.string().nullable(),
    sex: z.string().nullable(),
  }),
  deviceInfo: z.object({ manufacturer: z.string().nullable(), model: z.string().nullable(), serial: z.string().nullable() }),
  orderedAt: z.string().nullable(),
  parseLog: z.array(z.string()),
  metrics: z.record(z.string(), z.number()),
  observations: z.array(ObservationSchema),
  /** Deterministic rule findings with their basis, worst first. */
  findings: z.array(FindingSchema),
  /** The latest model draft with its provenance and evidence check, or null. */
  latestInterpretation: InterpretationSchema.nullable(),
  /** Review status and every interpretation version (author, time, content hash, reason codes, signature). */
  review: ReviewSummarySchema,
  statements: z.array(z.object({ seq: z.number().int(), kind: z.enum(['machine', 'note', 'conclusion']), text: z.string() })),
  attachments: z.array(
    z.object({ id: z.number().int(), mediaType: z.string(), description: z.string().nullable(), size: z.number().int(), text: z.string().nullable() }),
  ),
  source: z.object({
    sha256: z.string(),
    size: z.number().int(),
    /** Where it came from: a file path or "mllp://peer". */
    origin: z.string(),
    /** The imported bytes decoded as text (first 1 MiB), exactly as received; null for binary input such as PDF. */
    text: z.string().nullable(),
    truncated: z.boolean(),
  }),
})
export type ReportDetail = z.infer<typeof ReportDetailSchema>

export const TrendPointSchema = z.object({
  reportId: z.number().int(),
  observedAt: z.string(),
  value: z.number(),
  unit: z.string().nullable(),
  status: z.string(),
})

export const QuarantineItemSchema = z.object({
  id: z.number().int(),
  origin: z.string(),
  receivedAt: z.string(),
  error: z.string(),
  /** "line 3, segment OBX, field 5" style location. */
  location: z.string().nullable(),
  size: z.number().int(),
  sha256: z.string(),
})
export type QuarantineItem = z.infer<typeof QuarantineItemSchema>

export const reportsContract = {
  /** One page of the worklist, newest observation first, with the total matching count. */
  'reports.list': method(ListReportsInputSchema, z.object({ total: z.number().int(), items: z.array(ReportSummarySchema) })),
  /** One report in full: patient, observations with history, statements, attachments, parse log and the raw source. */
  'reports.get': method(z.object({ id: z.number().int() }).strict(), ReportDetailSchema),
  /**
   * Numeric values of the given codes across the patient's reports, oldest first (for trend charts).
   * Codes are "system|code", e.g. "LOINC|2823-3".
   */
  'reports.trend': method(
    z.object({ patientId: z.number().int(), codes: z.array(z.string().max(100)).min(1).max(50) }).strict(),
    z.record(z.string(), z.array(TrendPointSchema)),
  ),
  /** Inputs that failed to import, newest first. */
  'quarantine.list': method(
    z.object({ limit: z.number().int().min(1).max(500).default(100), offset: z.number().int().min(0).default(0) }).strict(),
    z.object({ total: z.number().int(), items: z.array(QuarantineItemSchema) }),
  ),
  /** One quarantined input with its raw content decoded as text (first 1 MiB). */
  'quarantine.get': method(
    z.object({ id: z.number().int() }).strict(),
    QuarantineItemSchema.extend({ text: z.string().nullable(), truncated: z.boolean() }),
  ),
}
