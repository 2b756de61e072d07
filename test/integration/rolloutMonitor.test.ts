// Per-version monitoring and the canary's alert from real signed reviews (review handlers, real SQLite): crossing a
// threshold pauses the canary, audited and announced; the monitor's figures and intervals; thresholds and their roles.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { inCanary } from '../../src/main/eval/rollout/canary'
import { listAudit } from '../../src/main/store/audit'
import type { ReviewState } from '../../src/shared/contract/review'
import type { ModelVersion, RolloutMonitor, RolloutStatus } from '../../src/shared/contract/rollout'
import type { AlertThresholds } from '../../src/shared/domain/alertThresholds'
import type { InterpretationDraft } from '../../src/shared/domain/interpretation'
import { oru } from '../helpers/hl7'
import { storeDraft } from '../helpers/review'
import { insertModelRow } from '../helpers/rollout'
import { addTestUser, callAs, makeServices, type TestServices, type TestUser } from '../helpers/services'
import { ctxAs } from '../helpers/users'

let t: TestServices
let lee: TestUser
const ml = ctxAs('mona', ['ml'])
let prod: number
let canary: number

async function ok<T>(ctx: TestUser['ctx'], method: string, input: unknown): Promise<T> {
  const r = await callAs(t, ctx, method, input)
  if (!r.ok) throw new Error(`${method}: ${r.error.code}: ${r.error.message}`)
  return r.value as T
}


/** Report i with one potassium value; its observation id for the draft's evidence. */
async function addReport(i: number): Promise<{ reportId: number; obs: number }> {
  const msg = oru({ controlId: `A${i}`, mrn: `P${i}`, observedAt: '20260301080000', results: [{ code: '2823-3', display: 'Potassium', value: '4.2', unit: 'mmol/L', range: '3.5-5.1' }] })
  await ok(lee.ctx, 'import.files', { files: [{ name: `a${i}.hl7`, contentBase64: Buffer.from(msg).toString('base64') }] })
  const row = t.services.db.prepare('SELECT r.id AS reportId, o.id AS obs FROM reports r JOIN observations o ON o.report_id = r.id ORDER BY r.id DESC LIMIT 1').get() as { reportId: number; obs: number }
  return row
}

const draft = (obs: number): InterpretationDraft => ({
  summary: 'Potassium within range.',
  findings: [{ statement: 'Potassium 4.2 mmol/L is within the reference range.', severity: 'normal', evidence: [`O${obs}`], recommendation: null }],
  overall_severity: 'normal',
  comparison_with_prior: null,
  limitations: 'No earlier results.',
})

/** A draft by `versionId`, reviewed by Dr Lee (finding accepted, or rejected with a reason) and signed. */
async function reviewed(i: number, versionId: number, reject: boolean): Promise<number> {
  const { reportId, obs } = await addReport(i)
  storeDraft(t.services, reportId, draft(obs), { modelVersionId: versionId, createdAt: new Date(Date.now() - 60_000 * (reject ? 10 : 2)).toISOString() })
  const document = reject
    ? { baseVersion: 0, findings: [{ draftIndex: 0, action: 'reject', reason: 'terminology_or_style' }], summary: { text: 'Potassium normal.', reason: 'incomplete' } }
    : { baseVersion: 0, findings: [{ draftIndex: 0, action: 'accept' }] }
  const s = await ok<ReviewState>(lee.ctx, 'review.apply', { reportId, document })
  await ok(lee.ctx, 'review.sign', { reportId, contentSha256: s.working!.contentSha256, password: lee.password })
  return reportId
}

beforeEach(async () => {
  t = makeServices()
  lee = await addTestUser(t, 'drlee', ['clinician', 'technician'])
  const base = insertModelRow(t.services.db, 'base', 'base', 'a')
  const adapter = insertModelRow(t.services.db, 'adapter', 'adapter', 'b')
  prod = (await ok<ModelVersion>(ml, 'versions.create', { spec: String(base), name: 'prod' })).id
  canary = (await ok<ModelVersion>(ml, 'versions.create', { spec: `${base}+${adapter}`, name: 'canary' })).id
  await ok(ml, 'rollout.promote', { versionId: prod })
  await ok(ml, 'rollout.canary', { versionId: canary, percent: 50 })
})
afterEach(() => t.cleanup())

describe('canary alert', () => {
  it('pauses the canary once its correction rate is above production by more than the margin, audited and announced', async () => {
    await ok(ml, 'rollout.setThresholds', { window: 10, minReviews: 3, correctionRateMargin: 0.1 })
    const alerts: unknown[] = []
    t.services.events.onAny((e, p) => {
      if (e === 'rollout.alert') alerts.push(p)
    })
    // Production's drafts accepted, the canary's rejected: 100% against 0% corrected.
    for (let i = 0; i < 3; i++) await reviewed(i, prod, false)
    await reviewed(10, canary, true)
    await reviewed(11, canary, true)
    // Two canary reviews: below minReviews, the alert waits.
    expect((await ok<RolloutStatus>(ml, 'rollout.status', {})).versions.find((v) => v.id === canary)!.pausedReason).toBeNull()
    const third = await reviewed(12, canary, true)

    const v = (await ok<RolloutStatus>(ml, 'rollout.status', {})).versions.find((x) => x.id === canary)!
    expect(v.state).toBe('canary')
    expect(v.pausedReason).toMatch(/^Correction rate 100% over the last 3 canary reviews is above production's 0% by more than 10%\.$/)
    expect(alerts).toEqual([{ versionId: canary, paused: true }])
    const audit = listAudit(t.services.db, { limit: 10, action: 'rollout.canary.paused' })
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ actor: 'rollout-monitor', entityType: 'model_version', entityId: String(canary) })
    expect(audit[0]!.details).toMatchObject({ reportId: third, productionId: prod, canary: { reviews: 3, correctionRate: 1 }, production: { reviews: 3, correctionRate: 0 } })
    // Ids and figures only: no statement, summary or reason text.
    expect(JSON.stringify(audit[0]!.details)).not.toMatch(/Potassium|Correction rate/)

    // Another signature does not pause it twice; a person resumes it.
    await reviewed(13, canary, true)
    expect(listAudit(t.services.db, { limit: 10, action: 'rollout.canary.paused' })).toHaveLength(1)
    const resumed = await ok<RolloutStatus>(ml, 'rollout.resumeCanary', { versionId: canary })
    expect(resumed.versions.find((x) => x.id === canary)!.pausedReason).toBeNull()
  })

  it('does not pause within the margin', async () => {
    await ok(ml, 'rollout.setThresholds', { window: 10, minReviews: 2, correctionRateMargin: 0.6 })
    await reviewed(0, prod, false)
    await reviewed(1, prod, false)
    await reviewed(2, canary, false)
    await reviewed(3, canary, true) // 50%, not more than 60 points above 0%
    expect((await ok<RolloutStatus>(ml, 'rollout.status', {})).versions.find((v) => v.id === canary)!.pausedReason).toBeNull()
  })
})

