// Applies a review document to a draft: the interpretation to sign, one structured correction per decision, and what is
// wrong or unfinished, each naming its field. Pure: the store and the handlers only move its inputs and outputs.
import { DRAFT_LIMITS, InterpretationDraftSchema, type DraftFinding, type DraftSeverity, type InterpretationDraft } from './interpretation'
import type { ReasonCode } from './reasonCodes'
import type { FindingDecision, ReviewDocument } from './reviewDocument'

export const CORRECTION_TARGETS = ['draft', 'finding', 'summary', 'overall_severity', 'comparison', 'limitations'] as const
export type CorrectionTarget = (typeof CORRECTION_TARGETS)[number]
export const FINDING_FIELDS = ['statement', 'severity', 'evidence', 'recommendation'] as const
export type FindingField = (typeof FINDING_FIELDS)[number]

/** The value a correction changed: a finding, a text, a severity, or (rejecting the whole draft) the draft. Null: none. */
export type CorrectionValue = DraftFinding | InterpretationDraft | string | null

/**
 * One reviewer decision, as the training export and the evaluation read it: what it concerned, what was done and why,
 * and the value before and after.
 */
export interface CorrectionRecord {
  /** Order within the version (the document's order: rejectDraft, findings, then summary, severity, comparison, limitations). */
  seq: number
  target: CorrectionTarget
  /** The base's finding (draft or amended version) a finding decision concerns; null for an added finding and for other targets. */
  draftIndex: number | null
  /** Where the finding ended up in the interpretation; null when rejected and for other targets. */
  resultIndex: number | null
  action: FindingDecision['action']
  /** Null only for accept. */
  reason: ReasonCode | null
  comment: string | null
  /** For an edit: the fields whose value changed. */
  changedFields: FindingField[]
  before: CorrectionValue
  after: CorrectionValue
}

export interface DocumentProblem {
  /** The document's field, as zod would name it: "findings.2.draftIndex", "summary", "rejectDraft". */
  path: string
  message: string
}

export interface AppliedReview {
  /** The interpretation the document yields: the draft's schema. Undecided draft findings stay as drafted. */
  content: InterpretationDraft
  /** For each finding of `content`, the base finding it came from; null for an added one. */
  origins: (number | null)[]
  corrections: CorrectionRecord[]
  /** The document makes no sense against this base (a finding index the draft lacks, a finding decided twice): refused on any save. */
  errors: DocumentProblem[]
  /** The document is consistent but not ready to sign (a draft finding undecided, an edit that changes nothing, too many findings). */
  unfinished: DocumentProblem[]
  /** Base finding indexes without a decision. */
  undecided: number[]
}

/** What an absent draft reads as: the reviewer writes everything. */
export const EMPTY_INTERPRETATION: InterpretationDraft = { summary: '', findings: [], overall_severity: 'normal', comparison_with_prior: null, limitations: '' }

const sameEvidence = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i])

function editedFinding(before: DraftFinding, d: Extract<FindingDecision, { action: 'edit' }>): { after: DraftFinding; changed: FindingField[] } {
  const after: DraftFinding = {
    statement: d.statement ?? before.statement,
    severity: d.severity ?? before.severity,
    evidence: d.evidence ?? before.evidence,
    recommendation: d.recommendation === undefined ? before.recommendation : d.recommendation,
  }
  const changed: FindingField[] = []
  if (after.statement !== before.statement) changed.push('statement')
  if (after.severity !== before.severity) changed.push('severity')
  if (!sameEvidence(after.evidence, before.evidence)) changed.push('evidence')
  if (after.recommendation !== before.recommendation) changed.push('recommendation')
  return { after, changed }
}

/**
 * Applies `doc` to `base` (the model's draft, or for an amendment the signed version; null when there is no draft).
 * Never throws: what cannot be applied is named in errors or unfinished.
 */
