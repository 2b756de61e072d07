// Builders for hand-written draft and signed findings in the evaluation tests.
import type { DraftFinding, DraftSeverity, InterpretationDraft } from '../../../shared/domain/interpretation'

export function finding(statement: string, severity: DraftSeverity, evidence: string[] = [], recommendation: string | null = null): DraftFinding {
  return { statement, severity, evidence, recommendation }
}

export function interpretation(findings: DraftFinding[], patch: Partial<InterpretationDraft> = {}): InterpretationDraft {
  return { summary: 'Summary.', findings, overall_severity: 'abnormal', comparison_with_prior: null, limitations: 'None.', ...patch }
}
