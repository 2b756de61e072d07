// Evaluation runs end to end with the real node-llama-cpp and the generated test models: the frozen test split from a
// real export, base against base+adapter, progress, the stored analysis and gate, the HTML report, cancel and resume;
// and evaluation drafts never become a report's draft nor an exported item. Synthetic reports only.
import { readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeTestModels } from '../../scripts/make-test-models'
import { loadSignedItems } from '../../src/main/export/source'
import { storeDraft } from '../helpers/review'
import type { EvalRunDetail, EvalRunSummary } from '../../src/shared/contract/eval'
import type { Model } from '../../src/shared/contract/models'
import type { ModelVersion } from '../../src/shared/contract/rollout'
import { signedContent, signedEvalReports } from '../helpers/evalSet'
import { addTestUser, callFails, callOk, makeServices, makeTempDir, type TestServices } from '../helpers/services'
import { getReport } from '../../src/main/store/reportRead'

let t: TestServices
let dir: string
let reportIds: number[]
let testReports: number[]
let base: Model
let adapter: Model
const events: { runId: number; state: string; done: number; total: number }[] = []

/** A gate that judges four reports (the shipped one asks for 30) and passes unless the candidate misses more criticals. */
const SMALL_GATE = `format: 1
name: Small test gate
revision: "t1"
minReports: 1
statistics: { level: 0.95, resamples: 1000, seed: 5 }
criteria:
  - id: no-more-missed-criticals
    metric: missed_critical
    rule: no_increase
    margin: 1
`
/** Unpassable: finding F1 of at least 1.5. */
const FAILING_GATE = SMALL_GATE.replace('metric: missed_critical\n    rule: no_increase\n    margin: 1', 'metric: finding_f1\n    rule: at_least\n    value: 1.5')

const signedItems = () => [...loadSignedItems(t.services.db, {}, () => null)].map((i) => ({ reportId: i.reportId, signedVersionId: i.signedVersionId, draft: i.draft?.interpretationId ?? null, outcome: i.outcome }))
const count = (sql: string) => (t.services.db.prepare(sql).get() as { n: number }).n

async function finished(run: EvalRunSummary): Promise<EvalRunDetail> {
  await t.services.evalRuns.wait(run.id)
  return callOk<EvalRunDetail>(t, 'eval.show', { id: run.id })
}

