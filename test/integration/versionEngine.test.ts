// The version engine with the real node-llama-cpp and the generated test models: a version's adapter changes its
// drafts, versions asked for at once each get their own configuration, nothing is stored. Synthetic reports only.
import { rmSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeTestModels } from '../../scripts/make-test-models'
import type { VersionDraft } from '../../src/main/llm/versionEngine'
import type { Model } from '../../src/shared/contract/models'
import type { ModelVersion } from '../../src/shared/contract/rollout'
import { oru } from '../helpers/hl7'
import { callOk, makeServices, makeTempDir, type TestServices } from '../helpers/services'

let t: TestServices
let dir: string
let reportIds: number[]
let plain: ModelVersion
let adapted: ModelVersion

const count = (sql: string) => (t.services.db.prepare(sql).get() as { n: number }).n

beforeAll(async () => {
  dir = makeTempDir('readout-version-engine-')
  const models = await makeTestModels({ outDir: dir })
  t = makeServices()
  const files = Array.from({ length: 3 }, (_, i) => ({
    name: `v${i}.hl7`,
    contentBase64: Buffer.from(
      oru({ controlId: `V${i}`, mrn: `VP${i}`, observedAt: `2026020${i + 1}0800`, results: [{ code: '2823-3', display: 'Potassium', value: (3.9 + i).toFixed(1), unit: 'mmol/L', range: '3.5-5.1' }] }),
    ).toString('base64'),
  }))
  const imported = await callOk<{ results: { reportIds: number[] }[] }>(t, 'import.files', { files })
  reportIds = imported.results.flatMap((r) => r.reportIds)
  const base = await callOk<Model>(t, 'models.add', { path: models.base })
  const adapter = await callOk<Model>(t, 'models.add', { path: models.adapter })
  await callOk(t, 'models.configure', { parallelism: 2, threads: 1 })
  plain = await callOk<ModelVersion>(t, 'versions.create', { spec: String(base.id), name: 'plain' })
  adapted = await callOk<ModelVersion>(t, 'versions.create', { spec: `${base.id}+${adapter.id}:1`, name: 'adapted' })
}, 120_000)
afterAll(() => {
  t?.cleanup()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

const draft = (v: ModelVersion, reportId: number): Promise<VersionDraft> => t.services.versionEngine.draftWith(v, reportId, { priority: 'eval', sampling: { temperature: 0, seed: 7 } })

describe('VersionEngine.draftWith', () => {
  it('drafts with the version: the adapter changes the draft; provenance names the version; nothing is stored', async () => {
    const a = await draft(plain, reportIds[0]!)
    const b = await draft(adapted, reportIds[0]!)
    expect(a.rawOutput).not.toBe(b.rawOutput)
    expect(a.provenance.modelVersion).toEqual({ id: plain.id, name: 'plain', fingerprint: plain.fingerprint })
    expect(b.provenance.modelVersion).toEqual({ id: adapted.id, name: 'adapted', fingerprint: adapted.fingerprint })
    expect(a.provenance.adapters).toEqual([])
    expect(b.provenance.adapters).toEqual([expect.objectContaining({ id: adapted.adapters[0]!.modelId, scale: 1 })])
    expect(b.provenance.sampling).toMatchObject({ temperature: 0, seed: 7 })
    expect(b.provenance.outputTokens).toBeGreaterThan(0)
    // The adapted test model writes a valid draft; its evidence is checked as a shown draft's would be.
    expect(b.parseError).toBeNull()
    expect(b.draft?.findings.length).toBeGreaterThan(0)
    expect(b.standing).not.toBeNull()
    expect(count('SELECT count(*) AS n FROM interpretations')).toBe(0)
  }, 120_000)

  it('two versions asked for at once both complete, each as it drafts alone', async () => {
    const alone = new Map<string, string>()
    for (const v of [plain, adapted]) for (const id of reportIds) alone.set(`${v.id}:${id}`, (await draft(v, id)).rawOutput)
    // Interleaved requests: the engine groups them by version and switches only between groups.
    const mixed = await Promise.all(reportIds.flatMap((id) => [draft(plain, id), draft(adapted, id)]))
    for (const d of mixed) expect(d.rawOutput).toBe(alone.get(`${d.versionId}:${d.reportId}`))
    expect(new Set(mixed.map((d) => d.versionId))).toEqual(new Set([plain.id, adapted.id]))
    expect(t.services.versionEngine.load()).toMatchObject({ waiting: 0, running: 0 })
  }, 240_000)

  it('refuses a version whose prompt template is gone, and a cancelled draft', async () => {
    const gone = { ...plain, id: 999, name: 'old-template', promptTemplateVersion: 'tpl-gone' }
    await expect(draft(gone, reportIds[0]!)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('"old-template"') })
    const c = new AbortController()
    c.abort()
    await expect(t.services.versionEngine.draftWith(plain, reportIds[0]!, { priority: 'eval', signal: c.signal })).rejects.toMatchObject({ code: 'CANCELLED' })
  }, 60_000)
})
