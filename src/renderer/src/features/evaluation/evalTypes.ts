// The shapes the Evaluation page reads, named once from the eval contract (src/shared/contract/eval.ts).
import type { EvalRunDetail, EvalRunSummary } from '../../../../shared/contract/eval'

export type RunSummary = EvalRunSummary
export type RunDetail = EvalRunDetail
export type RunState = RunSummary['state']
export type EvaluationAnalysis = NonNullable<RunDetail['analysis']>
export type CandidateAnalysis = EvaluationAnalysis['candidates'][number]
export type MetricComparison = CandidateAnalysis['comparison']['metrics'][number]
export type GateResult = CandidateAnalysis['gate']
export type SubgroupResult = CandidateAnalysis['subgroups'][number]
export type Deterioration = CandidateAnalysis['worst'][number]
export type VersionSummary = EvaluationAnalysis['versions'][number]['summary']
export type CostSummary = EvaluationAnalysis['versions'][number]['cost']
export type WorstDrafts = RunDetail['worstDrafts'][number]
export type EvalDraft = WorstDrafts['baseline']
