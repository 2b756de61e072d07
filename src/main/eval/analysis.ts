// The analysis an evaluation run stores when its drafts are done: per-version summaries, each candidate against the baseline (overall, by subgroup, worst reports) and the gate.
import { summarise, type VersionSummary } from './aggregate'
import { comparePaired, type PairedComparison } from './compare'
import { summariseCost, type CostSummary, type DraftCost } from './cost'
import { evaluateGate, type GateResult } from './gate/evaluateGate'
import type { Gate } from './gate/loadGate'
import { compareSubgroups, type SubgroupFacts, type SubgroupResult } from './subgroups'
import type { ReportMetrics } from './types'
import { worstReports, type Deterioration } from './worstReports'

export interface VersionResults {
  versionId: number
  rows: ReportMetrics[]
  costs: DraftCost[]
}

export interface CandidateAnalysis {
  versionId: number
  comparison: PairedComparison
  subgroups: SubgroupResult[]
  worst: Deterioration[]
  gate: GateResult
}

export interface EvaluationAnalysis {
  reports: number
  seed: number
  gate: { name: string; revision: string; gateVersion: string }
  versions: { versionId: number; role: 'baseline' | 'candidate'; summary: VersionSummary; cost: CostSummary }[]
  candidates: CandidateAnalysis[]
  /** Every candidate passed the gate: the run's exit status for a pipeline. */
  pass: boolean
}

export interface AnalysisOptions {
  /** Resamples for the overall comparison; the gate uses its own file's settings. Default 10,000. */
  resamples?: number
  /** Resamples per subgroup; default 2,000 (many subgroups, each smaller). */
  subgroupResamples?: number
  minSubgroupSize?: number
  worst?: number
}

/**
 * Deterministic for its inputs: every interval and test is seeded from the gate's seed, so re-analysing a stored
 * run gives the same figures.
 */
export function analyseRun(gate: Gate, baseline: VersionResults, candidates: readonly VersionResults[], facts: ReadonlyMap<number, SubgroupFacts>, opts: AnalysisOptions = {}): EvaluationAnalysis {
  const seed = gate.statistics.seed
  const analysed = candidates.map((c): CandidateAnalysis => ({
    versionId: c.versionId,
    comparison: comparePaired(baseline.rows, c.rows, { seed, resamples: opts.resamples ?? 10_000, level: gate.statistics.level }),
    subgroups: compareSubgroups(baseline.rows, c.rows, facts, { seed, resamples: opts.subgroupResamples ?? 2000, rounds: 2000, level: gate.statistics.level, ...(opts.minSubgroupSize !== undefined ? { minSize: opts.minSubgroupSize } : {}) }),
    worst: worstReports(baseline.rows, c.rows, opts.worst ?? 10),
    gate: evaluateGate(gate, baseline.rows, c.rows),
  }))
  return {
    reports: baseline.rows.length,
    seed,
    gate: { name: gate.name, revision: gate.revision, gateVersion: gate.gateVersion },
    versions: [
      { versionId: baseline.versionId, role: 'baseline', summary: summarise(baseline.rows), cost: summariseCost(baseline.costs) },
      ...candidates.map((c) => ({ versionId: c.versionId, role: 'candidate' as const, summary: summarise(c.rows), cost: summariseCost(c.costs) })),
    ],
    candidates: analysed,
    pass: analysed.length > 0 && analysed.every((c) => c.gate.pass),
  }
}
