// loadSignedItems on a real data folder (all migrations), with reviews applied and signed through the real review.*
// handlers: the latest signed version per report, outcome classes, reason codes, the draft's prompt and provenance, so the
// export is proven on exactly what clinicians sign.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadSignedItems, outcomeOf, patientIdentifiers } from '../../src/main/export/source'
import type { ReportDetail } from '../../src/shared/contract/reports'
import type { ReviewState } from '../../src/shared/contract/review'
import type { InterpretationDraft } from '../../src/shared/domain/interpretation'
import type { ReviewDocumentInput } from '../../src/shared/domain/reviewDocument'
import { oru } from '../helpers/hl7'
import { addReviewPeople, storeDraft, type ReviewPeople } from '../helpers/review'
import { addTestUser, makeServices, type TestServices, type TestUser } from '../helpers/services'
import { DEFAULT_TEST_MODELS_DIR, makeTestModels } from '../../scripts/make-test-models'
import { renderChatPrompt } from '../../src/main/llm/prompt'
import { readChatTemplate } from '../../src/main/llm/registry/chatTemplate'
import { addModel, useModels } from '../../src/main/llm/registry/registry'
import { getReport } from '../../src/main/store/reportRead'

let t: TestServices
let people: ReviewPeople
/** Report ids: accepted as drafted, corrected then amended, rejected and rewritten, signed without a draft. */
let ACCEPTED: number, CORRECTED: number, REWRITTEN: number, NO_DRAFT: number

async function call<T>(who: TestUser, method: string, input: unknown): Promise<T> {
  const r = await t.dispatch(method, input, who.ctx)
  if (!r.ok) throw new Error(`${method}: ${r.error.code}: ${r.error.message}`)
  return r.value as T
}

async function importReport(controlId: string): Promise<ReportDetail> {
  const hl7 = oru({
    controlId,
    mrn: 'M-4711',
    family: 'Okafor',
    given: 'Ada',
    observedAt: '20260301080000',
    results: [
      { code: '2823-3', display: 'Potassium', value: '6.9', unit: 'mmol/L', range: '3.5-5.1', flag: 'HH' },
      { code: '2951-2', display: 'Sodium', value: '140', unit: 'mmol/L', range: '135-145' },
    ],
  })
  const r = await call<{ results: { reportIds: number[] }[] }>(people.tech, 'import.files', { files: [{ name: `${controlId}.hl7`, contentBase64: Buffer.from(hl7).toString('base64') }] })
  return call<ReportDetail>(people.lee, 'reports.get', { id: r.results[0]!.reportIds[0]! })
}

function draftFor(report: ReportDetail): InterpretationDraft {
  const [k, na] = report.observations.map((o) => `O${o.id}`) as [string, string]
  return {
    summary: 'Critically high potassium.',
    findings: [
      { statement: 'Potassium 6.9 mmol/L is critically high.', severity: 'critical', evidence: [k], recommendation: 'Repeat potassium now.' },
      { statement: 'Sodium 140 mmol/L is within the reference range.', severity: 'normal', evidence: [na], recommendation: null },
    ],
    overall_severity: 'critical',
    comparison_with_prior: null,
    limitations: 'No earlier results.',
  }
}

/** Applies `document` as `who` and signs the resulting version with `who`'s password. */
async function applyAndSign(who: TestUser, reportId: number, document: ReviewDocumentInput): Promise<ReviewState> {
  const applied = await call<ReviewState>(who, 'review.apply', { reportId, document })
  const ack = applied.signOff?.needsAcknowledgement?.length ? { acknowledgement: 'Checked against the rule findings.' } : {}
  return call<ReviewState>(who, 'review.sign', { reportId, contentSha256: applied.working!.contentSha256, password: who.password, ...ack })
}

const scratch = (report: ReportDetail, withReject: boolean): ReviewDocumentInput => ({
  baseVersion: 0,
  ...(withReject ? { rejectDraft: { reason: 'invented_or_wrong_value' as const, comment: 'the draft misreads the panel' } } : {}),
  findings: [{ action: 'add', statement: 'Potassium 6.9 mmol/L is critically high.', severity: 'critical', evidence: [`O${report.observations[0]!.id}`], reason: 'missed_finding' }],
  summary: { text: 'Written anew: critically high potassium.', reason: 'other' },
  overallSeverity: { value: 'critical', reason: 'other' },
})

beforeAll(async () => {
  t = makeServices()
  people = await addReviewPeople(t)
  const [a, b, c, d] = [await importReport('E1'), await importReport('E2'), await importReport('E3'), await importReport('E4')]
  ;[ACCEPTED, CORRECTED, REWRITTEN, NO_DRAFT] = [a.id, b.id, c.id, d.id]
  for (const r of [a, b, c]) storeDraft(t.services, r.id, draftFor(r))
  await applyAndSign(people.lee, ACCEPTED, { baseVersion: 0, findings: [{ draftIndex: 0, action: 'accept' }, { draftIndex: 1, action: 'accept' }] })
  await applyAndSign(people.lee, CORRECTED, {
    baseVersion: 0,
    findings: [{ draftIndex: 0, action: 'accept' }, { draftIndex: 1, action: 'reject', reason: 'terminology_or_style', comment: 'Ada Okafor called' }],
  })
  await applyAndSign(people.kim, REWRITTEN, scratch(c, true))
  await applyAndSign(people.lee, NO_DRAFT, scratch(d, false))
  // The corrected report is amended by Dr Kim: version 2 is the export's target, version 1 is not.
  const opened = await call<ReviewState>(people.kim, 'review.amend', { reportId: CORRECTED, reason: 'Wording.' })
  await applyAndSign(people.kim, CORRECTED, {
    baseVersion: opened.rowVersion,
    findings: [{ draftIndex: 0, action: 'edit', statement: 'Potassium 6.9 mmol/L: critically high.', reason: 'terminology_or_style' }],
    summary: { text: 'Critically high potassium, amended.', reason: 'incomplete' },
  })
})
afterAll(() => t?.cleanup())

