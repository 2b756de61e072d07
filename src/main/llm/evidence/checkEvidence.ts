// Checks a draft against its report: cited ids exist, stated numbers come from the source, no critical finding is called normal.
import type { ReportDetail } from '../../../shared/contract/reports'
import { metricNames, parseEvidenceId, type InterpretationDraft } from '../../../shared/domain/interpretation'
import type { PriorReport } from '../prompt/context'
import { selectObservations } from '../prompt/observations'
import { findingTerms, mentions, observationTerms, type AnalyteTerms } from './analytes'
import { extractNumbers, TIME_UNITS } from './numbers'
import { agrees, collectSources, type SourceValue } from './sources'

export const EVIDENCE_ISSUE_CODES = [
  'UNKNOWN_EVIDENCE_ID',
  'NUMBER_NOT_IN_SOURCE',
  'CONTRADICTS_CRITICAL_FINDING',
  'MISSING_EVIDENCE',
  'CALLS_PRELIMINARY_FINAL',
] as const
export type EvidenceIssueCode = (typeof EVIDENCE_ISSUE_CODES)[number]

export interface EvidenceIssue {
  code: EvidenceIssueCode
  /** The draft finding concerned; null for the summary, comparison, limitations or overall severity. */
  findingIndex: number | null
  message: string
  detail?: string
}

export interface EvidenceCheck {
  ok: boolean
  issues: EvidenceIssue[]
}

export interface EvidenceCheckOptions {
  /** The earlier reports the prompt showed, with their values. */
  priorReports: PriorReport[]
  /** The clinician notes the prompt showed: numbers quoted from them count as sourced. */
  notes?: string[]
  /** The `now` the prompt was built with, if any: it sets the age band when the report has no time. */
  now?: string
}

export type Standing = 'verified' | 'issues' | 'contradiction'

/** The worklist's one-word verdict: a contradiction of the source outranks any other issue. */
export function standing(result: EvidenceCheck): Standing {
  if (result.issues.some((i) => i.code === 'CONTRADICTS_CRITICAL_FINDING' || i.code === 'CALLS_PRELIMINARY_FINAL')) return 'contradiction'
  return result.issues.length > 0 ? 'issues' : 'verified'
}

interface Passage {
  findingIndex: number | null
  /** "summary", "findings[2].statement", ... */
  field: string
  text: string
  /** Advice, where a duration ("repeat within 2 hours") is not a claim about the report. */
  advice?: true
}

function passages(draft: InterpretationDraft): Passage[] {
  const out: Passage[] = [{ findingIndex: null, field: 'summary', text: draft.summary }]
  draft.findings.forEach((f, i) => {
    out.push({ findingIndex: i, field: `findings[${i}].statement`, text: f.statement })
    if (f.recommendation !== null) out.push({ findingIndex: i, field: `findings[${i}].recommendation`, text: f.recommendation, advice: true })
  })
  if (draft.comparison_with_prior !== null) out.push({ findingIndex: null, field: 'comparison_with_prior', text: draft.comparison_with_prior })
  out.push({ findingIndex: null, field: 'limitations', text: draft.limitations })
  return out
}

/** Ids a draft may cite, by kind. */
function knownIds(report: ReportDetail, priors: PriorReport[]): Record<string, Set<number>> {
  return {
    observation: new Set(report.observations.map((o) => o.id)),
    statement: new Set(report.statements.map((s) => s.seq)),
    finding: new Set(report.findings.map((f) => f.id)),
    report: new Set(priors.map((p) => p.id)),
    metric: new Set(metricNames(report.metrics).map((_, i) => i + 1)),
  }
}

const REPORT_ID_IN_TEXT = /(?<![\p{L}\p{N}])R(\d{1,10})(?![\p{L}\p{N}])/gu

function citedReportIds(draft: InterpretationDraft): Set<number> {
  const ids = new Set<number>()
  for (const f of draft.findings) {
    for (const e of f.evidence) {
      const ref = parseEvidenceId(e)
      if (ref?.kind === 'report') ids.add(ref.id)
    }
  }
  for (const p of passages(draft)) for (const m of p.text.matchAll(REPORT_ID_IN_TEXT)) ids.add(Number(m[1]))
  return ids
}

