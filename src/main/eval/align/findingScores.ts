// Finding-level precision, recall and F1 from the counts of an alignment.

export interface FindingScores {
  draft: number
  reference: number
  matched: number
  precision: number
  recall: number
  f1: number
}

/**
 * precision = matched / draft findings, recall = matched / signed findings, F1 their harmonic mean.
 * A matched pair counts whatever its severity (wrong severity is its own error kind). Conventions
 * for empty sides: both empty → 1, 1, 1 (they agree there is nothing to report); no draft findings
 * → precision 1 (nothing false was said), recall 0; no signed findings → precision 0, recall 1.
 */
export function findingScores(matched: number, draftCount: number, referenceCount: number): FindingScores {
  if (matched > draftCount || matched > referenceCount) throw new RangeError(`${matched} matched findings out of ${draftCount} drafted and ${referenceCount} signed`)
  if (draftCount === 0 && referenceCount === 0) return { draft: 0, reference: 0, matched: 0, precision: 1, recall: 1, f1: 1 }
  const precision = draftCount === 0 ? 1 : matched / draftCount
  const recall = referenceCount === 0 ? 1 : matched / referenceCount
  const f1 = matched === 0 ? 0 : (2 * precision * recall) / (precision + recall)
  return { draft: draftCount, reference: referenceCount, matched, precision, recall, f1 }
}

/** Micro-averaged scores over many reports: totals first, then the ratios. */
export function microScores(rows: readonly Pick<FindingScores, 'draft' | 'reference' | 'matched'>[]): FindingScores {
  let draft = 0
  let reference = 0
  let matched = 0
  for (const r of rows) {
    draft += r.draft
    reference += r.reference
    matched += r.matched
  }
  return findingScores(matched, draft, reference)
}