const built = (id: number) => ({ system: 'SYS', user: `TODAY ${id}`, rendered: `SYS TODAY ${id}`, origin: 'built' as const })

describe('loadSignedItems on signed reviews', () => {
  it('yields the latest signed version per report, newest signature first, with outcome, reviewer, reasons and draft', () => {
    const db = t.services.db
    const items = [...loadSignedItems(db, {}, built)]
    expect(items.map((i) => [i.reportId, i.outcome, i.reviewer])).toEqual([
      [CORRECTED, 'corrected', 'drkim'],
      [NO_DRAFT, 'signed_without_draft', 'drlee'],
      [REWRITTEN, 'rejected_rewritten', 'drkim'],
      [ACCEPTED, 'accepted_unchanged', 'drlee'],
    ])
    const amended = items[0]!
    const latestSigned = db
      .prepare("SELECT v.id FROM interpretation_versions v JOIN signatures s ON s.version_id = v.id WHERE v.report_id = ? ORDER BY v.version DESC LIMIT 1")
      .pluck()
      .get(CORRECTED)
    expect(amended.signedVersionId).toBe(latestSigned)
    expect(amended.signed.summary).toBe('Critically high potassium, amended.')
    expect(amended.signed.findings.map((f) => f.statement)).toEqual(['Potassium 6.9 mmol/L: critically high.'])
    // The draft as stored by the engine: its prompt (a raw prompt, no chat messages), standing and provenance.
    expect(amended.draft).toMatchObject({ prompt: { system: '', user: 'test prompt', rendered: 'test prompt', origin: 'raw' }, promptTemplateVersion: 'test', adapters: [] })
    expect(amended.draft!.interpretation.summary).toBe('Critically high potassium.')
    expect(amended.draft!.baseModel).toEqual({ name: 'test-base', sha256: 'a'.repeat(64) })
    expect(amended.reasonCodes.sort()).toEqual(['incomplete', 'terminology_or_style'])
    expect(amended.freeTexts).toEqual([{ kind: 'comment', text: 'Ada Okafor called' }])
    const ruleIds = db.prepare('SELECT DISTINCT rule_id FROM findings WHERE report_id = ? ORDER BY rule_id').pluck().all(CORRECTED)
    expect(amended.conditions).toEqual(ruleIds)
    expect(items[1]!.builtPrompt).toEqual(built(NO_DRAFT))
    expect(items[1]!.draft).toBeNull()
    expect(items[2]!.reasonCodes.sort()).toEqual(['invented_or_wrong_value', 'missed_finding', 'other'])
    expect(items[3]!.signed).toEqual(items[3]!.draft!.interpretation)
    expect(items[3]!.reasonCodes).toEqual([])
    expect(new Set(items.map((i) => i.kind))).toEqual(new Set(['lab']))
    expect([...loadSignedItems(db, { signedFrom: '2999-01-01' }, built)]).toEqual([])
  })

  it('knows the patient’s identifiers from the imported message', () => {
    const item = [...loadSignedItems(t.services.db, {}, built)][0]!
    expect(patientIdentifiers(t.services.db, item.patientId)).toMatchObject({ names: ['Ada', 'Okafor', 'Ada Okafor'], ids: ['M-4711'], birthDate: '1970-01-01' })
  })
})

describe("today's prompt for a report signed without a draft", () => {
  it('is rendered with the selected base model’s chat template, as a draft made now would be fed it', async () => {
    const models = await makeTestModels({ outDir: DEFAULT_TEST_MODELS_DIR })
    const base = await addModel(t.services.db, models.base)
    await useModels(t.services.db, base.id, [])
    const ml = await addTestUser(t, 'mlprompt', ['ml'])
    const preview = await call<{ rows: { format: string; outcome: string; line: string }[] }>(ml, 'export.preview', {
      formats: ['trl-prompt-completion'],
      filters: { outcomes: ['signed_without_draft'] },
      limit: 5,
    })
    const chat = await readChatTemplate(models.base, base.sha256)
    const report = getReport(t.services.db, NO_DRAFT)!
    const { rendered } = t.services.llm.promptFor(report)
    // The exported prompt is the template's rendering of the messages (then de-identified), not the raw template text.
    const expected = renderChatPrompt(chat!, rendered.messages)
    const row = preview.rows.find((r) => r.outcome === 'signed_without_draft')!
    const prompt = (JSON.parse(row.line) as { prompt: string }).prompt
    expect(expected).not.toBe(rendered.text)
    expect(prompt.startsWith(expected.slice(0, 40))).toBe(true)
    expect(prompt).not.toBe(rendered.text)
  }, 120_000)
})

const interp = (summary: string): InterpretationDraft => ({
  summary,
  findings: [{ statement: 'QTc 480 ms.', severity: 'normal', evidence: ['O1'], recommendation: null }],
  overall_severity: 'normal',
  comparison_with_prior: null,
  limitations: '',
})

describe('outcomeOf', () => {
  it.each([
    [null, false, 'signed_without_draft'],
    [interp('A'), true, 'rejected_rewritten'],
    [interp('A'), false, 'accepted_unchanged'],
    [interp('B'), false, 'corrected'],
  ] as const)('draft %j, rejected %s → %s', (draft, rejected, outcome) => expect(outcomeOf(draft, interp('A'), rejected)).toBe(outcome))
})
