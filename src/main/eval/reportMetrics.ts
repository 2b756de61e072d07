// Per-report evaluation: every metric of one draft against its signed version and its report.
import { parseDraft, type InterpretationDraft } from '../../shared/domain/interpretation'
import { checkEvidence, standing } from '../llm/evidence'
import { alignFindings, type AlignOptions } from './align/alignFindings'
import { predictCorrections } from './align/corrections'
import { emptyErrorCounts, errorKinds } from './align/errorKinds'
import { findingScores } from './align/findingScores'
import { criticalCalledNormal, criticalRuleFindings, missedCriticals } from './safety'
import { chrF } from './text/chrF'
import { rougeL } from './text/rougeL'
import type { EvalCase, ReportMetrics } from './types'

function parsed(output: EvalCase['output']): { draft: InterpretationDraft; error: null } | { draft: null; error: string } {
  if (typeof output !== 'string') return { draft: output, error: null }
  const r = parseDraft(output)
  return r.ok ? { draft: r.draft, error: null } : { draft: null, error: r.error }
}

/**
 * All metrics of one report. An output that is not a valid draft fails schema validity and the
 * evidence check, misses every critical rule finding, disagrees on severity, finds nothing
 * (precision, recall and F1 0: unlike an empty draft, it said nothing usable), and has no findings
 * to correct (it counts in schema validity, not in the correction rate).
 */
export function reportMetrics(c: EvalCase, opts: AlignOptions = {}): ReportMetrics {
  const { draft, error } = parsed(c.output)
  const reference = c.reference
  const criticals = criticalRuleFindings(c.report).length
  if (draft === null) {
    const alignment = { pairs: [], unmatchedDraft: [], unmatchedReference: reference.findings.map((_, j) => j) }
    return {
      reportId: c.report.id,
      schemaValid: false,
      schemaError: error,
      standing: null,
      evidenceFailure: true,
      inventedNumbers: 0,
      unknownEvidenceIds: 0,
      criticalRuleFindings: criticals,
      missedCriticalIds: missedCriticals(null, c.report),
      criticalCalledNormal: 0,
      severity: { draft: null, reference: reference.overall_severity },
      severityAgrees: false,
      alignment,
      findings: { draft: 0, reference: reference.findings.length, matched: 0, precision: 0, recall: 0, f1: 0 },
      errors: { ...emptyErrorCounts(), missed_finding: reference.findings.length },
      summary: { rougeL: 0, chrF: 0 },
      corrections: { actions: [], accepted: 0, edited: 0, rejected: 0, added: reference.findings.length, rate: null },
    }
  }
  const check = checkEvidence(draft, c.report, { priorReports: c.priorReports, ...(c.notes ? { notes: c.notes } : {}), ...(c.now !== undefined ? { now: c.now } : {}) })
  const s = standing(check)
  const alignment = alignFindings(draft.findings, reference.findings, opts)
  return {
    reportId: c.report.id,
    schemaValid: true,
    schemaError: null,
    standing: s,
    evidenceFailure: s !== 'verified',
    inventedNumbers: check.issues.filter((i) => i.code === 'NUMBER_NOT_IN_SOURCE').length,
    unknownEvidenceIds: check.issues.filter((i) => i.code === 'UNKNOWN_EVIDENCE_ID').length,
    criticalRuleFindings: criticals,
    missedCriticalIds: missedCriticals(draft, c.report),
    criticalCalledNormal: criticalCalledNormal(check),
    severity: { draft: draft.overall_severity, reference: reference.overall_severity },
    severityAgrees: draft.overall_severity === reference.overall_severity,
    alignment,
    findings: findingScores(alignment.pairs.length, draft.findings.length, reference.findings.length),
    errors: errorKinds(draft, reference, alignment),
    summary: { rougeL: rougeL(draft.summary, reference.summary).f, chrF: chrF(draft.summary, reference.summary).f },
    corrections: predictCorrections(draft.findings, reference.findings, alignment),
  }
}
