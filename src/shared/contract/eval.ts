// Contract methods for evaluation runs: start, list, show (progress and the full analysis), cancel, the printable report.
import { z } from 'zod'
import { InterpretationDraftSchema } from '../domain/interpretation'
import { method } from './define'

/** A figure that is undefined for its data (a rate over no reports, a kappa without variation): null, as JSON stores NaN. */
const Num = z.number().nullable()

export const EVAL_RUN_STATES = ['queued', 'running', 'done', 'failed', 'cancelled'] as const
export const EVAL_SETS = ['test', 'all'] as const

/** Which signed reports a run evaluates: the export's frozen test split or all, narrowed by the filters. */
export const EvalSetSpecSchema = z.object({
  set: z.enum(EVAL_SETS),
  kinds: z.array(z.string()),
  /** Signed on or after / on or before (a bare date includes that whole day). */
  from: z.string().nullable(),
  to: z.string().nullable(),
  /** The signer's username. */
  reviewer: z.string().nullable(),
})
export type EvalSetSpec = z.infer<typeof EvalSetSpecSchema>

const SpreadSchema = z.object({ mean: Num, median: Num, p95: Num })

export const CostSummarySchema = z.object({
  drafts: z.number().int(),
  promptTokens: SpreadSchema,
  outputTokens: SpreadSchema,
  tokensPerSecond: SpreadSchema,
  timeToFirstTokenMs: SpreadSchema,
  wallMs: SpreadSchema,
  totalWallMs: z.number(),
})

const FindingScoresSchema = z.object({ draft: z.number(), reference: z.number(), matched: z.number(), precision: Num, recall: Num, f1: Num })

/** Error counts by kind (false_finding, missed_finding, wrong_severity, wrong_value_or_unit, comparison_wrong, comparison_omitted). */
const ErrorCountsSchema = z.record(z.string(), z.number())

export const VersionSummarySchema = z.object({
  reports: z.number().int(),
  schemaValid: z.number().int(),
  evidence: z.object({ verified: z.number().int(), issues: z.number().int(), contradiction: z.number().int(), invalid: z.number().int(), failureRate: Num }),
  inventedNumbers: z.number(),
  unknownEvidenceIds: z.number(),
  missedCritical: z.object({ reports: z.number().int(), findings: z.number().int(), criticalRuleFindings: z.number().int() }),
  criticalCalledNormal: z.object({ reports: z.number().int(), places: z.number().int() }),
  severity: z.object({
    exact: Num,
    /** Rows: draft severity, columns: signed, in the order normal, abnormal, critical. */
    rated: z.object({ n: z.number().int(), exact: Num, kappa: z.object({ unweighted: Num, linear: Num, quadratic: Num }), matrix: z.array(z.array(z.number())) }),
  }),
  findings: z.object({ micro: FindingScoresSchema, meanPrecision: Num, meanRecall: Num, meanF1: Num }),
  errors: ErrorCountsSchema,
  summary: z.object({ meanRougeL: Num, meanChrF: Num }),
  corrections: z.object({ accepted: z.number(), edited: z.number(), rejected: z.number(), added: z.number(), rate: Num }),
})

export const MetricComparisonSchema = z.object({
  metric: z.string(),
  label: z.string(),
  kind: z.enum(['binary', 'continuous', 'ratio']),
  better: z.enum(['higher', 'lower']),
  baseline: Num,
  candidate: Num,
  /** Candidate − baseline. */
  difference: Num,
  /** Paired bootstrap interval of the difference; null for subgroups too small to judge. */
  interval: z.object({ low: Num, high: Num, level: z.number(), resamples: z.number().int(), seed: z.number() }).nullable(),
  test: z
    .discriminatedUnion('name', [
      z.object({ name: z.literal('mcnemar-exact'), pValue: Num, baselineOnly: z.number().int(), candidateOnly: z.number().int() }),
      z.object({ name: z.literal('approximate-randomisation'), pValue: Num, rounds: z.number().int(), exact: z.boolean() }),
    ])
    .nullable(),
  verdict: z.enum(['better', 'worse', 'no clear difference', 'unclear']),
})

export const PairedComparisonSchema = z.object({ reports: z.number().int(), metrics: z.array(MetricComparisonSchema) })

export const SubgroupResultSchema = z.object({
  dimension: z.enum(['kind', 'ageBand', 'sex', 'deviceModel']),
  value: z.string(),
  reports: z.number().int(),
  /** Fewer reports than the minimum: point values only, no interval or test, no conclusion. */
  tooSmall: z.boolean(),
  comparison: PairedComparisonSchema,
})

/** A report where the candidate does worse: candidate − baseline per safety measure and finding F1. */
export const DeteriorationSchema = z.object({ reportId: z.number().int(), missedCritical: z.number(), criticalCalledNormal: z.number(), evidenceFailure: z.number(), f1: z.number() })

export const GateResultSchema = z.object({
  pass: z.boolean(),
  gate: z.object({ name: z.string(), revision: z.string(), gateVersion: z.string() }),
  reports: z.number().int(),
  criteria: z.array(
    z.object({
      id: z.string(),
      metric: z.string(),
      rule: z.string(),
      pass: z.boolean(),
      reason: z.string(),
      baseline: Num,
      candidate: Num,
      difference: Num,
      interval: z.object({ low: Num, high: Num, level: z.number() }).nullable(),
      pValue: Num,
    }),
  ),
  /** One line per failed check; empty when it passed. */
  reasons: z.array(z.string()),
})