function checkIds(draft: InterpretationDraft, known: Record<string, Set<number>>, issues: EvidenceIssue[]): void {
  draft.findings.forEach((f, i) => {
    let valid = 0
    for (const e of f.evidence) {
      const ref = parseEvidenceId(e)
      if (ref !== null && known[ref.kind]?.has(ref.id)) {
        valid++
        continue
      }
      issues.push({
        code: 'UNKNOWN_EVIDENCE_ID',
        findingIndex: i,
        message: ref === null ? `"${e}" is not an evidence id` : `${e} is neither part of this report nor an earlier report in its prompt`,
        detail: `findings[${i}].evidence`,
      })
    }
    if (f.severity !== 'normal' && valid === 0) {
      issues.push({ code: 'MISSING_EVIDENCE', findingIndex: i, message: `A ${f.severity} finding cites no evidence that exists`, detail: `findings[${i}].evidence` })
    }
  })
}

function closest(n: number, sources: SourceValue[]): string {
  let best: SourceValue | undefined
  for (const s of sources) if (s.derived !== true && (best === undefined || Math.abs(s.value - n) < Math.abs(best.value - n))) best = s
  return best === undefined ? '' : ` (closest source: ${best.value}${best.unit ? ` ${best.unit}` : ''} from ${best.origin})`
}

function checkNumbers(draft: InterpretationDraft, sources: SourceValue[], issues: EvidenceIssue[]): void {
  for (const p of passages(draft)) {
    for (const n of extractNumbers(p.text)) {
      if (p.advice && n.unit !== null && TIME_UNITS.has(n.unit)) continue
      if (sources.some((s) => agrees(n, s))) continue
      // "4,032" might be a list "4, 032"... only when every part is sourced.
      if (n.parts !== null && n.parts.every((v) => sources.some((s) => agrees({ ...n, value: v, decimals: 0 }, s)))) continue
      issues.push({
        code: 'NUMBER_NOT_IN_SOURCE',
        findingIndex: p.findingIndex,
        message: `"${n.text}" matches no value of this report or of a cited earlier report`,
        detail: `${p.field}${closest(n.value, sources)}`,
      })
    }
  }
}

