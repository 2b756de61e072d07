// Tables of hand-worked cases for the review screen's working copy, reason digits, keys, text fields and print labels.
import { describe, expect, it } from 'vitest'
import type { DraftFinding, InterpretationDraft } from '../../../../shared/domain/interpretation'
import { printLabels, provenanceLine } from './printText'
import {
  EMPTY_DOC,
  decide,
  editDecision,
  keyForReason,
  parseEvidenceList,
  putAdded,
  reasonForKey,
  rejectWholeDraft,
  removeAdded,
  restoreDraft,
  reviewRows,
  toggleEvidence,
  undecidedCount,
  undecide,
} from './reviewModel'
import { missingFromScratch, setTextField, textValue } from './textFields'
import { reviewKeyOf } from './useReviewKeys'

const f = (statement: string, severity: DraftFinding['severity'] = 'abnormal', evidence: string[] = ['O1']): DraftFinding => ({ statement, severity, evidence, recommendation: null })
const BASE: InterpretationDraft = {
  summary: 'Potassium high.',
  findings: [f('K 6.8', 'critical'), f('Na normal', 'normal', ['O2']), f('Invented')],
  overall_severity: 'critical',
  comparison_with_prior: null,
  limitations: 'None.',
}

describe('review rows and decisions', () => {
  it('lists every draft finding undecided, then added findings', () => {
    const doc = putAdded(EMPTY_DOC, { action: 'add', ...f('Missed'), reason: 'missed_finding', comment: null })
    const rows = reviewRows(BASE, doc)
    expect(rows.map((r) => r.key)).toEqual(['d0', 'd1', 'd2', 'a0'])
    expect(undecidedCount(rows)).toBe(3)
  })
  it('accept keeps, edit changes, reject drops the finding; deciding again replaces', () => {
    let doc = decide(EMPTY_DOC, { draftIndex: 2, action: 'reject', reason: 'invented_or_wrong_value', comment: null })
    doc = decide(doc, { draftIndex: 0, action: 'accept' })
    doc = decide(doc, { draftIndex: 1, action: 'edit', severity: 'abnormal', reason: 'wrong_severity', comment: null })
    doc = decide(doc, { draftIndex: 0, action: 'edit', statement: 'K 6.8 mmol/L', reason: 'terminology_or_style', comment: null })
    const rows = reviewRows(BASE, doc)
    expect(doc.findings.map((d) => (d.action === 'add' ? 'add' : `${d.draftIndex}:${d.action}`))).toEqual(['0:edit', '1:edit', '2:reject'])
    expect(rows.map((r) => r.result?.statement ?? null)).toEqual(['K 6.8 mmol/L', 'Na normal', null])
    expect(rows[1]!.result?.severity).toBe('abnormal')
    expect(undecidedCount(rows)).toBe(0)
    expect(undecidedCount(reviewRows(BASE, undecide(doc, 1)))).toBe(1)
  })
  it('keeps added findings after the draft decisions whatever the order of work', () => {
    let doc = putAdded(EMPTY_DOC, { action: 'add', ...f('A'), reason: 'missed_finding', comment: null })
    doc = decide(doc, { draftIndex: 1, action: 'accept' })
    doc = putAdded(doc, { action: 'add', ...f('B'), reason: 'missed_finding', comment: null })
    doc = putAdded(doc, { action: 'add', ...f('A2'), reason: 'missed_finding', comment: 'c' }, 0)
    expect(doc.findings.map((d) => (d.action === 'add' ? d.statement : d.action))).toEqual(['accept', 'A2', 'B'])
    expect(removeAdded(doc, 0).findings.map((d) => (d.action === 'add' ? d.statement : d.action))).toEqual(['accept', 'B'])
  })
  it('rejecting the whole draft keeps only added findings; restoring shows the draft again, undecided', () => {
    let doc = decide(EMPTY_DOC, { draftIndex: 0, action: 'accept' })
    doc = putAdded(doc, { action: 'add', ...f('Mine'), reason: 'missed_finding', comment: null })
    const scratch = rejectWholeDraft(doc, 'other', '  unusable  ')
    expect(scratch.rejectDraft).toEqual({ reason: 'other', comment: 'unusable' })
    expect(reviewRows(BASE, scratch).map((r) => r.key)).toEqual(['a0'])
    expect(reviewRows(BASE, restoreDraft(scratch)).map((r) => r.key)).toEqual(['d0', 'd1', 'd2', 'a0'])
    expect(missingFromScratch(scratch)).toEqual(['summary', 'overallSeverity'])
  })
  it('without a draft there are only added findings', () => {
    expect(reviewRows(null, EMPTY_DOC)).toEqual([])
  })
})

describe('editDecision', () => {
  const original = f('K 6.8', 'critical', ['O1'])
  it.each([
    ['nothing changed', original, null],
    ['statement only', { ...original, statement: 'K 6.9' }, { statement: 'K 6.9' }],
    ['severity only', { ...original, severity: 'abnormal' as const }, { severity: 'abnormal' }],
    ['evidence order counts', { ...original, evidence: ['O1', 'O2'] }, { evidence: ['O1', 'O2'] }],
    ['recommendation set', { ...original, recommendation: 'Repeat' }, { recommendation: 'Repeat' }],
  ])('%s', (_name, edited, fields) => {
    const d = editDecision(3, original, edited, 'wrong_severity', ' ')
    if (fields === null) expect(d).toBeNull()
    else expect(d).toEqual({ draftIndex: 3, action: 'edit', reason: 'wrong_severity', comment: null, ...fields })
  })
})

