// The review screen's working copy as pure functions: decisions per draft finding, added findings, text edits, the
// rows the screen lists, the reason picker's digits and the shortcut list. The screen keeps a WorkingDoc in state and
// autosaves it as a review document.
import type { ReviewState } from '../../../../shared/contract/review'
import type { DraftFinding, InterpretationDraft } from '../../../../shared/domain/interpretation'
import { REASON_CODES, type ReasonCode } from '../../../../shared/domain/reasonCodes'
import type { FindingDecision, ReviewDocument } from '../../../../shared/domain/reviewDocument'

/** A review document without its concurrency token: what the reviewer edits. */
export type WorkingDoc = Omit<ReviewDocument, 'baseVersion'>
type AddDecision = Extract<FindingDecision, { action: 'add' }>
type EditDecision = Extract<FindingDecision, { action: 'edit' }>

export const EMPTY_DOC: WorkingDoc = { findings: [] }

/** The saved working copy, or an empty one. */
export function docFromState(state: Pick<ReviewState, 'document'>): WorkingDoc {
  if (!state.document) return EMPTY_DOC
  const { baseVersion: _ignored, ...doc } = state.document
  return doc
}

export function toDocument(doc: WorkingDoc, baseVersion: number): ReviewDocument {
  return { baseVersion, ...doc }
}

/** One finding as the screen lists it: a draft finding (with its decision, if any) or a finding the reviewer added. */
export type ReviewRow =
  | { kind: 'draft'; key: string; draftIndex: number; original: DraftFinding; decision: FindingDecision | undefined; result: DraftFinding | null }
  | { kind: 'added'; key: string; addPosition: number; decision: AddDecision; result: DraftFinding }

/** What an edit makes of a draft finding (fields left out keep the draft's value). */
export function applyEdit(original: DraftFinding, edit: EditDecision): DraftFinding {
  return {
    statement: edit.statement ?? original.statement,
    severity: edit.severity ?? original.severity,
    evidence: edit.evidence ?? original.evidence,
    recommendation: edit.recommendation !== undefined ? edit.recommendation : original.recommendation,
  }
}

function addedFinding(d: AddDecision): DraftFinding {
  return { statement: d.statement, severity: d.severity, evidence: d.evidence, recommendation: d.recommendation }
}

/** The rows in screen order: draft findings (none when the whole draft is rejected), then added ones. */
export function reviewRows(base: InterpretationDraft | null, doc: WorkingDoc): ReviewRow[] {
  const rows: ReviewRow[] = []
  if (base && !doc.rejectDraft) {
    base.findings.forEach((original, draftIndex) => {
      const decision = doc.findings.find((d) => d.action !== 'add' && d.draftIndex === draftIndex)
      const result = !decision || decision.action === 'accept' ? original : decision.action === 'edit' ? applyEdit(original, decision) : null
      rows.push({ kind: 'draft', key: `d${draftIndex}`, draftIndex, original, decision, result })
    })
  }
  let addPosition = 0
  for (const d of doc.findings) {
    if (d.action !== 'add') continue
    rows.push({ kind: 'added', key: `a${addPosition}`, addPosition, decision: d, result: addedFinding(d) })
    addPosition++
  }
  return rows
}

/** Sets (or replaces) the decision on one draft finding. */
export function decide(doc: WorkingDoc, decision: Exclude<FindingDecision, AddDecision>): WorkingDoc {
  const others = doc.findings.filter((d) => d.action === 'add' || d.draftIndex !== decision.draftIndex)
  const drafts = [...others.filter((d) => d.action !== 'add'), decision].sort((a, b) => draftIndexOf(a) - draftIndexOf(b))
  return { ...doc, findings: [...drafts, ...others.filter((d) => d.action === 'add')] }
}

function draftIndexOf(d: FindingDecision): number {
  return d.action === 'add' ? Number.MAX_SAFE_INTEGER : d.draftIndex
}

/** Removes the decision on a draft finding (back to undecided). */
export function undecide(doc: WorkingDoc, draftIndex: number): WorkingDoc {
  return { ...doc, findings: doc.findings.filter((d) => d.action === 'add' || d.draftIndex !== draftIndex) }
}

