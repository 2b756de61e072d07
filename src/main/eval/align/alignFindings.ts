// Aligns draft findings with the signed version's findings: by shared evidence ids first, then by statement similarity.
import type { DraftFinding } from '../../../shared/domain/interpretation'
import { rougeLTokens } from '../text/rougeL'
import { wordTokens } from '../text/tokens'
import { evidenceSet, jaccard } from './evidenceSet'

export interface AlignOptions {
  /** Least statement similarity (ROUGE-L F1 of word tokens) for a pair without shared evidence; default 0.5. */
  minSimilarity?: number
}

export interface AlignedPair {
  draftIndex: number
  referenceIndex: number
  /** What matched them: shared evidence ids, or statement similarity alone. */
  basis: 'evidence' | 'statement'
  /** Jaccard overlap of their evidence ids (0..1). */
  evidenceOverlap: number
  /** ROUGE-L F1 of their statements (0..1). */
  similarity: number
}

export interface Alignment {
  /** Ordered by draft index. */
  pairs: AlignedPair[]
  /** Draft findings the signed version has no counterpart of (the clinician rejected them). */
  unmatchedDraft: number[]
  /** Signed findings no draft finding corresponds to (the clinician added them). */
  unmatchedReference: number[]
}

export const DEFAULT_MIN_SIMILARITY = 0.5

/**
 * Deterministic greedy one-to-one matching:
 * 1. every (draft, signed) pair that shares at least one valid evidence id is a candidate on
 *    evidence; a pair sharing none is a candidate on statement when ROUGE-L F1 ≥ minSimilarity;
 * 2. candidates are ranked: evidence before statement, then higher evidence overlap (Jaccard),
 *    then higher similarity, then lower draft index, then lower signed index;
 * 3. walking that ranking, a pair is taken when neither finding is taken yet.
 * Greedy is not a maximum-weight matching, but it follows the stated priority exactly, needs no
 * solver, and on ≤ 8 findings a side seldom differs; what it does is easy to explain to a reviewer.
 */
export function alignFindings(draft: readonly DraftFinding[], reference: readonly DraftFinding[], opts: AlignOptions = {}): Alignment {
  const minSimilarity = opts.minSimilarity ?? DEFAULT_MIN_SIMILARITY
  const dEvidence = draft.map(evidenceSet)
  const rEvidence = reference.map(evidenceSet)
  const dTokens = draft.map((f) => wordTokens(f.statement))
  const rTokens = reference.map((f) => wordTokens(f.statement))
  const candidates: AlignedPair[] = []
  for (let i = 0; i < draft.length; i++) {
    for (let j = 0; j < reference.length; j++) {
      const evidenceOverlap = jaccard(dEvidence[i]!, rEvidence[j]!)
      const similarity = rougeLTokens(dTokens[i]!, rTokens[j]!).f
      if (evidenceOverlap > 0) candidates.push({ draftIndex: i, referenceIndex: j, basis: 'evidence', evidenceOverlap, similarity })
      else if (similarity >= minSimilarity) candidates.push({ draftIndex: i, referenceIndex: j, basis: 'statement', evidenceOverlap, similarity })
    }
  }
  candidates.sort(
    (x, y) =>
      (x.basis === y.basis ? 0 : x.basis === 'evidence' ? -1 : 1) ||
      y.evidenceOverlap - x.evidenceOverlap ||
      y.similarity - x.similarity ||
      x.draftIndex - y.draftIndex ||
      x.referenceIndex - y.referenceIndex,
  )
  const dTaken = new Set<number>()
  const rTaken = new Set<number>()
  const pairs: AlignedPair[] = []
  for (const c of candidates) {
    if (dTaken.has(c.draftIndex) || rTaken.has(c.referenceIndex)) continue
    dTaken.add(c.draftIndex)
    rTaken.add(c.referenceIndex)
    pairs.push(c)
  }
  pairs.sort((x, y) => x.draftIndex - y.draftIndex)
  return {
    pairs,
    unmatchedDraft: draft.map((_, i) => i).filter((i) => !dTaken.has(i)),
    unmatchedReference: reference.map((_, j) => j).filter((j) => !rTaken.has(j)),
  }
}
