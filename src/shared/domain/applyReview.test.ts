// Applying review documents to a hand-written draft: the interpretation, the correction records and the problems,
// each case worked out by hand.
import { describe, expect, it } from 'vitest'
import { applyReview } from './applyReview'
import type { InterpretationDraft } from './interpretation'
import { ReviewDocumentSchema, describeDocumentError, type ReviewDocumentInput } from './reviewDocument'

const K = { statement: 'Potassium 6.8 mmol/L is critically high.', severity: 'critical', evidence: ['O1'], recommendation: 'Repeat now.' } as const
const NA = { statement: 'Sodium 138 mmol/L is normal.', severity: 'normal', evidence: ['O2'], recommendation: null } as const
const GLU = { statement: 'Glucose 250 mg/dL is high.', severity: 'abnormal', evidence: ['O3'], recommendation: null } as const
const DRAFT: InterpretationDraft = {
  summary: 'Critical hyperkalaemia.',
  findings: [{ ...K, evidence: [...K.evidence] }, { ...NA, evidence: [...NA.evidence] }, { ...GLU, evidence: [...GLU.evidence] }],
  overall_severity: 'critical',
  comparison_with_prior: null,
  limitations: 'None.',
}

const doc = (d: Omit<ReviewDocumentInput, 'baseVersion'>) => ReviewDocumentSchema.parse({ baseVersion: 0, ...d })

