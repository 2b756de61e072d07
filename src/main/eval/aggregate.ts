// One version's results over an evaluation set: rates, finding scores, error counts, severity agreement.
import { DRAFT_SEVERITIES } from '../../shared/domain/interpretation'
import { emptyErrorCounts, ERROR_KINDS, type ErrorCounts } from './align/errorKinds'
import { microScores, type FindingScores } from './align/findingScores'
import { agreement, type Agreement } from './stats/kappa'
import type { ReportMetrics } from './types'

export interface VersionSummary {
  reports: number
  schemaValid: number
  evidence: { verified: number; issues: number; contradiction: number; invalid: number; failureRate: number }
  inventedNumbers: number
  unknownEvidenceIds: number
  /** Reports with at least one missed critical, and missed critical rule findings of all reports. */
  missedCritical: { reports: number; findings: number; criticalRuleFindings: number }
  criticalCalledNormal: { reports: number; places: number }
  /**
   * Overall severity: `exact` counts an invalid output as a disagreement; the matrix and the kappas
   * (rows: draft, columns: signed) are over the reports with a valid draft, which have a severity.
   */
  severity: { exact: number; rated: Agreement }
  findings: { micro: FindingScores; meanPrecision: number; meanRecall: number; meanF1: number }
  errors: ErrorCounts
  summary: { meanRougeL: number; meanChrF: number }
  corrections: { accepted: number; edited: number; rejected: number; added: number; rate: number | null }
}

function mean(xs: readonly number[]): number {
  return xs.length === 0 ? Number.NaN : xs.reduce((s, x) => s + x, 0) / xs.length
}

export function summarise(rows: readonly ReportMetrics[]): VersionSummary {
  const n = rows.length
  const count = (p: (m: ReportMetrics) => boolean) => rows.filter(p).length
  const sum = (f: (m: ReportMetrics) => number) => rows.reduce((s, m) => s + f(m), 0)
  const rated = rows.filter((m) => m.severity.draft !== null)
  const errors = emptyErrorCounts()
  for (const m of rows) for (const k of ERROR_KINDS) errors[k] += m.errors[k]
  const accepted = sum((m) => m.corrections.accepted)
  const edited = sum((m) => m.corrections.edited)
  const rejected = sum((m) => m.corrections.rejected)
  const drafted = accepted + edited + rejected
  return {
    reports: n,
    schemaValid: count((m) => m.schemaValid),
    evidence: {
      verified: count((m) => m.standing === 'verified'),
      issues: count((m) => m.standing === 'issues'),
      contradiction: count((m) => m.standing === 'contradiction'),
      invalid: count((m) => m.standing === null),
      failureRate: n === 0 ? Number.NaN : count((m) => m.evidenceFailure) / n,
    },
    inventedNumbers: sum((m) => m.inventedNumbers),
    unknownEvidenceIds: sum((m) => m.unknownEvidenceIds),
    missedCritical: { reports: count((m) => m.missedCriticalIds.length > 0), findings: sum((m) => m.missedCriticalIds.length), criticalRuleFindings: sum((m) => m.criticalRuleFindings) },
    criticalCalledNormal: { reports: count((m) => m.criticalCalledNormal > 0), places: sum((m) => m.criticalCalledNormal) },
    severity: {
      exact: n === 0 ? Number.NaN : count((m) => m.severityAgrees) / n,
      rated: agreement(DRAFT_SEVERITIES, rated.map((m) => m.severity.draft!), rated.map((m) => m.severity.reference)),
    },
    findings: {
      micro: microScores(rows.map((m) => m.findings)),
      meanPrecision: mean(rows.map((m) => m.findings.precision)),
      meanRecall: mean(rows.map((m) => m.findings.recall)),
      meanF1: mean(rows.map((m) => m.findings.f1)),
    },
    errors,
    summary: { meanRougeL: mean(rows.map((m) => m.summary.rougeL)), meanChrF: mean(rows.map((m) => m.summary.chrF)) },
    corrections: { accepted, edited, rejected, added: sum((m) => m.corrections.added), rate: drafted === 0 ? null : (edited + rejected) / drafted },
  }
}
