// Canary and shadow drafts with the real node-llama-cpp and the generated test models: reports in the canary's share
// are drafted by the canary version (batch and report page alike) and stored as usual; shadow versions draft every
// new report in the background, stored only in shadow_drafts, never shown, compared once the report is signed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_TEST_MODELS_DIR, makeTestModels } from '../../scripts/make-test-models'
import { canaryBucket, inCanary } from '../../src/main/eval/rollout/canary'
import type { Interpretation } from '../../src/shared/contract/interpret'
import type { Model } from '../../src/shared/contract/models'
import type { ReviewState } from '../../src/shared/contract/review'
import type { ModelVersion, RolloutMonitor } from '../../src/shared/contract/rollout'
import { oru } from '../helpers/hl7'
import { addTestUser, callOk, makeServices, type TestServices, type TestUser } from '../helpers/services'

let t: TestServices
let lee: TestUser
let reportIds: number[]
let prod: ModelVersion
let canary: ModelVersion
let shadow: ModelVersion
let percent: number
const ok = <T>(method: string, input: unknown) => callOk<T>(t, method, input)
const db = () => t.services.db
const versionOf = (reportId: number) =>
  (db().prepare('SELECT model_version_id AS v FROM interpretations WHERE report_id = ? ORDER BY id DESC LIMIT 1').get(reportId) as { v: number | null }).v
// The shadow version's name is unique: no answer meant for clinicians may contain it.
const SHADOW_NAME = 'shadow-only-zq'

async function as<T>(who: TestUser, method: string, input: unknown): Promise<T> {
  const r = await t.dispatch(method, input, who.ctx)
  if (!r.ok) throw new Error(`${method}: ${r.error.code}: ${r.error.message}`)
  return r.value as T
}

beforeAll(async () => {
  const models = await makeTestModels({ outDir: DEFAULT_TEST_MODELS_DIR })
  t = makeServices()
  lee = await addTestUser(t, 'drlee', ['clinician', 'ml'])
  const files = Array.from({ length: 6 }, (_, i) => ({
    name: `c${i}.hl7`,
    contentBase64: Buffer.from(
      oru({ controlId: `C${i}`, mrn: `CP${i}`, observedAt: `2026030${1 + i}0800`, results: [{ code: '2823-3', display: 'Potassium', value: (3.7 + i / 10).toFixed(1), unit: 'mmol/L', range: '3.5-5.1' }] }),
    ).toString('base64'),
  }))
  const imported = await ok<{ results: { reportIds: number[] }[] }>('import.files', { files })
  reportIds = imported.results.flatMap((r) => r.reportIds)
  const base = await ok<Model>('models.add', { path: models.base })
  const adapter = await ok<Model>('models.add', { path: models.adapter })
  // One thread: test files run side by side, and two compute threads on a shared core collapse generation speed.
  await ok('models.configure', { temperature: 0, seed: 7, maxTokens: 2000, threads: 1, parallelism: 1 })
  prod = await ok<ModelVersion>('versions.create', { spec: String(base.id), name: 'prod' })
  canary = await ok<ModelVersion>('versions.create', { spec: `${base.id}+${adapter.id}:1`, name: 'canary' })
  shadow = await ok<ModelVersion>('versions.create', { spec: `${base.id}+${adapter.id}:0.5`, name: SHADOW_NAME })
  await ok('rollout.promote', { versionId: prod.id })
  // A share that puts exactly the three reports with the lowest buckets in the canary (the salt is random per version).
  const salt = (db().prepare('SELECT canary_salt AS s FROM model_versions WHERE id = ?').get(canary.id) as { s: string }).s
  const buckets = reportIds.map((id) => canaryBucket(id, salt)).sort((a, b) => a - b)
  percent = buckets[3]! / 100
  await ok('rollout.canary', { versionId: canary.id, percent })
  await ok('rollout.shadow', { versionId: shadow.id })
  const salted = (id: number) => inCanary(id, salt, percent)
  expect(reportIds.filter(salted)).toHaveLength(3)
}, 120_000)
afterAll(() => t?.cleanup())

