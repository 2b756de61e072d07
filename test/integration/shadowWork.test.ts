// The shadow versions' work as SQLite holds it: reports drafted since the version entered shadow without a shadow
// draft, newest first; it survives a restart (nothing but the missing rows records it); a failure is recorded once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { shadowBacklog } from '../../src/main/eval/monitor/monitor'
import { nextShadowWork, storeShadowDraft } from '../../src/main/eval/shadow/shadowStore'
import { ShadowWorker } from '../../src/main/eval/shadow/shadowWorker'
import { createServices } from '../../src/main/services'
import { silentLogger } from '../../src/main/log'
import { insertModel } from '../../src/main/store/models'
import type { ModelVersion } from '../../src/shared/contract/rollout'
import type { InterpretationDraft } from '../../src/shared/domain/interpretation'
import { oru } from '../helpers/hl7'
import { storeDraft } from '../helpers/review'
import { callOk, makeServices, type TestServices } from '../helpers/services'

let t: TestServices
const draft: InterpretationDraft = { summary: 'S.', findings: [], overall_severity: 'normal', comparison_with_prior: null, limitations: 'None.' }

beforeEach(() => {
  t = makeServices()
})
afterEach(() => t.cleanup())

describe('shadow work', () => {
  it('is the reports drafted since the version entered shadow, newest first, and survives a restart', async () => {
    const files = [0, 1, 2].map((i) => ({
      name: `s${i}.hl7`,
      contentBase64: Buffer.from(oru({ controlId: `S${i}`, mrn: `SP${i}`, observedAt: '20260301080000', results: [{ code: '2823-3', display: 'Potassium', value: '4.0', unit: 'mmol/L', range: '3.5-5.1' }] })).toString('base64'),
    }))
    const ids = (await callOk<{ results: { reportIds: number[] }[] }>(t, 'import.files', { files })).results.flatMap((r) => r.reportIds)
    const base = insertModel(t.services.db, { kind: 'base', path: '/m/b.gguf', name: 'b', size: 1, sha256: 'a'.repeat(64), architecture: 'llama', parameter_count: 1, quantisation: 'F32', context_length: 256, has_chat_template: 1, adapter_alpha: null, metadata: '{}', added_at: 'x' })
    const v = await callOk<ModelVersion>(t, 'versions.create', { spec: String(base), name: 'shadowed' })
    storeDraft(t.services, ids[0]!, draft, { createdAt: '2000-01-01T00:00:00.000Z' }) // before the version entered shadow
    await callOk(t, 'rollout.shadow', { versionId: v.id })
    expect(nextShadowWork(t.services.db)).toBeNull()
    storeDraft(t.services, ids[1]!, draft)
    storeDraft(t.services, ids[2]!, draft)
    expect(nextShadowWork(t.services.db)).toEqual({ versionId: v.id, reportId: ids[2] })
    expect(shadowBacklog(t.services.db, v.id)).toBe(2)
    // While drafts for clinicians run, the worker drafts nothing and looks again later.
    let busyAsked = 0
    const waiting = new ShadowWorker({ db: t.services.db, log: silentLogger, busy: () => ++busyAsked > 0, retryMs: 10 }, t.services.versionEngine)
    waiting.start()
    await waiting.whenIdle()
    await new Promise((r) => setTimeout(r, 50))
    waiting.stop()
    expect(busyAsked).toBeGreaterThan(1)
    expect(t.services.db.prepare('SELECT count(*) AS n FROM shadow_drafts').get()).toEqual({ n: 0 })
    // A failure is recorded (not retried for ever); the older report is next.
    storeShadowDraft(t.services.db, { reportId: ids[2]!, versionId: v.id, now: new Date().toISOString(), rawOutput: '', provenance: { error: 'TIMEOUT' }, standing: null })
    expect(nextShadowWork(t.services.db)).toEqual({ versionId: v.id, reportId: ids[1] })

    // After a restart the same work is found: the missing row is the whole record of it.
    t.services.close()
    const again = createServices({ dataDir: t.dataDir, version: '0.0.0-test', runtime: 'node', logger: silentLogger })
    try {
      expect(nextShadowWork(again.db)).toEqual({ versionId: v.id, reportId: ids[1] })
      expect(shadowBacklog(again.db, v.id)).toBe(1)
    } finally {
      again.close()
    }
    t.services = createServices({ dataDir: t.dataDir, version: '0.0.0-test', runtime: 'node', logger: silentLogger })
  })
})
