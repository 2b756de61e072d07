// What the evaluation consumes per report (a draft, the signed version, the report it came from) and what it yields.
import type { ReportDetail } from '../../shared/contract/reports'
import type { DraftSeverity, InterpretationDraft } from '../../shared/domain/interpretation'
import type { Standing } from '../llm/evidence'
import type { PriorReport } from '../llm/prompt/context'
import type { Alignment } from './align/alignFindings'
import type { PredictedCorrections } from './align/corrections'
import type { ErrorCounts } from './align/errorKinds'
import type { FindingScores } from './align/findingScores'

/** One report of an evaluation set, drafted by one model version. */
export interface EvalCase {
  /** The report as the prompt saw it: observations, rule findings, statements, metrics, patient. */
  report: ReportDetail
  /** The earlier reports the prompt showed (their values may be cited). */
  priorReports: PriorReport[]
  /** Clinician notes the prompt showed. */
  notes?: string[]
  /** The prompt's `now`, when it had one. */
  now?: string
  /** The model's output: raw text (parsed here, so an invalid output counts against schema validity) or an already parsed draft. */
  output: string | InterpretationDraft
  /** The signed version of the report: the reference. */
  reference: InterpretationDraft
}

export interface ReportMetrics {
  reportId: number
  schemaValid: boolean
  /** Why the output is not a valid draft ("findings.0.severity: ..."); null when it is. */
  schemaError: string | null
  /** The evidence check's verdict; null for an invalid output. */
  standing: Standing | null
  /** Anything but 'verified', including an invalid output. */
  evidenceFailure: boolean
  /** Numbers that match no value of the report or of a cited earlier report. */
  inventedNumbers: number
  /** Evidence ids that are malformed or name nothing in the prompt. */
  unknownEvidenceIds: number
  /** Evaluated critical rule findings of the report. */
  criticalRuleFindings: number
  /** Ids of critical rule findings the draft does not report as critical. */
  missedCriticalIds: number[]
  /** Places that call normal what a critical rule finding flags. */
  criticalCalledNormal: number
  severity: { draft: DraftSeverity | null; reference: DraftSeverity }
  severityAgrees: boolean
  alignment: Alignment
  findings: FindingScores
  errors: ErrorCounts
  /** Similarity of the draft's summary to the signed one (0..1): secondary to the finding metrics. */
  summary: { rougeL: number; chrF: number }
  corrections: PredictedCorrections
}