describe('reason digits', () => {
  it.each([
    ['1', 'missed_finding'],
    ['2', 'wrong_severity'],
    ['9', 'incomplete'],
    ['0', 'other'],
    ['a', null],
    ['10', null],
  ] as const)('%s → %s', (key, reason) => {
    expect(reasonForKey(key)).toBe(reason)
    if (reason !== null) expect(keyForReason(reason)).toBe(key)
  })
})

describe('review keys', () => {
  const k = (key: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) =>
    reviewKeyOf({ key, ctrlKey: false, metaKey: false, altKey: false, ...mods })
  it.each([
    [k('j'), 'next'],
    [k('k'), 'previous'],
    [k('a'), 'accept'],
    [k('e'), 'edit'],
    [k('r'), 'reject'],
    [k('n'), 'new'],
    [k('?'), 'help'],
    [k('Enter', { ctrlKey: true }), 'sign'],
    [k('Enter', { metaKey: true }), 'sign'],
    [k('Enter'), null],
    [k('a', { ctrlKey: true }), null],
    [k('r', { altKey: true }), null],
    [k('x'), null],
  ])('%s', (got, want) => expect(got).toBe(want))
})

describe('evidence lists', () => {
  it.each([
    ['O12, F3 s1', ['O12', 'F3', 'S1'], []],
    ['O1,O1;O2', ['O1', 'O2'], []],
    ['', [], []],
    ['O12 K9 O', ['O12'], ['K9', 'O']],
  ])('%j', (text, ids, invalid) => expect(parseEvidenceList(text)).toEqual({ ids, invalid }))
  it('a click links, a second click unlinks', () => {
    expect(toggleEvidence(['O1'], 'O2')).toEqual(['O1', 'O2'])
    expect(toggleEvidence(['O1', 'O2'], 'O1')).toEqual(['O2'])
  })
})

describe('text fields', () => {
  it('reads the draft until the reviewer replaces a field', () => {
    expect(textValue(BASE, EMPTY_DOC, 'summary')).toEqual({ value: 'Potassium high.', changed: false })
    const doc = setTextField(EMPTY_DOC, 'summary', ' New. ', 'incomplete', '')
    expect(doc).toEqual({ findings: [], summary: { text: 'New.', reason: 'incomplete', comment: null } })
    expect(textValue(BASE, doc as typeof EMPTY_DOC, 'summary')).toEqual({ value: 'New.', changed: true })
  })
  it.each([
    ['summary', '  ', 'The summary must not be empty.'],
    ['overallSeverity', 'bad', 'Choose normal, abnormal or critical.'],
  ] as const)('refuses an empty or unknown %s', (field, value, message) => {
    expect(setTextField(EMPTY_DOC, field, value, 'other', '')).toBe(message)
  })
  it('an empty comparison is none', () => {
    expect(setTextField(EMPTY_DOC, 'comparison', '', 'other', 'x')).toEqual({ findings: [], comparison: { text: null, reason: 'other', comment: 'x' } })
  })
  it('a rejected draft leaves every field to write', () => {
    expect(textValue(BASE, rejectWholeDraft(EMPTY_DOC, 'other', ''), 'summary')).toEqual({ value: '', changed: false })
  })
})

describe('print labels and provenance', () => {
  const sig = { id: 1, versionId: 1, signerId: 1, signerName: 'Dr A', signedAt: '2026-01-02T10:00:00Z', meaning: 'reviewed and approved', contentSha256: 'x', acknowledgement: null }
  const v = (signed: boolean) => ({ signature: signed ? sig : null }) as never
  it.each([
    ['final', 'signed', [v(true)], []],
    ['final', 'in_review', [v(false)], ['NOT SIGNED']],
    ['preliminary', 'signed', [v(true)], ['PRELIMINARY']],
    ['corrected', 'signed', [v(true)], ['CORRECTED']],
    ['final', 'amended', [v(true), v(true)], ['CORRECTED']],
    ['final', 'device_corrected', [v(true)], ['CORRECTED']],
  ] as const)('%s report, %s review → %j', (status, reviewStatus, versions, labels) => {
    expect(printLabels({ status }, { status: reviewStatus, versions: [...versions] })).toEqual(labels)
  })
  it('names the model of the draft the signed version was reviewed from, or says there was none', () => {
    const draftedWith = { interpretationId: 4, createdAt: '2026-01-02T09:00:00Z', model: 'tiny.gguf + ecg-lora×0.8' }
    expect(provenanceLine({ draftedWith }, 'Dr A')).toBe('Drafted with model tiny.gguf + ecg-lora×0.8 and reviewed by Dr A.')
    expect(provenanceLine({ draftedWith: null }, 'Dr A')).toBe('Reviewed and written by Dr A; no model draft preceded the signature.')
  })
})
