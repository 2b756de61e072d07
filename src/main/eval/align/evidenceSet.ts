// A finding's evidence as a set of canonical ids ("O12", "F3"): malformed strings are dropped, duplicates merged.
import { parseEvidenceId, type DraftFinding } from '../../../shared/domain/interpretation'

const PREFIX = { observation: 'O', statement: 'S', finding: 'F', report: 'R', metric: 'M' } as const

export function evidenceSet(finding: Pick<DraftFinding, 'evidence'>): Set<string> {
  const out = new Set<string>()
  for (const e of finding.evidence) {
    const ref = parseEvidenceId(e.trim())
    if (ref !== null) out.add(`${PREFIX[ref.kind]}${ref.id}`)
  }
  return out
}

/** |x ∩ y| / |x ∪ y|; 0 when either is empty (no shared evidence to speak of). */
export function jaccard(x: ReadonlySet<string>, y: ReadonlySet<string>): number {
  if (x.size === 0 || y.size === 0) return 0
  let common = 0
  for (const v of x) if (y.has(v)) common++
  return common / (x.size + y.size - common)
}

export function sameSet(x: ReadonlySet<string>, y: ReadonlySet<string>): boolean {
  if (x.size !== y.size) return false
  for (const v of x) if (!y.has(v)) return false
  return true
}