describe('canary', () => {
  it('drafts the reports in its share, in the batch and on a report page; the others are production\'s', async () => {
    const salt = (db().prepare('SELECT canary_salt AS s FROM model_versions WHERE id = ?').get(canary.id) as { s: string }).s
    const batch = reportIds.slice(0, 4)
    t.services.queue.enqueue({ reportIds: batch })
    t.services.queue.start()
    await t.services.queue.whenIdle()
    for (const id of reportIds.slice(4)) await ok<Interpretation>('interpret.report', { reportId: id, jobId: `page-${id}` })
    for (const id of reportIds) {
      const expected = inCanary(id, salt, percent) ? canary : prod
      expect(versionOf(id), `report ${id}`).toBe(expected.id)
      const latest = await ok<Interpretation>('interpret.latest', { reportId: id })
      expect(latest.provenance.modelVersion).toEqual({ id: expected.id, name: expected.name, fingerprint: expected.fingerprint })
      expect(latest.provenance.adapters.length).toBe(expected.id === canary.id ? 1 : 0)
    }
    // Stored as any draft is: the audit row and the report's status.
    const inside = reportIds.find((id) => inCanary(id, salt, percent))!
    const audit = db().prepare("SELECT details FROM audit_events WHERE action = 'interpretation.generated' AND entity_id = ?").get(String(inside)) as { details: string }
    expect(JSON.parse(audit.details)).toMatchObject({ modelVersionId: canary.id, canary: true })
    expect((db().prepare('SELECT review_status AS s FROM reports WHERE id = ?').get(inside) as { s: string }).s).toBe('drafted')

    // A re-draft stays on its version; a paused canary's reports go to production.
    await ok('interpret.report', { reportId: inside, jobId: 'again' })
    expect(versionOf(inside)).toBe(canary.id)
    db().prepare("UPDATE model_versions SET paused_reason = 'test', paused_at = 'x' WHERE id = ?").run(canary.id)
    await ok('interpret.report', { reportId: inside, jobId: 'paused' })
    expect(versionOf(inside)).toBe(prod.id)
  }, 600_000)
})

describe('shadow', () => {
  it('drafts every report drafted for clinicians in the background, stored only in shadow_drafts, never shown', async () => {
    t.services.shadow.start()
    await t.services.shadow.whenIdle()
    const rows = db().prepare('SELECT report_id, raw_output, provenance FROM shadow_drafts WHERE version_id = ? ORDER BY report_id').all(shadow.id) as {
      report_id: number
      raw_output: string
      provenance: string
    }[]
    expect(rows.map((r) => r.report_id)).toEqual(reportIds)
    for (const r of rows) expect(JSON.parse(r.provenance).modelVersion).toEqual({ id: shadow.id, name: SHADOW_NAME, fingerprint: shadow.fingerprint })
    // Nothing else to do: a second pass drafts nothing more.
    t.services.shadow.notify()
    await t.services.shadow.whenIdle()
    expect((db().prepare('SELECT count(*) AS n FROM shadow_drafts').get() as { n: number }).n).toBe(6)
    expect((db().prepare('SELECT count(*) AS n FROM interpretations WHERE model_version_id = ?').get(shadow.id) as { n: number }).n).toBe(0)

    // Sign the first report: its shadow draft is compared with the signed version.
    const id = reportIds[0]!
    const draft = await as<Interpretation>(lee, 'interpret.latest', { reportId: id })
    const s = await as<ReviewState>(lee, 'review.apply', { reportId: id, document: { baseVersion: 0, findings: draft.draft.findings.map((_, i) => ({ draftIndex: i, action: 'accept' })) } })
    await as(lee, 'review.sign', { reportId: id, contentSha256: s.working!.contentSha256, password: lee.password, acknowledgement: 'Checked against the device values.' })
    const compared = db().prepare('SELECT metrics, compared_at FROM shadow_drafts WHERE report_id = ?').get(id) as { metrics: string | null; compared_at: string | null }
    expect(compared.compared_at).not.toBeNull()
    expect(JSON.parse(compared.metrics!)).toMatchObject({ shadow: { findingF1: expect.any(Number) }, shown: { versionId: expect.any(Number) } })

    // What clinicians see never holds a shadow draft: report, worklist, review state, latest draft, export preview.
    const shown = [
      await as(lee, 'reports.get', { id }),
      await as(lee, 'reports.list', {}),
      await as(lee, 'review.get', { reportId: id }),
      await as(lee, 'interpret.latest', { reportId: id }),
      await as(lee, 'export.preview', { formats: ['openai-chat'] }),
    ]
    for (const answer of shown) expect(JSON.stringify(answer)).not.toContain(SHADOW_NAME)
    const monitor = await as<RolloutMonitor>(lee, 'rollout.monitor', {})
    expect(monitor.versions.find((v) => v.versionId === shadow.id)!.shadow).toMatchObject({ compared: 1, backlog: 0 })
  }, 600_000)
})
