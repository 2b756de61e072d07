// ROUGE-L (Lin 2004): longest common subsequence of word tokens, as precision, recall and F-measure.
import { wordTokens } from './tokens'

export interface PRF {
  precision: number
  recall: number
  f: number
}

/** Length of the longest common subsequence, O(m·n) time and O(n) memory. */
export function lcsLength<T>(x: readonly T[], y: readonly T[]): number {
  if (x.length === 0 || y.length === 0) return 0
  let prev = new Uint32Array(y.length + 1)
  let row = new Uint32Array(y.length + 1)
  for (let i = 1; i <= x.length; i++) {
    const xi = x[i - 1]
    for (let j = 1; j <= y.length; j++) {
      row[j] = xi === y[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, row[j - 1]!)
    }
    ;[prev, row] = [row, prev]
  }
  return prev[y.length]!
}

/**
 * P = LCS/|candidate|, R = LCS/|reference|, F = (1 + β²)PR/(R + β²P) with β = 1 (as the
 * rouge-score package reports it). Two empty texts agree fully (1); one empty text scores 0.
 */
export function rougeL(candidate: string, reference: string, beta = 1): PRF {
  return rougeLTokens(wordTokens(candidate), wordTokens(reference), beta)
}

export function rougeLTokens(c: readonly string[], r: readonly string[], beta = 1): PRF {
  if (c.length === 0 && r.length === 0) return { precision: 1, recall: 1, f: 1 }
  const lcs = lcsLength(c, r)
  const precision = c.length === 0 ? 0 : lcs / c.length
  const recall = r.length === 0 ? 0 : lcs / r.length
  const b2 = beta * beta
  const f = precision + recall === 0 ? 0 : ((1 + b2) * precision * recall) / (recall + b2 * precision)
  return { precision, recall, f }
}
