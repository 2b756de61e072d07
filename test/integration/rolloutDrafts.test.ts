// Production is what drafts, with the real node-llama-cpp and the generated test models: promotion and rollback write
// the version's configuration, and each draft names the version that made it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_TEST_MODELS_DIR, makeTestModels } from '../../scripts/make-test-models'
import { getConfig } from '../../src/main/store/models'
import type { Interpretation } from '../../src/shared/contract/interpret'
import type { EngineStatus, Model } from '../../src/shared/contract/models'
import type { ModelVersion } from '../../src/shared/contract/rollout'
import { oru } from '../helpers/hl7'
import { insertFinishedRun } from '../helpers/rollout'
import { callOk, makeServices, type TestServices } from '../helpers/services'

let t: TestServices
let base: Model
let adapter: Model
const ok = <T>(method: string, input: unknown) => callOk<T>(t, method, input)
const versionOf = (interpretationId: number) =>
  (t.services.db.prepare('SELECT model_version_id AS v FROM interpretations WHERE id = ?').get(interpretationId) as { v: number | null }).v


/** A promotion reloads a loaded engine in the background (as models.use does): wait until it runs the new configuration. */
async function reloaded(): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const s = await ok<EngineStatus>('models.status', {})
    if (s.state === 'ready' && JSON.stringify(s.adapters) === JSON.stringify(getConfig(t.services.db).adapters)) return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`the engine did not reload the promoted configuration: ${JSON.stringify(await ok<EngineStatus>('models.status', {}))}`)
}

beforeAll(async () => {
  const models = await makeTestModels({ outDir: DEFAULT_TEST_MODELS_DIR })
  t = makeServices()
  const files = Array.from({ length: 6 }, (_, i) => ({
    name: `r${i}.hl7`,
    contentBase64: Buffer.from(
      oru({ controlId: `V${i}`, mrn: `P${i}`, observedAt: `2026010${1 + i}0800`, results: [{ code: '2823-3', display: 'Potassium', value: (3.8 + i / 10).toFixed(1), unit: 'mmol/L', range: '3.5-5.1' }] }),
    ).toString('base64'),
  }))
  await ok('import.files', { files })
  base = await ok<Model>('models.add', { path: models.base })
  adapter = await ok<Model>('models.add', { path: models.adapter })
  // One thread: test files run side by side, and two compute threads on a shared core collapse generation speed.
  await ok('models.configure', { temperature: 0, seed: 7, maxTokens: 2000, threads: 1 })
}, 120_000)
afterAll(() => t?.cleanup())

describe('production is what drafts', () => {
  it('names no version before any exists, then production; rollback restores the previous configuration and the next draft names it', async () => {
    await ok('models.use', { baseModelId: base.id, adapters: [] })
    const before = await ok<Interpretation>('interpret.report', { reportId: 1, jobId: 'before' })
    expect(before.provenance.modelVersion).toBeUndefined()
    expect(versionOf(before.id)).toBeNull()

    // Registered while the adapter is chosen by hand: promotion, not the Models page, decides what drafts from now on.
    await ok('models.use', { baseModelId: base.id, adapters: [{ modelId: adapter.id, scale: 1 }] })
    await reloaded()
    const v1 = await ok<ModelVersion>('versions.create', { spec: String(base.id), name: 'plain' })
    const v2 = await ok<ModelVersion>('versions.create', { spec: `${base.id}+${adapter.id}:0.5`, name: 'tuned' })
    await ok('rollout.promote', { versionId: v1.id })
    await reloaded()
    expect(getConfig(t.services.db)).toMatchObject({ baseModelId: base.id, adapters: [] })
    const first = await ok<Interpretation>('interpret.report', { reportId: 2, jobId: 'v1' })
    expect(first.provenance.modelVersion).toEqual({ id: v1.id, name: 'plain', fingerprint: v1.fingerprint })
    expect(first.provenance.adapters).toEqual([])
    expect(versionOf(first.id)).toBe(v1.id)

    await ok('rollout.shadow', { versionId: v2.id })
    await ok('rollout.promote', { versionId: v2.id, evaluationRunId: insertFinishedRun(t.services.db, [v1.id, v2.id]) })
    await reloaded()
    expect(getConfig(t.services.db).adapters).toEqual([{ modelId: adapter.id, scale: 0.5 }])
    const second = await ok<Interpretation>('interpret.report', { reportId: 3, jobId: 'v2' })
    expect(second.provenance.modelVersion?.id).toBe(v2.id)
    expect(second.provenance.adapters).toEqual([expect.objectContaining({ id: adapter.id, scale: 0.5 })])
    expect(versionOf(second.id)).toBe(v2.id)

    await ok('rollout.rollback', {})
    await reloaded()
    expect(getConfig(t.services.db)).toMatchObject({ baseModelId: base.id, adapters: [] })
    const third = await ok<Interpretation>('interpret.report', { reportId: 4, jobId: 'back' })
    expect(third.provenance.modelVersion).toEqual({ id: v1.id, name: 'plain', fingerprint: v1.fingerprint })
    expect(third.provenance.adapters).toEqual([])
    expect(versionOf(third.id)).toBe(v1.id)

    // A configuration changed by hand is no version's: its drafts are not attributed.
    await ok('models.configure', { seed: 4242 })
    const manual = await ok<Interpretation>('interpret.report', { reportId: 5, jobId: 'manual' })
    expect(manual.provenance.modelVersion).toBeUndefined()
    expect(versionOf(manual.id)).toBeNull()
  }, 400_000)
})