beforeAll(async () => {
  dir = makeTempDir('readout-eval-run-')
  const models = await makeTestModels({ outDir: dir })
  t = makeServices()
  t.services.events.onAny((name, payload) => {
    if (name === 'eval.progress') events.push(payload as (typeof events)[number])
  })
  const lee = await addTestUser(t, 'drlee', ['clinician'])
  reportIds = await signedEvalReports(t, 8, lee.user)
  // One report also has a shown model draft: an evaluation must leave it as it is.
  storeDraft(t.services, reportIds[1]!, signedContent(getReport(t.services.db, reportIds[1]!)!))
  base = await callOk<Model>(t, 'models.add', { path: models.base })
  adapter = await callOk<Model>(t, 'models.add', { path: models.adapter })
  await callOk(t, 'models.configure', { parallelism: 2, threads: 1 })
  // The first export freezes each patient's split; the test split is what an evaluation uses by default.
  await callOk(t, 'export.run', { formats: ['trl-sft'], outDir: join(dir, 'export1'), split: '50/0/50', minimumPerCondition: 1 })
  testReports = (
    t.services.db
      .prepare("SELECT r.id FROM reports r JOIN export_patient_splits s ON s.patient_id = r.patient_id WHERE s.split = 'test' ORDER BY r.id")
      .all() as { id: number }[]
  ).map((r) => r.id)
}, 180_000)
afterAll(() => {
  t?.cleanup()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('evaluation runs', () => {
  it('compares base with base+adapter on the frozen test split: different drafts, analysis, gate, report', async () => {
    expect(testReports.length).toBe(4)
    const itemsBefore = signedItems()
    const draftsBefore = count('SELECT count(*) AS n FROM interpretations')
    const run = await callOk<EvalRunSummary>(t, 'eval.start', { baseline: String(base.id), candidates: [`${base.id}+${adapter.id}:1`], gateText: SMALL_GATE })
    expect(run).toMatchObject({ reportCount: 4, set: { set: 'test', kinds: [] }, seed: 5 })
    expect(run.versions.map((v) => v.role)).toEqual(['baseline', 'candidate'])
    const detail = await finished(run)
    expect(detail).toMatchObject({ state: 'done', gatePass: true, progress: { done: 8, total: 8, etaSeconds: null } })

    // Exactly the frozen test reports, each drafted once per version, at temperature 0 with the run's seed.
    const rows = t.services.db.prepare('SELECT version_id, report_id, raw_output, provenance FROM eval_results WHERE run_id = ? ORDER BY report_id, version_id').all(run.id) as {
      version_id: number
      report_id: number
      raw_output: string
      provenance: string
    }[]
    expect(rows).toHaveLength(8)
    expect([...new Set(rows.map((r) => r.report_id))]).toEqual(testReports)
    for (const r of rows) expect(JSON.parse(r.provenance)).toMatchObject({ sampling: { temperature: 0, seed: 5 }, modelVersion: { id: r.version_id } })
    const [b, c] = run.versions
    const byVersion = (id: number) => rows.filter((r) => r.version_id === id).map((r) => r.raw_output)
    expect(byVersion(b!.versionId)).not.toEqual(byVersion(c!.versionId))

    // The analysis: both versions summarised, the candidate compared with intervals, subgroups counted, the gate's reasons.
    const a = detail.analysis!
    expect(a.versions.map((v) => v.versionId)).toEqual([b!.versionId, c!.versionId])
    expect(a.versions.every((v) => v.summary.reports === 4 && v.cost.drafts === 4)).toBe(true)
    const cand = a.candidates[0]!
    expect(cand.comparison.reports).toBe(4)
    expect(cand.comparison.metrics.find((m) => m.metric === 'missed_critical')).toMatchObject({ test: { name: 'mcnemar-exact' }, interval: { resamples: 10000 } })
    const kinds = cand.subgroups.filter((s) => s.dimension === 'kind')
    expect(kinds.reduce((s, g) => s + g.reports, 0)).toBe(4)
    expect(kinds.every((g) => g.tooSmall)).toBe(true)
    expect(cand.gate).toMatchObject({ pass: true, reasons: [], gate: { name: 'Small test gate' } })
    for (const w of detail.worstDrafts) expect(cand.worst.map((x) => x.reportId)).toContain(w.reportId)

    // Progress events counted up to the total and ended with the state.
    const mine = events.filter((e) => e.runId === run.id)
    expect(mine.at(-1)).toMatchObject({ state: 'done', done: 8, total: 8 })
    expect(mine.map((e) => e.done)).toEqual([...mine.map((e) => e.done)].sort((x, y) => x - y))

    // The printable report: self-contained, names both versions, escapes what it shows.
    const { html } = await callOk<{ html: string }>(t, 'eval.reportHtml', { id: run.id })
    expect(html.startsWith('<!doctype html>')).toBe(true)
    for (const v of run.versions) expect(html).toContain(v.name)
    expect(html).toContain('<svg')
    expect(html).not.toMatch(/<(script|link|img)\b|src=|href=|url\(/i)

    // Nothing of the evaluation became a report's draft or an exported item.
    expect(count('SELECT count(*) AS n FROM interpretations')).toBe(draftsBefore)
    expect(signedItems()).toEqual(itemsBefore)
    expect(t.services.db.prepare('SELECT count(*) AS n FROM interpretations WHERE report_id = ?').get(reportIds[1]!)).toEqual({ n: 1 })
    await callOk(t, 'export.run', { formats: ['trl-sft'], outDir: join(dir, 'export2'), split: '50/0/50', minimumPerCondition: 1 })
    expect(readdirSync(join(dir, 'export2')).sort()).toEqual(readdirSync(join(dir, 'export1')).sort())

    expect(await callOk<EvalRunSummary[]>(t, 'eval.list', {})).toEqual([expect.objectContaining({ id: run.id, state: 'done', gatePass: true })])
  }, 300_000)

  it('reuses the versions of known configurations; a failing gate is stored with its reasons', async () => {
    const run = await callOk<EvalRunSummary>(t, 'eval.start', {
      baseline: String(base.id),
      candidates: [`${base.id}+${adapter.id}:1`],
      kinds: [getReport(t.services.db, reportIds[0]!)!.kind],
      reviewer: 'drlee',
      gateText: FAILING_GATE,
    })
    expect(run.reportCount).toBe(4)
    expect((await callOk<ModelVersion[]>(t, 'versions.list', {})).length).toBe(2)
    const detail = await finished(run)
    expect(detail).toMatchObject({ state: 'done', gatePass: false })
    expect(detail.analysis!.candidates[0]!.gate.reasons).toEqual([expect.stringContaining('F1')])
  }, 300_000)

  it('cancels a run, keeping its drafts, and resumes it to the end', async () => {
    const run = await callOk<EvalRunSummary>(t, 'eval.start', { baseline: String(base.id), candidates: [`${base.id}+${adapter.id}:0.5`], gateText: SMALL_GATE })
    // Stop once a draft is stored.
    while (count(`SELECT count(*) AS n FROM eval_results WHERE run_id = ${run.id}`) === 0) await new Promise((r) => setTimeout(r, 50))
    const cancelled = await callOk<EvalRunSummary>(t, 'eval.cancel', { id: run.id })
    expect(cancelled.state).toBe('cancelled')
    const kept = count(`SELECT count(*) AS n FROM eval_results WHERE run_id = ${run.id}`)
    expect(kept).toBeGreaterThan(0)
    expect(kept).toBeLessThan(8)
    expect(await callFails(t, 'eval.reportHtml', { id: run.id })).toMatchObject({ code: 'CONFLICT' })
    await callOk(t, 'eval.resume', { id: run.id })
    const detail = await finished(run)
    expect(detail).toMatchObject({ state: 'done', progress: { done: 8, total: 8 } })
    expect(await callFails(t, 'eval.cancel', { id: run.id })).toMatchObject({ code: 'CONFLICT' })
  }, 300_000)

  it('takes all signed reports with --set all; refuses what cannot give a result, saying what to change', async () => {
    const all = await callOk<EvalRunSummary>(t, 'eval.start', { baseline: String(base.id), candidates: [`${base.id}+${adapter.id}:1`], set: 'all', gateText: SMALL_GATE })
    expect(all.reportCount).toBe(8)
    await callOk(t, 'eval.cancel', { id: all.id })
    expect(await callFails(t, 'eval.start', { baseline: 'no-such-version', candidates: [String(base.id)] })).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('"no-such-version"') })
    expect(await callFails(t, 'eval.start', { baseline: String(base.id), candidates: [String(base.id)] })).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('named twice') })
    expect(await callFails(t, 'eval.start', { baseline: String(base.id), candidates: [`${base.id}+${adapter.id}:1`], reviewer: 'nobody' })).toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('test split'),
    })
    expect(await callFails(t, 'eval.start', { baseline: String(base.id), candidates: [`${base.id}+${adapter.id}:1`], gateText: 'format: 1\nname: x\n' })).toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringMatching(/gate file:\d+:\d+: /),
    })
  }, 60_000)
})