/** Adds a finding, or replaces the added finding at `position` (counting added findings only). */
export function putAdded(doc: WorkingDoc, add: AddDecision, position?: number): WorkingDoc {
  let n = -1
  const replaced = doc.findings.map((d) => {
    if (d.action !== 'add') return d
    n++
    return n === position ? add : d
  })
  return { ...doc, findings: position === undefined ? [...doc.findings, add] : replaced }
}

export function removeAdded(doc: WorkingDoc, position: number): WorkingDoc {
  let n = -1
  return { ...doc, findings: doc.findings.filter((d) => d.action !== 'add' || ++n !== position) }
}

/**
 * The edit decision for a finding changed from `original` to `edited`: only the changed fields, or null when nothing
 * changed (then it is no edit; the screen says so rather than store an edit that changes nothing).
 */
export function editDecision(draftIndex: number, original: DraftFinding, edited: DraftFinding, reason: ReasonCode, comment: string): EditDecision | null {
  const d: EditDecision = { draftIndex, action: 'edit', reason, comment: comment.trim() === '' ? null : comment.trim() }
  if (edited.statement !== original.statement) d.statement = edited.statement
  if (edited.severity !== original.severity) d.severity = edited.severity
  if (edited.evidence.join('\u0000') !== original.evidence.join('\u0000')) d.evidence = edited.evidence
  if (edited.recommendation !== original.recommendation) d.recommendation = edited.recommendation
  const changed = d.statement !== undefined || d.severity !== undefined || d.evidence !== undefined || d.recommendation !== undefined
  return changed ? d : null
}

/** Write from scratch: the draft's decisions go, added findings stay. */
export function rejectWholeDraft(doc: WorkingDoc, reason: ReasonCode, comment: string): WorkingDoc {
  return { ...doc, findings: doc.findings.filter((d) => d.action === 'add'), rejectDraft: { reason, comment: comment.trim() || null } }
}

/** Back to reviewing the draft: its findings are undecided again. */
export function restoreDraft(doc: WorkingDoc): WorkingDoc {
  const { rejectDraft: _ignored, ...rest } = doc
  return rest
}

/** How many draft findings still wait for a decision. */
export function undecidedCount(rows: readonly ReviewRow[]): number {
  return rows.filter((r) => r.kind === 'draft' && r.decision === undefined).length
}

/** The reason a digit chooses in the picker: 1–9 the first nine, 0 the tenth; null for any other key. */
export function reasonForKey(key: string): ReasonCode | null {
  if (!/^[0-9]$/.test(key)) return null
  const index = key === '0' ? 9 : Number(key) - 1
  return REASON_CODES[index] ?? null
}

/** The digit that chooses a reason (shown beside it in the picker). */
export function keyForReason(reason: ReasonCode): string {
  const i = REASON_CODES.indexOf(reason)
  return i === 9 ? '0' : String(i + 1)
}

/** Parses "O12, F3 S1" into evidence ids, dropping repeats; what is not an id is returned apart so the form can name it. */
export function parseEvidenceList(text: string): { ids: string[]; invalid: string[] } {
  const ids: string[] = []
  const invalid: string[] = []
  for (const raw of text.split(/[\s,;]+/)) {
    const t = raw.trim().toUpperCase()
    if (t === '') continue
    if (!/^[OSFRM](0|[1-9]\d{0,9})$/.test(t)) invalid.push(raw.trim())
    else if (!ids.includes(t)) ids.push(t)
  }
  return { ids, invalid }
}

/** Adds an observation's evidence id to the list (clicking it in the report), or removes it when already there. */
export function toggleEvidence(ids: readonly string[], id: string): string[] {
  return ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id]
}

/** Every shortcut of the review screen, for the `?` help and the README. */
export const SHORTCUTS: readonly { keys: string; what: string }[] = [
  { keys: 'j / k', what: 'next / previous finding' },
  { keys: 'a', what: 'accept the selected finding' },
  { keys: 'e', what: 'edit the selected finding (then a reason)' },
  { keys: 'r', what: 'reject the selected finding (reason picker opens)' },
  { keys: 'n', what: 'add a finding the draft missed' },
  { keys: '1–9, 0', what: 'choose a reason in the picker' },
  { keys: 'Enter', what: 'confirm the picker or the form' },
  { keys: 'Ctrl+Enter', what: 'sign (opens the signature dialog; never signs by itself)' },
  { keys: 'Esc', what: 'cancel the picker, form or dialog' },
  { keys: '?', what: 'this list' },
]