export function applyReview(base: InterpretationDraft | null, doc: ReviewDocument): AppliedReview {
  const from = base ?? EMPTY_INTERPRETATION
  const errors: DocumentProblem[] = []
  const unfinished: DocumentProblem[] = []
  const corrections: Omit<CorrectionRecord, 'seq' | 'resultIndex'>[] = []
  const scratch = doc.rejectDraft !== undefined

  if (scratch) {
    if (base === null) errors.push({ path: 'rejectDraft', message: 'there is no draft to reject; leave rejectDraft out' })
    else corrections.push({ target: 'draft', draftIndex: null, action: 'reject', reason: doc.rejectDraft!.reason, comment: doc.rejectDraft!.comment ?? null, changedFields: [], before: base, after: null })
  }

  // Base findings as they end up (undefined: rejected), and added findings, in document order.
  const kept: (DraftFinding | undefined)[] = scratch ? from.findings.map(() => undefined) : [...from.findings]
  const decidedBy = new Map<number, number>()
  const added: DraftFinding[] = []
  // Index into `corrections` of each decision, to fill in resultIndex once the order is known.
  const findingCorrection: { correction: number; draftIndex: number | null; addedIndex: number | null }[] = []

  doc.findings.forEach((d, i) => {
    if (d.action === 'add') {
      const finding: DraftFinding = { statement: d.statement, severity: d.severity, evidence: d.evidence, recommendation: d.recommendation }
      findingCorrection.push({ correction: corrections.length, draftIndex: null, addedIndex: added.length })
      added.push(finding)
      corrections.push({ target: 'finding', draftIndex: null, action: 'add', reason: d.reason, comment: d.comment ?? null, changedFields: [], before: null, after: finding })
      return
    }
    if (scratch) {
      errors.push({ path: `findings.${i}.action`, message: `with rejectDraft only "add" entries are allowed (the draft is rejected as a whole), not "${d.action}"` })
      return
    }
    const before = from.findings[d.draftIndex]
    if (before === undefined) {
      errors.push({ path: `findings.${i}.draftIndex`, message: `the ${base === null ? 'report has no draft' : `draft has ${from.findings.length} finding(s), numbered from 0`}; there is no finding ${d.draftIndex}` })
      return
    }
    const earlier = decidedBy.get(d.draftIndex)
    if (earlier !== undefined) {
      errors.push({ path: `findings.${i}.draftIndex`, message: `draft finding ${d.draftIndex} is already decided in findings.${earlier}` })
      return
    }
    decidedBy.set(d.draftIndex, i)
    findingCorrection.push({ correction: corrections.length, draftIndex: d.draftIndex, addedIndex: null })
    if (d.action === 'accept') {
      corrections.push({ target: 'finding', draftIndex: d.draftIndex, action: 'accept', reason: null, comment: null, changedFields: [], before, after: before })
    } else if (d.action === 'reject') {
      kept[d.draftIndex] = undefined
      corrections.push({ target: 'finding', draftIndex: d.draftIndex, action: 'reject', reason: d.reason, comment: d.comment ?? null, changedFields: [], before, after: null })
    } else {
      const { after, changed } = editedFinding(before, d)
      if (changed.length === 0) unfinished.push({ path: `findings.${i}`, message: 'this edit changes nothing; accept the finding instead' })
      kept[d.draftIndex] = after
      corrections.push({ target: 'finding', draftIndex: d.draftIndex, action: 'edit', reason: d.reason, comment: d.comment ?? null, changedFields: changed, before, after })
    }
  })

  const undecided = scratch ? [] : from.findings.map((_, k) => k).filter((k) => !decidedBy.has(k))
  for (const k of undecided) unfinished.push({ path: 'findings', message: `draft finding ${k} has no decision: accept, edit or reject it` })

  const summary = doc.summary?.text ?? (scratch ? '' : from.summary)
  const overall: DraftSeverity = doc.overallSeverity?.value ?? from.overall_severity
  const comparison = doc.comparison !== undefined ? doc.comparison.text : scratch ? null : from.comparison_with_prior
  const limitations = doc.limitations !== undefined ? doc.limitations.text : scratch ? '' : from.limitations

  const fromScratch = scratch || base === null
  if (fromScratch && doc.summary === undefined) unfinished.push({ path: 'summary', message: scratch ? 'required with rejectDraft: write the summary' : 'the report has no draft: write the summary' })
  if (fromScratch && doc.overallSeverity === undefined) {
    unfinished.push({ path: 'overallSeverity', message: scratch ? 'required with rejectDraft: state the overall severity' : 'the report has no draft: state the overall severity' })
  }

  // A field "change" that keeps the base's value would be counted as a correction it is not.
  const field = <T extends CorrectionValue>(target: CorrectionTarget, path: string, change: { reason: ReasonCode; comment?: string | null | undefined } | undefined, before: T, after: T) => {
    if (change === undefined) return
    if (!fromScratch && before === after) unfinished.push({ path, message: 'this is the draft\'s own value; leave it out to keep it' })
    corrections.push({ target, draftIndex: null, action: fromScratch ? 'add' : 'edit', reason: change.reason, comment: change.comment ?? null, changedFields: [], before: fromScratch ? null : before, after })
  }
  field('summary', 'summary', doc.summary, from.summary, summary)
  field('overall_severity', 'overallSeverity', doc.overallSeverity, from.overall_severity, overall)
  field('comparison', 'comparison', doc.comparison, from.comparison_with_prior, comparison)
  field('limitations', 'limitations', doc.limitations, from.limitations, limitations)

  const findings: DraftFinding[] = []
  const origins: (number | null)[] = []
  const resultOfBase = new Map<number, number>()
  kept.forEach((f, k) => {
    if (f === undefined) return
    resultOfBase.set(k, findings.length)
    findings.push(f)
    origins.push(k)
  })
  const firstAdded = findings.length
  for (const f of added) {
    findings.push(f)
    origins.push(null)
  }

  const content: InterpretationDraft = { summary, findings, overall_severity: overall, comparison_with_prior: comparison, limitations }
  if (findings.length > DRAFT_LIMITS.findings) {
    unfinished.push({ path: 'findings', message: `the interpretation may hold at most ${DRAFT_LIMITS.findings} findings (it would hold ${findings.length})` })
  } else {
    const valid = InterpretationDraftSchema.safeParse(content)
    for (const issue of valid.success ? [] : valid.error.issues.slice(0, 3)) {
      unfinished.push({ path: issue.path.join('.') || '(interpretation)', message: `does not fit the interpretation format: ${issue.message}` })
    }
  }

  const resultIndexOf = new Map<number, number | null>()
  for (const fc of findingCorrection) {
    resultIndexOf.set(fc.correction, fc.draftIndex !== null ? (resultOfBase.get(fc.draftIndex) ?? null) : firstAdded + fc.addedIndex!)
  }
  return {
    content,
    origins,
    corrections: corrections.map((c, seq) => ({ ...c, seq, resultIndex: resultIndexOf.get(seq) ?? null })),
    errors,
    unfinished,
    undecided,
  }
}
