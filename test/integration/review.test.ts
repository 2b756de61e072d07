// Clinical review and sign-off through the handler table on a real SQLite file: decisions with reason codes, the
// structured corrections, optimistic concurrency, roles, signing (password, acknowledgement, frozen bytes), amendment,
// a device correction after sign-off, the worklist's review filters and counts, and an audit row for every action.
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ReviewCounts, ReviewState } from '../../src/shared/contract/review'
import type { ReportDetail, ReportSummary } from '../../src/shared/contract/reports'
import type { InterpretationDraft } from '../../src/shared/domain/interpretation'
import type { ReviewDocumentInput } from '../../src/shared/domain/reviewDocument'
import { oru } from '../helpers/hl7'
import { addReviewPeople, storeDraft } from '../helpers/review'
import { makeServices, type TestServices, type TestUser } from '../helpers/services'

let t: TestServices
/** Dr Lee and Dr Kim are clinicians; the technician prepares reviews. */
let CLINICIAN: TestUser, CLINICIAN_2: TestUser, TECHNICIAN: TestUser
let report: ReportDetail
/** Observation ids of the first report: potassium (critical), sodium, glucose. */
let K: number, NA: number, GLU: number
let draftId: number

async function call<T>(who: TestUser, method: string, input: unknown): Promise<T> {
  const r = await t.dispatch(method, input, who.ctx)
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`)
  return r.value as T
}
async function refused(who: TestUser, method: string, input: unknown): Promise<{ code: string; message: string }> {
  const r = await t.dispatch(method, input, who.ctx)
  if (r.ok) throw new Error(`${method} should have failed`)
  return r.error
}
const db = () => t.services.db
const auditActions = (reportId: number) =>
  (db().prepare("SELECT action FROM audit_events WHERE entity_type = 'report' AND entity_id = ? AND action LIKE 'review.%' ORDER BY id").pluck().all(String(reportId)) as string[])

const MESSAGE = (controlId: string, mrn: string, potassium: string, status = 'F') =>
  oru({
    controlId,
    mrn,
    observedAt: '20260301080000',
    results: [
      { code: '2823-3', display: 'Potassium', value: potassium, unit: 'mmol/L', range: '3.5-5.1', flag: 'HH', status },
      { code: '2951-2', display: 'Sodium', value: '140', unit: 'mmol/L', range: '135-145', status },
      { code: '2345-7', display: 'Glucose', value: '180', unit: 'mg/dL', range: '70-99', flag: 'H', status },
    ],
  })

function draftFor(k: number, na: number, glu: number): InterpretationDraft {
  return {
    summary: 'Critically high potassium.',
    findings: [
      { statement: 'Potassium 6.9 mmol/L is critically high.', severity: 'critical', evidence: [`O${k}`], recommendation: 'Repeat potassium now.' },
      { statement: 'Sodium 140 mmol/L is within the reference range.', severity: 'normal', evidence: [`O${na}`], recommendation: null },
      { statement: 'Glucose 180 mg/dL is high.', severity: 'critical', evidence: [`O${glu}`], recommendation: null },
    ],
    overall_severity: 'critical',
    comparison_with_prior: null,
    limitations: 'No earlier results.',
  }
}

async function importMessage(hl7: string, name: string): Promise<number[]> {
  const r = await call<{ results: { reportIds: number[] }[] }>(TECHNICIAN, 'import.files', { files: [{ name, contentBase64: Buffer.from(hl7).toString('base64') }] })
  return r.results.flatMap((x) => x.reportIds)
}

beforeAll(async () => {
  t = makeServices()
  const people = await addReviewPeople(t)
  ;[CLINICIAN, CLINICIAN_2, TECHNICIAN] = [people.lee, people.kim, people.tech]
  const id = (await importMessage(MESSAGE('R1', 'MRN-1', '6.9'), 'r1.hl7'))[0]!
  report = await call<ReportDetail>(CLINICIAN, 'reports.get', { id })
  ;[K, NA, GLU] = report.observations.map((o) => o.id) as [number, number, number]
  draftId = storeDraft(t.services, report.id, draftFor(K, NA, GLU))
})
afterAll(() => t?.cleanup())

const FULL_REVIEW = (baseVersion: number): ReviewDocumentInput => ({
  baseVersion,
  findings: [
    { draftIndex: 0, action: 'accept' },
    { draftIndex: 1, action: 'reject', reason: 'terminology_or_style', comment: 'normal sodium needs no finding' },
    { draftIndex: 2, action: 'edit', severity: 'abnormal', reason: 'wrong_severity', comment: 'hyperglycaemia, not critical' },
    { action: 'add', statement: 'Flagged high potassium needs a repeat sample to exclude haemolysis.', severity: 'abnormal', evidence: [`O${K}`], recommendation: null, reason: 'missed_finding' },
  ],
  summary: { text: 'Critically high potassium; high glucose.', reason: 'incomplete' },
})

describe('review of a draft', () => {
  it('shows the draft findings with their indexes, status drafted, row version 0', async () => {
    const s = await call<ReviewState>(TECHNICIAN, 'review.get', { reportId: report.id })
    expect(s).toMatchObject({ status: 'drafted', rowVersion: 0, working: null, document: null, base: { kind: 'draft' } })
    expect(s.base.content!.findings.map((f) => f.severity)).toEqual(['critical', 'normal', 'critical'])
    expect((await call<ReportDetail>(CLINICIAN, 'reports.get', { id: report.id })).review).toEqual({ status: 'drafted', deviceCorrection: null, versions: [] })
  })

  it('a technician prepares the review: an unfinished working copy is saved, status in review, version 1 working', async () => {
    const s = await call<ReviewState>(TECHNICIAN, 'review.save', { reportId: report.id, document: { baseVersion: 0, findings: [{ draftIndex: 0, action: 'accept' }] } })
    expect(s).toMatchObject({ status: 'in_review', rowVersion: 1, lastReviewer: { id: TECHNICIAN.user.id, name: TECHNICIAN.user.displayName }, assignedReviewer: { id: TECHNICIAN.user.id } })
    expect(s.working).toMatchObject({ version: 1, corrections: [{ action: 'accept', draftIndex: 0, reason: null }] })
    expect(s.working!.unfinished.map((p) => p.message)).toEqual(['draft finding 1 has no decision: accept, edit or reject it', 'draft finding 2 has no decision: accept, edit or reject it'])
    // Autosave's answer skips the evidence check (null); review.get runs it.
    expect(s.signOff).toMatchObject({ ready: false, needsAcknowledgement: null })
    expect(s.document).toMatchObject({ baseVersion: 1 })
  })

  it('two sessions edit the same report: the second save gets CONFLICT, its edits are kept, nothing is overwritten', async () => {
    const first = await call<ReviewState>(CLINICIAN, 'review.save', { reportId: report.id, document: { baseVersion: 1, findings: [{ draftIndex: 0, action: 'accept' }, { draftIndex: 1, action: 'reject', reason: 'terminology_or_style' }] } })
    expect(first.rowVersion).toBe(2)
    const mine = { baseVersion: 1, findings: [{ draftIndex: 0, action: 'reject', reason: 'other', comment: 'technician edit' }] }
    const conflict = await refused(TECHNICIAN, 'review.save', { reportId: report.id, document: mine })
    expect(conflict.code).toBe('CONFLICT')
    expect(conflict.message).toMatch(/saved by Dr Lee at .* after the copy you edited \(your edits are on version 1, the review is at 2\)\. Nothing was overwritten: your edits are kept \(kept edit \d+\); reload the review and re-apply them/)
    const techView = await call<ReviewState>(TECHNICIAN, 'review.get', { reportId: report.id })
    expect(techView.rowVersion).toBe(2)
    expect(techView.document!.findings).toEqual(first.document!.findings)
    expect(techView.keptEdits).toEqual([{ id: expect.any(Number), savedAt: expect.any(String), baseVersion: 1, document: { ...mine, findings: [{ ...mine.findings[0], comment: 'technician edit' }] } }])
    // Kept edits are the author's: the clinician does not see them.
    expect((await call<ReviewState>(CLINICIAN, 'review.get', { reportId: report.id })).keptEdits).toEqual([])
    // Re-applied on the current version, they are resolved.
    const resolved = await call<ReviewState>(TECHNICIAN, 'review.save', { reportId: report.id, document: { ...first.document!, baseVersion: 2 }, resolvesKeptEdits: [techView.keptEdits[0]!.id] })
    expect(resolved.keptEdits).toEqual([])
    expect(resolved.rowVersion).toBe(3)
  })

  it('refuses a change without a reason code, and a document that does not fit the draft, naming the field', async () => {
    const noReason = await refused(CLINICIAN, 'review.apply', { reportId: report.id, document: { baseVersion: 3, findings: [{ draftIndex: 2, action: 'edit', severity: 'abnormal' }] } })
    expect(noReason).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/document\.findings\.0\.reason/) })
    const noIndex = await refused(CLINICIAN, 'review.apply', { reportId: report.id, document: { baseVersion: 3, findings: [{ draftIndex: 5, action: 'accept' }] } })
    expect(noIndex).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/findings\.0\.draftIndex: the draft has 3 finding\(s\)/) })
    const unfinished = await refused(CLINICIAN, 'review.apply', { reportId: report.id, document: { baseVersion: 3, findings: [{ draftIndex: 0, action: 'accept' }] } })
    expect(unfinished).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/not finished: findings: draft finding 1 has no decision/) })
    expect((await call<ReviewState>(CLINICIAN, 'review.get', { reportId: report.id })).rowVersion).toBe(3)
  })

  it('applies accept, edit, reject and add with reason codes: the interpretation, the diff and corrections queryable by code', async () => {
    const s = await call<ReviewState>(CLINICIAN, 'review.apply', { reportId: report.id, document: FULL_REVIEW(3) })
    const w = s.working!
    expect(w.unfinished).toEqual([])
    expect(w.content.findings.map((f) => [f.severity, f.statement])).toEqual([
      ['critical', 'Potassium 6.9 mmol/L is critically high.'],
      ['abnormal', 'Glucose 180 mg/dL is high.'],
      ['abnormal', 'Flagged high potassium needs a repeat sample to exclude haemolysis.'],
    ])
    expect(w.content.summary).toBe('Critically high potassium; high glucose.')
    expect(w.corrections.map((c) => [c.target, c.action, c.draftIndex, c.resultIndex, c.reason])).toEqual([
      ['finding', 'accept', 0, 0, null],
      ['finding', 'reject', 1, null, 'terminology_or_style'],
      ['finding', 'edit', 2, 1, 'wrong_severity'],
      ['finding', 'add', null, 2, 'missed_finding'],
      ['summary', 'edit', null, null, 'incomplete'],
    ])
    expect(w.diff.findings.map((f) => f.change)).toEqual(['unchanged', 'removed', 'edited', 'added'])
    expect(w.diff.summary).toEqual([{ op: 'same', text: 'Critically high potassium' }, { op: 'added', text: '; high glucose' }, { op: 'same', text: '.' }])
    expect(w.contentSha256).toBe(createHash('sha256').update(db().prepare('SELECT content FROM interpretation_versions WHERE id = ?').pluck().get(w.versionId) as string).digest('hex'))
    const byCode = db().prepare("SELECT report_id, draft_index, action, comment, reason_list_version FROM corrections WHERE reason_code = 'wrong_severity'").all()
    expect(byCode).toEqual([{ report_id: report.id, draft_index: 2, action: 'edit', comment: 'hyperglycaemia, not critical', reason_list_version: 1 }])
    expect(s.signOff).toMatchObject({ ready: true, blockers: [], needsAcknowledgement: [] })
  })

  it('a technician cannot sign; a wrong password or a changed version signs nothing', async () => {
    const s = await call<ReviewState>(CLINICIAN, 'review.get', { reportId: report.id })
    const hash = s.working!.contentSha256
    expect(await refused(TECHNICIAN, 'review.sign', { reportId: report.id, contentSha256: hash, password: TECHNICIAN.password })).toMatchObject({ code: 'FORBIDDEN' })
    expect(await refused(TECHNICIAN, 'review.amend', { reportId: report.id, reason: 'x' })).toMatchObject({ code: 'FORBIDDEN' })
    expect(await refused(CLINICIAN, 'review.sign', { reportId: report.id, contentSha256: hash, password: 'wrong' })).toMatchObject({ code: 'UNAUTHENTICATED' })
    expect(await refused(CLINICIAN, 'review.sign', { reportId: report.id, contentSha256: 'f'.repeat(64), password: CLINICIAN.password })).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/changed since you viewed it/),
    })
    expect(db().prepare('SELECT count(*) FROM signatures').pluck().get()).toBe(0)
    expect((await call<ReviewState>(CLINICIAN, 'review.get', { reportId: report.id })).status).toBe('in_review')
  })

  it('signing freezes version 1: name, time, meaning and hash; the stored bytes never change; a later save is refused', async () => {
    const before = await call<ReviewState>(CLINICIAN, 'review.get', { reportId: report.id })
    const s = await call<ReviewState>(CLINICIAN, 'review.sign', { reportId: report.id, contentSha256: before.working!.contentSha256, password: CLINICIAN.password })
    expect(s).toMatchObject({ status: 'signed', working: null, document: null, signOff: null })
    expect(s.versions).toHaveLength(1)
    const v1 = s.versions[0]!
    expect(v1).toMatchObject({ version: 1, state: 'signed', previousVersionId: null, contentSha256: before.working!.contentSha256, reasonCodes: ['incomplete', 'missed_finding', 'terminology_or_style', 'wrong_severity'] })
    expect(v1.signature).toMatchObject({ signerId: CLINICIAN.user.id, signerName: 'Dr Lee', meaning: 'reviewed and approved', contentSha256: v1.contentSha256, acknowledgement: null })
    expect(Date.parse(v1.signature!.signedAt)).not.toBeNaN()
    // What the print view's provenance line names: the draft this version was reviewed from.
    expect(v1.draftedWith).toMatchObject({ interpretationId: draftId, model: 'test-base' })
    const bytes = db().prepare('SELECT content FROM interpretation_versions WHERE id = ?').pluck().get(v1.id) as string
    expect(() => db().prepare("UPDATE interpretation_versions SET content = '{}' WHERE id = ?").run(v1.id)).toThrow(/immutable/)
    expect(await refused(CLINICIAN, 'review.save', { reportId: report.id, document: { baseVersion: s.rowVersion, findings: [] } })).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/amend it/) })
    expect(await refused(CLINICIAN, 'review.sign', { reportId: report.id, contentSha256: v1.contentSha256, password: CLINICIAN.password })).toMatchObject({ code: 'CONFLICT', message: /already signed/ })
    expect(db().prepare('SELECT content FROM interpretation_versions WHERE id = ?').pluck().get(v1.id)).toBe(bytes)
    // The export's view: the signed version's decisions with the signature.
    expect(db().prepare('SELECT action, reason_code, signer_id, content_sha256 FROM signed_corrections WHERE report_id = ? ORDER BY seq').all(report.id)).toEqual(
      ['accept', 'reject', 'edit', 'add', 'edit'].map((action, i) => ({ action, reason_code: [null, 'terminology_or_style', 'wrong_severity', 'missed_finding', 'incomplete'][i], signer_id: CLINICIAN.user.id, content_sha256: v1.contentSha256 })),
    )
    const shown = await call<ReportDetail>(CLINICIAN, 'reports.get', { id: report.id })
    expect(shown.review.status).toBe('signed')
    expect(shown.review.versions[0]).toMatchObject({ author: { id: TECHNICIAN.user.id, name: TECHNICIAN.user.displayName }, contentSha256: v1.contentSha256 })
  })

  it('an amendment is version n+1 referencing n with a reason; n stays exactly as signed', async () => {
    const v1 = (await call<ReviewState>(CLINICIAN, 'review.get', { reportId: report.id })).versions[0]!
    const bytes = db().prepare('SELECT content FROM interpretation_versions WHERE id = ?').pluck().get(v1.id)
    const opened = await call<ReviewState>(CLINICIAN_2, 'review.amend', { reportId: report.id, reason: 'Repeat potassium 5.0 mmol/L on a fresh sample.' })
    expect(opened).toMatchObject({ status: 'in_review', base: { kind: 'version', versionId: v1.id }, working: { version: 2 } })
    // The amendment has no draft of its own: it carries the one its chain started from.
    expect(opened.versions.map((v) => v.draftedWith?.interpretationId)).toEqual([draftId, draftId])
    expect(opened.versions.map((v) => [v.version, v.state, v.previousVersionId, v.amendmentReason])).toEqual([
      [1, 'signed', null, null],
      [2, 'working', v1.id, 'Repeat potassium 5.0 mmol/L on a fresh sample.'],
    ])
    const doc: ReviewDocumentInput = {
      baseVersion: opened.rowVersion,
      findings: [
        { draftIndex: 0, action: 'edit', severity: 'abnormal', reason: 'wrong_severity' },
        { draftIndex: 1, action: 'accept' },
        { draftIndex: 2, action: 'accept' },
      ],
    }
    const saved = await call<ReviewState>(CLINICIAN_2, 'review.apply', { reportId: report.id, document: doc })
    const signed = await call<ReviewState>(CLINICIAN_2, 'review.sign', { reportId: report.id, contentSha256: saved.working!.contentSha256, password: CLINICIAN_2.password, acknowledgement: 'Repeat sample confirms it.' })
    expect(signed.status).toBe('amended')
    expect(signed.versions.map((v) => [v.version, v.state, v.signature?.signerName])).toEqual([
      [1, 'signed', 'Dr Lee'],
      [2, 'signed', 'Dr Kim'],
    ])
    expect(db().prepare('SELECT content FROM interpretation_versions WHERE id = ?').pluck().get(v1.id)).toBe(bytes)
    expect(signed.versions[0]!.contentSha256).toBe(v1.contentSha256)
  })

  it('a device correction after sign-off brings the report back flagged with the changed observations; the signed versions are untouched', async () => {
    const hashes = (await call<ReviewState>(CLINICIAN, 'review.get', { reportId: report.id })).versions.map((v) => v.contentSha256)
    const ids = await importMessage(MESSAGE('R1C', 'MRN-1', '5.0', 'C'), 'r1-corrected.hl7')
    expect(ids).toEqual([report.id])
    const s = await call<ReviewState>(CLINICIAN, 'review.get', { reportId: report.id })
    expect(s.status).toBe('device_corrected')
    expect(s.deviceCorrection).toEqual({ at: expect.any(String), observationIds: [K, NA, GLU] })
    expect(s.versions.map((v) => v.contentSha256)).toEqual(hashes)
    const listed = await call<{ items: ReportSummary[] }>(CLINICIAN, 'reports.list', { reviewStatuses: ['device_corrected'] })
    expect(listed.items.map((r) => r.id)).toEqual([report.id])
    expect(await refused(CLINICIAN, 'review.save', { reportId: report.id, document: { baseVersion: s.rowVersion, findings: [] } })).toMatchObject({ code: 'CONFLICT', message: /confirm the signed version or amend/ })
    const confirmed = await call<ReviewState>(CLINICIAN, 'review.confirmSigned', { reportId: report.id, comment: 'Corrected potassium matches the amendment.' })
    expect(confirmed).toMatchObject({ status: 'amended', deviceCorrection: null })
    expect(db().prepare('SELECT observation_ids, comment FROM device_correction_confirmations').get()).toEqual({ observation_ids: JSON.stringify([K, NA, GLU]), comment: 'Corrected potassium matches the amendment.' })
  })

  it('appended an audit row for every action, with ids, kinds and reason codes but no comment text', async () => {
    expect(auditActions(report.id)).toEqual([
      'review.save',
      'review.save',
      'review.conflict',
      'review.save',
      'review.apply',
      'review.sign',
      'review.amend',
      'review.apply',
      'review.sign',
      'review.deviceCorrected',
      'review.confirmSigned',
    ])
    const rows = db().prepare("SELECT actor, details FROM audit_events WHERE action LIKE 'review.%'").all() as { actor: string; details: string }[]
    expect(new Set(rows.map((r) => r.actor))).toEqual(new Set(['tech', 'drlee', 'drkim']))
    const apply = JSON.parse(rows.find((r) => r.details.includes('missed_finding'))!.details) as Record<string, unknown>
    expect(apply).toMatchObject({ reasonCodes: ['incomplete', 'missed_finding', 'terminology_or_style', 'wrong_severity'], actions: { 'finding.accept': 1, 'finding.reject': 1, 'finding.edit': 1, 'finding.add': 1, 'summary.edit': 1 } })
    const all = rows.map((r) => r.details).join('\n')
    expect(all).not.toMatch(/hyperglycaemia|haemolysis|Repeat sample|fresh sample|Corrected potassium|technician edit|Potassium/)
  })
})

describe('sign-off checks, return and the worklist', () => {
  let second: number
  let third: number

  beforeAll(async () => {
    second = (await importMessage(MESSAGE('R2', 'MRN-2', '7.1'), 'r2.hl7'))[0]!
    third = (await importMessage(MESSAGE('R3', 'MRN-3', '6.6'), 'r3.hl7'))[0]!
  })

  it('a version that calls normal what a critical rule finding flags needs an acknowledgement with a comment', async () => {
    const obs = (await call<ReportDetail>(CLINICIAN, 'reports.get', { id: second })).observations.map((o) => o.id) as [number, number, number]
    storeDraft(t.services, second, draftFor(...obs))
    const doc: ReviewDocumentInput = {
      baseVersion: 0,
      findings: [
        { draftIndex: 0, action: 'edit', severity: 'normal', statement: 'Potassium is normal for this patient.', reason: 'wrong_severity' },
        { draftIndex: 1, action: 'accept' },
        { draftIndex: 2, action: 'accept' },
      ],
      overallSeverity: { value: 'normal', reason: 'wrong_severity' },
    }
    const s = await call<ReviewState>(CLINICIAN, 'review.apply', { reportId: second, document: doc })
    expect(s.signOff!.ready).toBe(true)
    expect(s.signOff!.needsAcknowledgement!.map((i) => [i.code, i.findingIndex])).toEqual(expect.arrayContaining([['CONTRADICTS_CRITICAL_FINDING', 0], ['CONTRADICTS_CRITICAL_FINDING', null]]))
    const sign = { reportId: second, contentSha256: s.working!.contentSha256, password: CLINICIAN.password }
    expect(await refused(CLINICIAN, 'review.sign', sign)).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/needs an acknowledgement.*finding 0 calls normal what a critical rule finding flags/) })
    expect(await refused(CLINICIAN, 'review.sign', { ...sign, acknowledgement: ' ' })).toMatchObject({ code: 'INVALID_INPUT' })
    const signed = await call<ReviewState>(CLINICIAN, 'review.sign', { ...sign, acknowledgement: 'Known chronic hyperkalaemia on dialysis.' })
    expect(signed.status).toBe('signed')
    expect(signed.versions[0]!.signature!.acknowledgement).toBe('Known chronic hyperkalaemia on dialysis.')
    const audit = JSON.parse(db().prepare("SELECT details FROM audit_events WHERE action = 'review.sign' AND entity_id = ?").pluck().get(String(second)) as string) as Record<string, unknown>
    expect(audit).toMatchObject({ acknowledged: true, issueCodes: ['CONTRADICTS_CRITICAL_FINDING'] })
    expect(JSON.stringify(audit)).not.toMatch(/dialysis/)
  })

  it('returns a report with a comment; a new draft brings it back to drafted; the rest is written from scratch', async () => {
    const s = await call<ReviewState>(TECHNICIAN, 'review.return', { reportId: third, baseVersion: 0, comment: 'Sample haemolysed: re-import after the repeat.' })
    expect(s).toMatchObject({ status: 'returned', returned: { comment: 'Sample haemolysed: re-import after the repeat.', by: { id: TECHNICIAN.user.id } } })
    expect(await refused(TECHNICIAN, 'review.return', { reportId: third, baseVersion: 1, comment: 'again' })).toMatchObject({ code: 'CONFLICT' })
    const obs = (await call<ReportDetail>(CLINICIAN, 'reports.get', { id: third })).observations.map((o) => o.id) as [number, number, number]
    storeDraft(t.services, third, draftFor(...obs))
    expect((await call<ReviewState>(CLINICIAN, 'review.get', { reportId: third })).status).toBe('drafted')
    const scratch: ReviewDocumentInput = {
      baseVersion: 1,
      rejectDraft: { reason: 'invented_or_wrong_value', comment: 'the draft misreads the panel' },
      findings: [{ action: 'add', statement: 'Potassium 6.6 mmol/L is critically high.', severity: 'critical', evidence: [`O${obs[0]}`], reason: 'missed_finding' }],
      summary: { text: 'Critically high potassium.', reason: 'other' },
      overallSeverity: { value: 'critical', reason: 'other' },
    }
    const applied = await call<ReviewState>(CLINICIAN_2, 'review.apply', { reportId: third, document: scratch })
    expect(applied.working!.content.findings).toHaveLength(1)
    expect(applied.working!.corrections.map((c) => [c.target, c.action])).toEqual([
      ['draft', 'reject'],
      ['finding', 'add'],
      ['summary', 'add'],
      ['overall_severity', 'add'],
    ])
    expect(applied.working!.diff.findings.map((f) => f.change)).toEqual(['removed', 'removed', 'removed', 'added'])
    expect(auditActions(third)).toEqual(['review.return', 'review.apply'])
    expect(db().prepare("SELECT details FROM audit_events WHERE action = 'review.return'").pluck().get()).not.toMatch(/haemolysed/)
  })

  it('filters the worklist by review status, by reviewer and to my reviews in progress, keeps signed reports after unsigned ones, and counts per status', async () => {
    const list = (user: TestUser, input: Record<string, unknown>) => call<{ total: number; items: ReportSummary[] }>(user, 'reports.list', input)
    // A report no rule flags sorts after the critical ones, but before every signed one.
    const [quiet] = await importMessage(oru({ controlId: 'R4', mrn: 'MRN-4' }), 'r4.hl7')
    const all = await list(CLINICIAN, {})
    expect(all.items.map((r) => [r.id, r.reviewStatus, r.maxSeverity])).toEqual([
      [third, 'in_review', 'critical'],
      [quiet, 'new', null],
      [second, 'signed', 'critical'],
      // The device corrected its potassium to 5.0 mmol/L.
      [report.id, 'amended', 'abnormal'],
    ])
    expect(all.items.find((r) => r.id === third)!.reviewer).toBe('Dr Kim')
    expect((await list(CLINICIAN, { reviewStatuses: ['signed', 'amended'] })).items.map((r) => r.id).sort()).toEqual([report.id, second].sort())
    // The last reviewer: Dr Lee confirmed report 1 after Dr Kim's amendment.
    expect((await list(CLINICIAN, { reviewerId: CLINICIAN.user.id })).items.map((r) => r.id)).toEqual([second, report.id])
    expect((await list(CLINICIAN, { reviewerId: CLINICIAN_2.user.id })).items.map((r) => r.id)).toEqual([third])
    expect((await list(CLINICIAN_2, { mine: true })).items.map((r) => r.id)).toEqual([third])
    expect((await list(CLINICIAN, { mine: true })).items).toEqual([])
    const counts = await call<ReviewCounts>(CLINICIAN_2, 'review.counts', {})
    expect(counts).toEqual({ byStatus: { new: 1, drafted: 0, in_review: 1, returned: 0, signed: 1, amended: 1, device_corrected: 0 }, mineInProgress: 1 })
    expect((await t.dispatch('review.counts', {}, { actor: 'x', transport: 'test' })).ok).toBe(false)
  })
})
