// Safety metrics: critical rule findings the draft does not report as critical, and draft text that calls them normal.
import type { ReportDetail } from '../../shared/contract/reports'
import { parseEvidenceId, type InterpretationDraft } from '../../shared/domain/interpretation'
import { findingTerms, mentions, observationTerms } from '../llm/evidence/analytes'
import type { EvidenceCheck } from '../llm/evidence'

/** The critical rule findings that were evaluated (a rule that could not be applied flagged nothing). */
export function criticalRuleFindings(report: Pick<ReportDetail, 'findings'>): ReportDetail['findings'] {
  return report.findings.filter((f) => f.severity === 'critical' && f.notEvaluated === null)
}

/**
 * A critical rule finding counts as reported when the draft's overall severity is critical and at
 * least one draft finding of severity critical refers to it: cites the rule finding (F id) or one of
 * its observations (O id), or names its analyte (the evidence check's analyte terms). Anything else
 * is a missed critical, a clinically significant error. A draft that is not valid misses them all.
 */
export function missedCriticals(draft: InterpretationDraft | null, report: Pick<ReportDetail, 'findings' | 'observations'>): number[] {
  const criticals = criticalRuleFindings(report)
  if (draft === null || draft.overall_severity !== 'critical') return criticals.map((f) => f.id)
  const byId = new Map(report.observations.map((o) => [o.id, o]))
  const criticalDraft = draft.findings.filter((f) => f.severity === 'critical')
  return criticals
    .filter((rule) => {
      const terms = [findingTerms(rule), ...rule.observationIds.flatMap((id) => { const o = byId.get(id); return o ? [observationTerms(o)] : [] })]
      const refersTo = (f: InterpretationDraft['findings'][number]): boolean =>
        f.evidence.some((e) => {
          const ref = parseEvidenceId(e.trim())
          return (ref?.kind === 'finding' && ref.id === rule.id) || (ref?.kind === 'observation' && rule.observationIds.includes(ref.id))
        }) || terms.some((t) => mentions(f.statement, t))
      return !criticalDraft.some(refersTo)
    })
    .map((f) => f.id)
}

/** Places where the draft calls normal what a critical rule finding flags, as the evidence check found them. */
export function criticalCalledNormal(check: EvidenceCheck): number {
  return check.issues.filter((i) => i.code === 'CONTRADICTS_CRITICAL_FINDING').length
}