// "normal", "within the reference range", "unremarkable" — but not "abnormal" or "not normal".
const CALLS_NORMAL = /(?<![\p{L}-])(?:normal|unremarkable|reassuring|within (?:the )?(?:normal|reference) (?:range|limits))(?![\p{L}])/iu
const NEGATED_NORMAL = /\b(?:not|never|no longer|isn't|is not|far from)\s+(?:\w+\s+)?(?:normal|unremarkable|reassuring|within)/i

function clauses(text: string): string[] {
  return text.split(/[.;:!?,]\s+|\s+(?:but|while|whereas|and|although|however)\s+/i)
}

function callsNormal(clause: string): boolean {
  return CALLS_NORMAL.test(clause) && !NEGATED_NORMAL.test(clause)
}

interface CriticalBasis {
  observationIds: Set<number>
  findingIds: Set<number>
  terms: { label: string; terms: AnalyteTerms }[]
}

function criticalBasis(report: ReportDetail): CriticalBasis {
  const byId = new Map(report.observations.map((o) => [o.id, o]))
  const basis: CriticalBasis = { observationIds: new Set(), findingIds: new Set(), terms: [] }
  for (const f of report.findings) {
    if (f.severity !== 'critical') continue
    basis.findingIds.add(f.id)
    basis.terms.push({ label: f.title, terms: findingTerms(f) })
    for (const id of f.observationIds) {
      basis.observationIds.add(id)
      const o = byId.get(id)
      if (o) basis.terms.push({ label: f.title, terms: observationTerms(o) })
    }
  }
  return basis
}

function checkContradictions(draft: InterpretationDraft, report: ReportDetail, issues: EvidenceIssue[]): void {
  const basis = criticalBasis(report)
  if (basis.findingIds.size === 0) return
  const named = (text: string): string | null => basis.terms.find((t) => mentions(text, t.terms))?.label ?? null
  draft.findings.forEach((f, i) => {
    if (f.severity === 'normal') {
      const rests = f.evidence.map(parseEvidenceId).find(
        (r) => (r?.kind === 'observation' && basis.observationIds.has(r.id)) || (r?.kind === 'finding' && basis.findingIds.has(r.id)),
      )
      const label = rests ? 'its evidence' : named(f.statement)
      if (rests || label !== null) {
        issues.push({
          code: 'CONTRADICTS_CRITICAL_FINDING',
          findingIndex: i,
          message: `Called normal, but ${rests ? 'it rests on a result with a critical rule finding' : `it concerns "${label}", a critical rule finding`}`,
          detail: `findings[${i}]`,
        })
        return
      }
    }
    const clause = clauses(f.statement).find((c) => callsNormal(c) && named(c) !== null)
    if (clause !== undefined) {
      issues.push({ code: 'CONTRADICTS_CRITICAL_FINDING', findingIndex: i, message: `"${clause.trim()}" calls normal a result with a critical rule finding`, detail: `findings[${i}].statement` })
    }
  })
  if (draft.overall_severity === 'normal') {
    issues.push({ code: 'CONTRADICTS_CRITICAL_FINDING', findingIndex: null, message: 'Overall severity is normal, but a rule finding is critical', detail: 'overall_severity' })
  }
  const clause = clauses(draft.summary).find((c) => callsNormal(c) && named(c) !== null)
  if (clause !== undefined) {
    issues.push({ code: 'CONTRADICTS_CRITICAL_FINDING', findingIndex: null, message: `"${clause.trim()}" calls normal a result with a critical rule finding`, detail: 'summary' })
  }
}

// "final", "finalised", "definitive" — unless negated or deferred ("not final", "awaiting the final report").
const FINAL = /(?<![\p{L}-])(?:final(?:i[sz]ed)?|definitive)(?![\p{L}])/giu
const DEFERRED = /\b(?:not|no|non|yet|pending|awaiting|await|until|before|once|when|if|prior to)\b[^.;]*$/i

function saysFinal(text: string): boolean {
  for (const m of text.matchAll(FINAL)) {
    const before = text.slice(Math.max(0, m.index - 40), m.index)
    if (!DEFERRED.test(before)) return true
  }
  return false
}

function checkPreliminary(draft: InterpretationDraft, report: ReportDetail, issues: EvidenceIssue[]): void {
  const preliminary = new Set(selectObservations(report).listed.filter((o) => o.status === 'preliminary').map((o) => o.id))
  const whole = report.status === 'preliminary'
  if (!whole && preliminary.size === 0) return
  const message = whole ? 'The report is preliminary, but the draft calls it final' : 'A preliminary result is called final'
  for (const p of passages(draft)) {
    const finding = p.findingIndex === null ? undefined : draft.findings[p.findingIndex]
    const concerned = whole || finding === undefined || finding.evidence.some((e) => {
      const ref = parseEvidenceId(e)
      return ref?.kind === 'observation' && preliminary.has(ref.id)
    })
    if (concerned && saysFinal(p.text)) issues.push({ code: 'CALLS_PRELIMINARY_FINAL', findingIndex: p.findingIndex, message, detail: p.field })
  }
}

/**
 * Checks a draft against the report its prompt was built from. Numbers must be values the prompt
 * showed (rounded, or converted to another unit of the same analyte, or the difference to an earlier
 * value), or values of earlier reports the draft cites.
 */
export function checkEvidence(draft: InterpretationDraft, report: ReportDetail, opts: EvidenceCheckOptions): EvidenceCheck {
  const issues: EvidenceIssue[] = []
  checkIds(draft, knownIds(report, opts.priorReports), issues)
  const cited = citedReportIds(draft)
  const sources = collectSources(report, {
    citedPriors: opts.priorReports.filter((p) => cited.has(p.id)),
    notes: opts.notes ?? [],
    ...(opts.now !== undefined ? { now: opts.now } : {}),
  })
  checkNumbers(draft, sources, issues)
  checkContradictions(draft, report, issues)
  checkPreliminary(draft, report, issues)
  return { ok: issues.length === 0, issues }
}
