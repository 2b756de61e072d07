// The diff a reviewer sees before signing: the draft (or the version amended) against the version about to be signed,
// per finding and word by word in every text.
import type { DraftFinding, DraftSeverity, InterpretationDraft } from './interpretation'
import { diffText, type TextDiffPart } from './textDiff'

export interface FindingDiff {
  /** unchanged, edited, removed (rejected) or added. */
  change: 'unchanged' | 'edited' | 'removed' | 'added'
  draftIndex: number | null
  resultIndex: number | null
  statement: TextDiffPart[]
  severity: { before: DraftSeverity | null; after: DraftSeverity | null }
  evidence: { removed: string[]; added: string[]; kept: string[] }
  recommendation: TextDiffPart[]
}

export interface InterpretationDiff {
  /** True when nothing differs: the draft is signed as drafted. */
  identical: boolean
  summary: TextDiffPart[]
  overallSeverity: { before: DraftSeverity; after: DraftSeverity }
  comparison: TextDiffPart[]
  limitations: TextDiffPart[]
  findings: FindingDiff[]
}

function findingDiff(before: DraftFinding | null, after: DraftFinding | null, draftIndex: number | null, resultIndex: number | null): FindingDiff {
  const b = before?.evidence ?? []
  const a = after?.evidence ?? []
  const evidence = { removed: b.filter((e) => !a.includes(e)), added: a.filter((e) => !b.includes(e)), kept: a.filter((e) => b.includes(e)) }
  const statement = diffText(before?.statement ?? '', after?.statement ?? '')
  const recommendation = diffText(before?.recommendation ?? '', after?.recommendation ?? '')
  const same =
    before !== null &&
    after !== null &&
    before.statement === after.statement &&
    before.severity === after.severity &&
    before.recommendation === after.recommendation &&
    evidence.removed.length === 0 &&
    evidence.added.length === 0 &&
    a.length === b.length
  return {
    change: before === null ? 'added' : after === null ? 'removed' : same ? 'unchanged' : 'edited',
    draftIndex,
    resultIndex,
    statement,
    severity: { before: before?.severity ?? null, after: after?.severity ?? null },
    evidence,
    recommendation,
  }
}

/**
 * `origins[i]` is the base finding `after.findings[i]` came from (null: added), as applyReview returns it. Base findings
 * no result finding came from were rejected. Findings are listed in the base's order, then the added ones.
 */
export function diffInterpretation(before: InterpretationDraft, after: InterpretationDraft, origins: readonly (number | null)[]): InterpretationDiff {
  const resultOf = new Map<number, number>()
  origins.forEach((o, i) => {
    if (o !== null) resultOf.set(o, i)
  })
  const findings: FindingDiff[] = before.findings.map((f, k) => {
    const r = resultOf.get(k)
    return findingDiff(f, r === undefined ? null : (after.findings[r] ?? null), k, r ?? null)
  })
  origins.forEach((o, i) => {
    if (o === null) findings.push(findingDiff(null, after.findings[i] ?? null, null, i))
  })
  const summary = diffText(before.summary, after.summary)
  const comparison = diffText(before.comparison_with_prior ?? '', after.comparison_with_prior ?? '')
  const limitations = diffText(before.limitations, after.limitations)
  const unchangedText = (parts: TextDiffPart[]) => parts.every((p) => p.op === 'same')
  return {
    identical:
      findings.every((f) => f.change === 'unchanged') &&
      before.overall_severity === after.overall_severity &&
      before.comparison_with_prior === after.comparison_with_prior &&
      unchangedText(summary) &&
      unchangedText(limitations),
    summary,
    overallSeverity: { before: before.overall_severity, after: after.overall_severity },
    comparison,
    limitations,
    findings,
  }
}