describe('applyReview', () => {
  it('accept, edit, reject and add: the interpretation and one correction per decision', () => {
    const r = applyReview(
      DRAFT,
      doc({
        findings: [
          { draftIndex: 0, action: 'accept' },
          { draftIndex: 1, action: 'reject', reason: 'invented_or_wrong_value', comment: 'sodium is 138.4' },
          { draftIndex: 2, action: 'edit', severity: 'critical', reason: 'wrong_severity' },
          { action: 'add', statement: 'Haemolysed sample.', severity: 'abnormal', evidence: ['S1'], reason: 'missed_finding' },
        ],
      }),
    )
    expect(r.errors).toEqual([])
    expect(r.unfinished).toEqual([])
    expect(r.content.findings).toEqual([K, { ...GLU, severity: 'critical' }, { statement: 'Haemolysed sample.', severity: 'abnormal', evidence: ['S1'], recommendation: null }])
    expect(r.origins).toEqual([0, 2, null])
    expect(r.content.summary).toBe(DRAFT.summary)
    expect(r.corrections.map((c) => [c.seq, c.target, c.draftIndex, c.resultIndex, c.action, c.reason, c.changedFields])).toEqual([
      [0, 'finding', 0, 0, 'accept', null, []],
      [1, 'finding', 1, null, 'reject', 'invented_or_wrong_value', []],
      [2, 'finding', 2, 1, 'edit', 'wrong_severity', ['severity']],
      [3, 'finding', null, 2, 'add', 'missed_finding', []],
    ])
    expect(r.corrections[1]).toMatchObject({ comment: 'sodium is 138.4', before: NA, after: null })
    expect(r.corrections[2]).toMatchObject({ before: GLU, after: { ...GLU, severity: 'critical' } })
  })

  it('summary, overall severity, comparison and limitations changes are corrections of their own', () => {
    const r = applyReview(
      DRAFT,
      doc({
        findings: [0, 1, 2].map((i) => ({ draftIndex: i, action: 'accept' as const })),
        summary: { text: 'Critical hyperkalaemia; hyperglycaemia.', reason: 'incomplete' },
        overallSeverity: { value: 'abnormal', reason: 'wrong_severity', comment: 'repeat showed 5.4' },
        comparison: { text: 'Potassium higher than in R4.', reason: 'missed_finding' },
      }),
    )
    expect(r.unfinished).toEqual([])
    expect(r.content).toMatchObject({ summary: 'Critical hyperkalaemia; hyperglycaemia.', overall_severity: 'abnormal', comparison_with_prior: 'Potassium higher than in R4.', limitations: 'None.' })
    expect(r.corrections.slice(3).map((c) => [c.target, c.action, c.reason, c.before, c.after])).toEqual([
      ['summary', 'edit', 'incomplete', 'Critical hyperkalaemia.', 'Critical hyperkalaemia; hyperglycaemia.'],
      ['overall_severity', 'edit', 'wrong_severity', 'critical', 'abnormal'],
      ['comparison', 'edit', 'missed_finding', null, 'Potassium higher than in R4.'],
    ])
  })

  it('rejectDraft writes from scratch: one draft rejection, the added findings, and a required summary and severity', () => {
    const r = applyReview(
      DRAFT,
      doc({
        rejectDraft: { reason: 'other', comment: 'wrong patient context' },
        findings: [{ action: 'add', statement: 'Potassium 6.8 mmol/L.', severity: 'critical', evidence: ['O1'], recommendation: null, reason: 'missed_finding' }],
        summary: { text: 'Hyperkalaemia.', reason: 'other' },
        overallSeverity: { value: 'critical', reason: 'other' },
      }),
    )
    expect(r.errors).toEqual([])
    expect(r.unfinished).toEqual([])
    expect(r.undecided).toEqual([])
    expect(r.content).toEqual({ summary: 'Hyperkalaemia.', findings: [{ statement: 'Potassium 6.8 mmol/L.', severity: 'critical', evidence: ['O1'], recommendation: null }], overall_severity: 'critical', comparison_with_prior: null, limitations: '' })
    expect(r.corrections.map((c) => [c.target, c.action, c.reason])).toEqual([
      ['draft', 'reject', 'other'],
      ['finding', 'add', 'missed_finding'],
      ['summary', 'add', 'other'],
      ['overall_severity', 'add', 'other'],
    ])
    expect(r.corrections[0]!.before).toEqual(DRAFT)
  })

  it.each([
    [{ rejectDraft: { reason: 'other' }, findings: [{ draftIndex: 0, action: 'accept' }] }, 'errors', 'findings.0.action', /only "add"/],
    [{ findings: [{ draftIndex: 3, action: 'accept' }] }, 'errors', 'findings.0.draftIndex', /draft has 3 finding\(s\).*no finding 3/],
    [{ findings: [{ draftIndex: 1, action: 'accept' }, { draftIndex: 1, action: 'reject', reason: 'other' }] }, 'errors', 'findings.1.draftIndex', /already decided in findings.0/],
    [{ findings: [{ draftIndex: 0, action: 'accept' }] }, 'unfinished', 'findings', /draft finding 1 has no decision/],
    [{ findings: [{ draftIndex: 0, action: 'edit', severity: 'critical', reason: 'wrong_severity' }, { draftIndex: 1, action: 'accept' }, { draftIndex: 2, action: 'accept' }] }, 'unfinished', 'findings.0', /changes nothing/],
    [{ findings: [0, 1, 2].map((i) => ({ draftIndex: i, action: 'accept' })), summary: { text: 'Critical hyperkalaemia.', reason: 'other' } }, 'unfinished', 'summary', /draft's own value/],
    [{ rejectDraft: { reason: 'other' }, findings: [] }, 'unfinished', 'summary', /required with rejectDraft/],
  ] as const)('%o → %s at %s', (partial, kind, path, message) => {
    const r = applyReview(DRAFT, doc(partial as never))
    const found = r[kind].find((p) => p.path === path)
    expect(found, JSON.stringify(r[kind])).toBeDefined()
    expect(found!.message).toMatch(message)
  })

  it('more findings than the draft schema allows is unfinished, naming the limit', () => {
    const add = { action: 'add', statement: 'x', severity: 'abnormal', evidence: ['O1'], reason: 'missed_finding' } as const
    const r = applyReview(DRAFT, doc({ findings: [0, 1, 2].map((i) => ({ draftIndex: i, action: 'accept' as const })).concat(Array(6).fill(add)) as never }))
    expect(r.unfinished).toEqual([{ path: 'findings', message: 'the interpretation may hold at most 8 findings (it would hold 9)' }])
  })

  it('without a draft the reviewer writes everything; rejecting a missing draft is an error', () => {
    const r = applyReview(null, doc({ findings: [], summary: { text: 'Normal panel.', reason: 'other' } }))
    expect(r.unfinished.map((p) => p.path)).toEqual(['overallSeverity'])
    expect(applyReview(null, doc({ rejectDraft: { reason: 'other' } })).errors.map((p) => p.path)).toEqual(['rejectDraft'])
  })
})

describe('the review document schema', () => {
  it.each([
    [{ baseVersion: 1, findings: [{ draftIndex: 1, action: 'edit', severity: 'critical' }] }, /findings\.0\.reason/],
    [{ baseVersion: 1, findings: [{ draftIndex: 0, action: 'reject' }] }, /findings\.0\.reason/],
    [{ baseVersion: 1, findings: [{ action: 'add', statement: 'x', severity: 'abnormal', evidence: [], reason: 'because' }] }, /findings\.0\.reason/],
    [{ baseVersion: 1, findings: [{ action: 'add', statement: ' ', severity: 'abnormal', evidence: [], reason: 'other' }] }, /findings\.0\.statement: must not be empty/],
    [{ baseVersion: 1, findings: [{ action: 'add', statement: 'x', severity: 'abnormal', evidence: ['potassium'], reason: 'other' }] }, /findings\.0\.evidence\.0: not an evidence id/],
    [{ baseVersion: 1, findings: [{ draftIndex: 0, action: 'accept', reason: 'other' }] }, /findings\.0: Unrecognized key: "reason"/],
    [{ baseVersion: 1, summary: { text: 'x' } }, /summary\.reason/],
    [{ baseVersion: 1, overallSeverity: { value: 'fatal', reason: 'other' } }, /overallSeverity\.value/],
    [{ findings: [] }, /baseVersion/],
    [{ baseVersion: 1, findings: [{ draftIndex: 0, action: 'approve' }] }, /findings\.0\.action/],
  ])('%o is refused naming the field', (input, field) => {
    const r = ReviewDocumentSchema.safeParse(input)
    expect(r.success).toBe(false)
    if (!r.success) expect(describeDocumentError(r.error)).toMatch(field)
  })

  it('accepts the issue\'s example document', () => {
    const r = ReviewDocumentSchema.safeParse({
      baseVersion: 1,
      findings: [
        { draftIndex: 0, action: 'accept' },
        { draftIndex: 1, action: 'edit', statement: '…', severity: 'critical', evidence: ['O1'], recommendation: null, reason: 'wrong_severity', comment: '…' },
        { draftIndex: 2, action: 'reject', reason: 'invented_or_wrong_value', comment: '…' },
        { action: 'add', statement: '…', severity: 'abnormal', evidence: ['O2'], recommendation: null, reason: 'missed_finding' },
      ],
      summary: { text: '…', reason: 'incomplete' },
      overallSeverity: { value: 'critical', reason: 'wrong_severity' },
    })
    expect(r.success).toBe(true)
  })
})