describe('rollout.monitor', () => {
  it('gives each version its figures from signed reviews and the difference from production with an interval', async () => {
    for (let i = 0; i < 4; i++) await reviewed(i, prod, false)
    for (let i = 10; i < 14; i++) await reviewed(i, canary, i % 2 === 0)
    const m = await ok<RolloutMonitor>(lee.ctx, 'rollout.monitor', {})
    expect(m.productionId).toBe(prod)
    const p = m.versions.find((v) => v.versionId === prod)!
    const c = m.versions.find((v) => v.versionId === canary)!
    expect(p.figures).toMatchObject({ reviews: 4, acceptanceRate: 1, editRate: 0, rejectRate: 0, evidenceFailureRate: 0, reasonCodes: {} })
    expect(p.vsProduction).toBeNull()
    expect(c.figures).toMatchObject({ reviews: 4, acceptanceRate: 0.5, editRate: 0, rejectRate: 0.5, reasonCodes: { terminology_or_style: 2, incomplete: 2 } })
    // Drafts rejected were made 10 minutes before signing, accepted ones 2: medians 2 (production) and 6 (canary).
    expect(p.figures.timeToSignMedianMs! / 60_000).toBeCloseTo(2, 1)
    expect(c.figures.timeToSignMedianMs! / 60_000).toBeCloseTo(6, 1)
    const d = c.vsProduction!.acceptanceRate!
    expect(d.estimate).toBeCloseTo(-0.5, 12)
    expect(d.low).toBeLessThanOrEqual(d.estimate)
    expect(d.high).toBeGreaterThanOrEqual(d.estimate)
    expect(d.low).toBeGreaterThanOrEqual(-1)
    // Seeded: the same reviews give the same intervals.
    expect((await ok<RolloutMonitor>(ml, 'rollout.monitor', {})).versions).toEqual(m.versions)
  })

  it('thresholds: validated, stored, audited; only ml or admin change them', async () => {
    expect(await ok<AlertThresholds>(lee.ctx, 'rollout.thresholds', {})).toEqual({ window: 50, minReviews: 20, correctionRateMargin: 0.1, evidenceFailureMargin: 0.05 })
    expect((await callAs(t, lee.ctx, 'rollout.setThresholds', { window: 10 })).ok).toBe(false)
    const bad = await callAs(t, ml, 'rollout.setThresholds', { correctionRateMargin: 2 })
    expect(bad.ok === false && bad.error.code).toBe('INVALID_INPUT')
    const never = await callAs(t, ml, 'rollout.setThresholds', { window: 5, minReviews: 10 })
    expect(never.ok === false && never.error.message).toMatch(/Lower minReviews or widen the window/)
    expect(await ok<AlertThresholds>(ml, 'rollout.setThresholds', { window: 30 })).toEqual({ window: 30, minReviews: 20, correctionRateMargin: 0.1, evidenceFailureMargin: 0.05 })
    expect((await ok<AlertThresholds>(lee.ctx, 'rollout.thresholds', {})).window).toBe(30)
    expect(listAudit(t.services.db, { limit: 10, action: 'rollout.thresholds' })).toHaveLength(1)
  })
})

describe('a canary that cannot draft', () => {
  it('is paused (audited, announced) and the report goes to production', async () => {
    const salt = (t.services.db.prepare('SELECT canary_salt AS s FROM model_versions WHERE id = ?').get(canary) as { s: string }).s
    let reportId = 0
    for (let i = 0; i < 40 && reportId === 0; i++) {
      const r = await addReport(100 + i)
      if (inCanary(r.reportId, salt, 50)) reportId = r.reportId
    }
    expect(reportId).toBeGreaterThan(0)
    // The versions name model files that are not there: the canary cannot load, nor can production here.
    const r = await callAs(t, lee.ctx, 'interpret.report', { reportId, jobId: 'j' })
    expect(r.ok).toBe(false)
    const v = (await ok<RolloutStatus>(ml, 'rollout.status', {})).versions.find((x) => x.id === canary)!
    expect(v.pausedReason).toMatch(/^The canary version cannot draft \(INVALID_MODEL\)/)
    const audit = listAudit(t.services.db, { limit: 10, action: 'rollout.canary.paused' })
    expect(audit.map((a) => a.details)).toEqual([{ cause: 'unusable', code: 'INVALID_MODEL', reportId }])
    // Production was tried after the pause: its own failure is what the caller got.
    expect(r.ok === false && r.error.message).toMatch(/not there any more/)
  })
})