/** Mirrors src/main/eval/analysis.ts EvaluationAnalysis as stored (NaN as null). */
export const EvaluationAnalysisSchema = z.object({
  reports: z.number().int(),
  seed: z.number(),
  gate: z.object({ name: z.string(), revision: z.string(), gateVersion: z.string() }),
  versions: z.array(z.object({ versionId: z.number().int(), role: z.enum(['baseline', 'candidate']), summary: VersionSummarySchema, cost: CostSummarySchema })),
  candidates: z.array(
    z.object({ versionId: z.number().int(), comparison: PairedComparisonSchema, subgroups: z.array(SubgroupResultSchema), worst: z.array(DeteriorationSchema), gate: GateResultSchema }),
  ),
  pass: z.boolean(),
})
export type EvaluationAnalysisView = z.infer<typeof EvaluationAnalysisSchema>

export const EvalRunVersionSchema = z.object({ versionId: z.number().int(), name: z.string(), fingerprint: z.string(), role: z.enum(['baseline', 'candidate']) })

export const EvalProgressSchema = z.object({
  done: z.number().int(),
  total: z.number().int(),
  /** Estimated from this run's drafting speed so far; null before the first draft or when finished. */
  etaSeconds: z.number().nullable(),
  versions: z.array(z.object({ versionId: z.number().int(), done: z.number().int(), total: z.number().int() })),
})

export const EvalRunSummarySchema = z.object({
  id: z.number().int(),
  state: z.enum(EVAL_RUN_STATES),
  createdAt: z.string(),
  createdBy: z.string(),
  set: EvalSetSpecSchema,
  gate: z.object({ version: z.string() }),
  seed: z.number().int(),
  reportCount: z.number().int(),
  versions: z.array(EvalRunVersionSchema),
  progress: EvalProgressSchema,
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  /** Whether every candidate passed the gate; null until the run is done. */
  gatePass: z.boolean().nullable(),
  /** Why the run failed (no patient data). */
  error: z.string().nullable(),
})
export type EvalRunSummary = z.infer<typeof EvalRunSummarySchema>

/** One version's evaluation draft of a report, for reading side by side. */
export const EvalDraftSchema = z.object({
  versionId: z.number().int(),
  rawOutput: z.string(),
  draft: InterpretationDraftSchema.nullable(),
  schemaError: z.string().nullable(),
  standing: z.enum(['verified', 'issues', 'contradiction']).nullable(),
})

export const EvalRunDetailSchema = EvalRunSummarySchema.extend({
  /** The full analysis once the run is done; null before. */
  analysis: EvaluationAnalysisSchema.nullable(),
  /** For each candidate's worst reports: the baseline's and the candidate's drafts and the signed version. */
  worstDrafts: z.array(
    z.object({ candidateVersionId: z.number().int(), reportId: z.number().int(), baseline: EvalDraftSchema, candidate: EvalDraftSchema, signed: InterpretationDraftSchema }),
  ),
})
export type EvalRunDetail = z.infer<typeof EvalRunDetailSchema>

const RunId = z.object({ id: z.number().int().min(1) }).strict()
const DateText = z.string().regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+Z?)?$/, 'a date as YYYY-MM-DD (or an ISO time)')

export const StartEvalInputSchema = z
  .object({
    /** A version name, or BASE_ID[+ADAPTER_ID:SCALE…] (registered as a candidate version when new). */
    baseline: z.string().min(1).max(200),
    candidates: z.array(z.string().min(1).max(200)).min(1).max(8),
    set: z.enum(EVAL_SETS).default('test'),
    kinds: z.array(z.string().min(1).max(100)).max(50).optional(),
    from: DateText.optional(),
    to: DateText.optional(),
    reviewer: z.string().min(1).max(100).optional(),
    /**
     * The release gate file's text (YAML); absent: the shipped default. Text, not a path: the app's host never reads
     * files named by a caller.
     */
    gateText: z.string().min(1).max(200_000).optional(),
    /** Drafting seed of the run; absent: the gate's statistics seed. */
    seed: z.number().int().min(0).max(0xffffffff).optional(),
  })
  .strict()

export const evalContract = {
  /** Creates a run (versions resolved from SPECs, report set frozen) and starts drafting in the background. ml or admin. */
  'eval.start': method(StartEvalInputSchema, EvalRunSummarySchema),
  /** Every run, newest first, with versions, progress and gate outcome. ml or admin. */
  'eval.list': method(z.object({}).strict(), z.array(EvalRunSummarySchema)),
  /** One run with progress and, once done, the full analysis and the worst reports side by side. ml or admin. */
  'eval.show': method(RunId, EvalRunDetailSchema),
  /** Stops a queued or running run; the drafts made so far are kept (it can be resumed). ml or admin. */
  'eval.cancel': method(RunId, EvalRunSummarySchema),
  /** Continues a run that is not done (after a crash, a cancel or a failure), drafting only what is missing. ml or admin. */
  'eval.resume': method(RunId, EvalRunSummarySchema),
  /** The finished run as one self-contained printable HTML document (inline CSS and SVG, no external resources). ml or admin. */
  'eval.reportHtml': method(RunId, z.object({ html: z.string() })),
}
