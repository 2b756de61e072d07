// Error analysis: a draft (or an output that is not one) as plain lines, so that the baseline's, the candidate's and the
// signed version can be read side by side, and the candidate's text diffed word by word against the signed one.
import type { InterpretationDraft } from '../../../../shared/domain/interpretation'
import { diffText, type TextDiffPart } from '../../../../shared/domain/textDiff'

/** A version's output for one report (as eval.show gives it): the parsed draft, or why it is not one with the raw text. */
export interface OutputLike {
  draft: InterpretationDraft | null
  schemaError?: string | null
  rawOutput?: string | null
}

/** One line per part, in the order a reader checks them: overall severity, summary, findings, comparison, limitations. */
export function draftText(d: InterpretationDraft): string {
  const lines = [`Overall: ${d.overall_severity}`, `Summary: ${d.summary}`]
  d.findings.forEach((f, i) => {
    const evidence = f.evidence.length > 0 ? ` [${f.evidence.join(', ')}]` : ''
    lines.push(`${i + 1}. (${f.severity}) ${f.statement}${evidence}`)
    if (f.recommendation) lines.push(`   Next step: ${f.recommendation}`)
  })
  if (d.findings.length === 0) lines.push('No findings.')
  if (d.comparison_with_prior) lines.push(`Comparison: ${d.comparison_with_prior}`)
  if (d.limitations) lines.push(`Limitations: ${d.limitations}`)
  return lines.join('\n')
}

/** What to show for an output: its draft as text, or that it is not a valid draft and why. */
export function outputText(o: OutputLike): string {
  if (o.draft !== null) return draftText(o.draft)
  const why = o.schemaError ? `: ${o.schemaError}` : ''
  return `Not a valid draft${why}.${o.rawOutput ? `\n\n${o.rawOutput}` : ''}`
}

/** The candidate's text against the signed version: removed parts are what the clinician did not sign, added what they wrote. */
export function diffToSigned(candidate: OutputLike, signed: InterpretationDraft): TextDiffPart[] {
  return diffText(outputText(candidate), draftText(signed))
}
