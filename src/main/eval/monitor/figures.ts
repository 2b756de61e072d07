// Per-version monitoring figures from signed reviews, and each version against production with bootstrap intervals.
import type { Difference, ReviewFigures } from '../../../shared/contract/rollout'
import type { ReviewOutcome } from '../rollout/alerts'
import { quantileSorted } from '../stats/quantile'
import { twoSampleBootstrap, type Sample } from '../stats/twoSampleBootstrap'

/** One first signed version of a report, and the draft (by a known model version) it was reviewed from. */
export interface ReviewRecord {
  versionId: number
  reportId: number
  /** Findings in the draft. */
  drafted: number
  /** Of them edited / rejected; a rejected draft (target "draft") counts all of them rejected. */
  edited: number
  rejected: number
  added: number
  draftRejected: boolean
  /** The draft's evidence check did not verify. */
  evidenceFailure: boolean
  /** Draft created → signed. */
  timeToSignMs: number
  /** Reason codes of the review's corrections (one per correction). */
  reasonCodes: string[]
}

function effective(r: ReviewRecord): { edited: number; rejected: number } {
  return r.draftRejected ? { edited: 0, rejected: r.drafted } : { edited: r.edited, rejected: r.rejected }
}

/** The alert's view of a review. */
export function reviewOutcome(r: ReviewRecord): ReviewOutcome {
  return { drafted: r.drafted, ...effective(r), evidenceFailure: r.evidenceFailure }
}

/** Signed with every drafted finding accepted unchanged and nothing added. */
export function accepted(r: ReviewRecord): boolean {
  const e = effective(r)
  return e.edited === 0 && e.rejected === 0 && r.added === 0
}

const ratio = (num: number, den: number) => (den === 0 ? null : num / den)

export function reviewFigures(records: readonly ReviewRecord[]): ReviewFigures {
  let drafted = 0
  let edited = 0
  let rejected = 0
  let acceptedN = 0
  let failures = 0
  const reasonCodes: Record<string, number> = {}
  for (const r of records) {
    const e = effective(r)
    drafted += r.drafted
    edited += e.edited
    rejected += e.rejected
    if (accepted(r)) acceptedN++
    if (r.evidenceFailure) failures++
    for (const c of r.reasonCodes) reasonCodes[c] = (reasonCodes[c] ?? 0) + 1
  }
  const times = Float64Array.from(records.map((r) => r.timeToSignMs)).sort()
  const n = records.length
  return {
    reviews: n,
    acceptanceRate: ratio(acceptedN, n),
    editRate: ratio(edited, drafted),
    rejectRate: ratio(rejected, drafted),
    evidenceFailureRate: ratio(failures, n),
    timeToSignMedianMs: n === 0 ? null : quantileSorted(times, 0.5),
    timeToSignP90Ms: n === 0 ? null : quantileSorted(times, 0.9),
    reasonCodes,
  }
}

export interface VsProduction {
  acceptanceRate: Difference
  editRate: Difference
  rejectRate: Difference
  evidenceFailureRate: Difference
  timeToSignMedianMs: Difference
  timeToSignP90Ms: Difference
}

/** `version` − `production` for each figure, with an unpaired 95% bootstrap interval (different reports on each side). */
export function vsProduction(version: readonly ReviewRecord[], production: readonly ReviewRecord[], seed: number): VsProduction {
  const samples = (rs: readonly ReviewRecord[]) => {
    const drafted = rs.map((r) => r.drafted)
    return {
      acceptance: { num: rs.map((r) => (accepted(r) ? 1 : 0)) },
      edit: { num: rs.map((r) => effective(r).edited), den: drafted },
      reject: { num: rs.map((r) => effective(r).rejected), den: drafted },
      evidence: { num: rs.map((r) => (r.evidenceFailure ? 1 : 0)) },
      time: { num: rs.map((r) => r.timeToSignMs) },
    } satisfies Record<string, Sample>
  }
  const v = samples(version)
  const p = samples(production)
  const opts = { seed }
  return {
    acceptanceRate: twoSampleBootstrap(p.acceptance, v.acceptance, { kind: 'ratio' }, opts),
    editRate: twoSampleBootstrap(p.edit, v.edit, { kind: 'ratio' }, opts),
    rejectRate: twoSampleBootstrap(p.reject, v.reject, { kind: 'ratio' }, opts),
    evidenceFailureRate: twoSampleBootstrap(p.evidence, v.evidence, { kind: 'ratio' }, opts),
    timeToSignMedianMs: twoSampleBootstrap(p.time, v.time, { kind: 'quantile', p: 0.5 }, opts),
    timeToSignP90Ms: twoSampleBootstrap(p.time, v.time, { kind: 'quantile', p: 0.9 }, opts),
  }
}
