// chrF (Popović 2015): F-score of character n-gram precision and recall, averaged over n = 1..6, with recall weighted β = 2.
import type { PRF } from './rougeL'

export interface ChrFOptions {
  /** Highest n-gram order; default 6. */
  order?: number
  /** Recall weight; default 2 (recall counts twice as much as precision). */
  beta?: number
}

/** Characters without whitespace (as sacreBLEU's default): spacing is not content. Code points, so an emoji is one character. */
function chars(text: string): string[] {
  return [...text.normalize('NFC').replace(/\s+/gu, '')]
}

function ngramCounts(cs: readonly string[], joined: string | null, n: number): Map<string, number> {
  const counts = new Map<string, number>()
  for (let i = 0; i + n <= cs.length; i++) {
    // One UTF-16 unit per character (no astral characters): a substring is the n-gram, without building it.
    const g = joined !== null ? joined.substring(i, i + n) : cs.slice(i, i + n).join('')
    counts.set(g, (counts.get(g) ?? 0) + 1)
  }
  return counts
}

function bmpOnly(cs: readonly string[]): string | null {
  const joined = cs.join('')
  return joined.length === cs.length ? joined : null
}

/**
 * For each order n, matches = Σ min(count in hypothesis, count in reference); P_n = matches / the
 * hypothesis's n-grams, R_n = matches / the reference's. chrP is the mean of P_n over the orders the
 * hypothesis has n-grams of, chrR the mean of R_n over the orders the reference has (a short text
 * has no 6-grams: that order says nothing about it). chrF = (1 + β²)·chrP·chrR / (β²·chrP + chrR).
 * Case-sensitive, as defined. Two empty texts score 1, one empty text 0.
 */
export function chrF(hypothesis: string, reference: string, opts: ChrFOptions = {}): PRF {
  const order = opts.order ?? 6
  const beta = opts.beta ?? 2
  const h = chars(hypothesis)
  const r = chars(reference)
  if (h.length === 0 && r.length === 0) return { precision: 1, recall: 1, f: 1 }
  const hj = bmpOnly(h)
  const rj = bmpOnly(r)
  let pSum = 0
  let pOrders = 0
  let rSum = 0
  let rOrders = 0
  for (let n = 1; n <= order; n++) {
    const hc = ngramCounts(h, hj, n)
    const rc = ngramCounts(r, rj, n)
    const hTotal = Math.max(0, h.length - n + 1)
    const rTotal = Math.max(0, r.length - n + 1)
    let matches = 0
    for (const [g, c] of hc) matches += Math.min(c, rc.get(g) ?? 0)
    if (hTotal > 0) {
      pSum += matches / hTotal
      pOrders++
    }
    if (rTotal > 0) {
      rSum += matches / rTotal
      rOrders++
    }
  }
  const precision = pOrders === 0 ? 0 : pSum / pOrders
  const recall = rOrders === 0 ? 0 : rSum / rOrders
  const b2 = beta * beta
  const f = precision + recall === 0 ? 0 : ((1 + b2) * precision * recall) / (b2 * precision + recall)
  return { precision, recall, f }
}
