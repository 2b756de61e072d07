// The local model through the real node-llama-cpp and generated GGUF models: registry, drafts, streaming,
// cancel, adapters, the batch queue. Synthetic reports only.
import { copyFileSync, openSync, readFileSync, rmSync, writeFileSync, closeSync, ftruncateSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ADAPTER_SPEC,
  BASE_SPEC,
  buildVocabulary,
  CHATML_TEMPLATE,
  llamaModelWriter,
  loraAdapterWriter,
  makeTestModels,
  writeCached,
  type TestModelPaths,
} from '../../scripts/make-test-models'
import { getLlama } from 'node-llama-cpp'
import { tokenizePrompt } from '../../src/main/llm/engine/promptTokens'
import { draftPrompt } from '../../src/main/llm/interpretations'
import { chatTemplateSha256, renderChatPrompt } from '../../src/main/llm/prompt'
import { readChatTemplate } from '../../src/main/llm/registry/chatTemplate'
import { getReport } from '../../src/main/store/reportRead'
import type { Interpretation, QueueFailures, QueueStatus } from '../../src/shared/contract/interpret'
import type { EngineStatus, LlmConfig, Model } from '../../src/shared/contract/models'
import type { ReportSummary } from '../../src/shared/contract/reports'
import { InterpretationDraftSchema } from '../../src/shared/domain/interpretation'
import { oru } from '../helpers/hl7'
import { callFails, callOk, makeServices, makeTempDir, TEST_CTX, type TestServices } from '../helpers/services'

let t: TestServices
let models: TestModelPaths
let dir: string
let base: Model
let adapter: Model

const ok = <T>(method: string, input: unknown) => callOk<T>(t, method, input)
const fails = (method: string, input: unknown) => callFails(t, method, input)
const count = (sql: string) => (t.services.db.prepare(sql).get() as { n: number }).n
const rawOutput = (id: number) => (t.services.db.prepare('SELECT raw_output FROM interpretations WHERE id = ?').get(id) as { raw_output: string }).raw_output

beforeAll(async () => {
  dir = makeTempDir('readout-llm-')
  models = await makeTestModels({ outDir: dir })
  t = makeServices({ engineProcess: true })
  const files = Array.from({ length: 20 }, (_, i) => ({
    name: `r${i}.hl7`,
    contentBase64: Buffer.from(
      oru({
        controlId: `M${i}`,
        mrn: `P${i % 5}`,
        observedAt: `202601${String(1 + i).padStart(2, '0')}0800`,
        results: [{ code: '2823-3', display: 'Potassium', value: (3.6 + i / 10).toFixed(1), unit: 'mmol/L', range: '3.5-5.1' }],
      }),
    ).toString('base64'),
  }))
  await ok('import.files', { files })
}, 60_000)
afterAll(() => {
  t?.cleanup()
  rmSync(dir, { recursive: true, force: true })
})

describe('model registry', () => {
  it('reads metadata and fingerprints without loading the model', async () => {
    base = await ok<Model>('models.add', { path: models.base })
    expect(base).toMatchObject({ kind: 'base', architecture: 'llama', contextLength: BASE_SPEC.contextLength, hasChatTemplate: true })
    expect(base.parameterCount).toBeGreaterThan(500_000)
    expect(base.parameterCount).toBeLessThan(5_000_000)
    expect(base.sha256).toMatch(/^[0-9a-f]{64}$/)
    adapter = await ok<Model>('models.add', { path: models.adapter })
    expect(adapter).toMatchObject({ kind: 'adapter', architecture: 'llama', adapterAlpha: ADAPTER_SPEC.alpha })
    // Fingerprints are cached by path, size and mtime.
    expect(count('SELECT count(*) AS n FROM file_fingerprints')).toBe(2)
    const status = await ok<EngineStatus>('models.status', {})
    expect(status).toMatchObject({ state: 'unloaded', baseLoads: 0 })
  })

  it('refuses a file that is not GGUF, a truncated file, and an adapter for another base', async () => {
    const text = join(dir, 'notes.gguf')
    writeFileSync(text, 'this is not a model')
    expect(await fails('models.add', { path: text })).toMatchObject({ code: 'INVALID_MODEL', message: expect.stringContaining('not a GGUF') })

    const cut = join(dir, 'cut.gguf')
    copyFileSync(models.base, cut)
    const fd = openSync(cut, 'r+')
    ftruncateSync(fd, Math.floor(statSync(cut).size / 2))
    closeSync(fd)
    expect(await fails('models.add', { path: cut })).toMatchObject({ code: 'INVALID_MODEL', message: expect.stringContaining('truncated') })

    const foreign = join(dir, 'foreign-adapter.gguf')
    await writeCached(loraAdapterWriter({ ...BASE_SPEC, nEmbd: 64, name: 'other' }, ADAPTER_SPEC), foreign)
    const other = await ok<Model>('models.add', { path: foreign })
    const err = await fails('models.use', { baseModelId: base.id, adapters: [{ modelId: other.id, scale: 1 }] })
    expect(err.code).toBe('INVALID_MODEL')
    expect(err.message).toMatch(/does not fit/)
    expect(await fails('models.add', { path: join(dir, 'missing.gguf') })).toMatchObject({ code: 'NOT_FOUND' })
    await ok('models.remove', { id: other.id })
  })
})

describe('registered model files', () => {
  it('are not loaded once replaced or removed, with the reason, and load again once restored', async () => {
    const copy = join(dir, 'site-adapter.gguf')
    copyFileSync(models.adapter, copy)
    const site = await ok<Model>('models.add', { path: copy })
    // What the registry table says of the file, before anything is loaded.
    const problem = async () => (await ok<{ models: Model[] }>('models.list', {})).models.find((m) => m.id === site.id)?.fileProblem
    expect(await problem()).toBeNull()
    await ok('models.use', { baseModelId: base.id, adapters: [{ modelId: site.id, scale: 1 }] })
    await ok('models.configure', { threads: 1 })
    await ok('models.load', {})
    await ok('models.unload', {})

    // A new training round copied over the registered file: same path, same size, other bytes.
    const bytes = readFileSync(copy)
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 0xff, bytes.length - 1)
    writeFileSync(copy, bytes)
    expect(await problem()).toBe('unverified')
    expect(await fails('models.load', {})).toMatchObject({
      code: 'INVALID_MODEL',
      message: expect.stringMatching(/adapter file .*site-adapter\.gguf has changed since it was added \(SHA-256 [0-9a-f]{12}…, now [0-9a-f]{12}…\)/),
    })
    expect(await ok<EngineStatus>('models.status', {})).toMatchObject({ state: 'error', error: expect.stringContaining('has changed since it was added') })
    expect(await problem()).toBe('changed')

    rmSync(copy)
    expect(await problem()).toBe('missing')
    expect(await fails('models.load', {})).toMatchObject({ code: 'INVALID_MODEL', message: expect.stringContaining('site-adapter.gguf is not there any more') })

    copyFileSync(models.adapter, copy)
    await ok('models.load', {})
    expect(await ok<EngineStatus>('models.status', {})).toMatchObject({ state: 'ready', adapters: [{ modelId: site.id, scale: 1 }] })
    expect(await problem()).toBeNull()
    await ok('models.unload', {})
    await ok('models.use', { baseModelId: base.id, adapters: [] })
    await ok('models.remove', { id: site.id })
  }, 120_000)
})

describe('drafting', () => {
  it('streams a draft that parses against the schema, with provenance and an evidence check', async () => {
    await ok<LlmConfig>('models.use', { baseModelId: base.id, adapters: [] })
    // One thread: test files run side by side, and two compute threads on a shared core collapse generation speed.
    await ok('models.configure', { temperature: 0, seed: 7, maxTokens: 2000, threads: 1 })
    const chunks: string[] = []
    const off = t.services.events.onAny((e, p) => {
      if (e === 'interpret.chunk' && (p as { jobId: string }).jobId === 'first') chunks.push((p as { text: string }).text)
    })
    const result = await ok<Interpretation>('interpret.report', { reportId: 1, jobId: 'first' })
    off()
    expect(InterpretationDraftSchema.safeParse(result.draft).success).toBe(true)
    // Chunks arrive in order and add up to exactly what was stored.
    expect(chunks.length).toBeGreaterThan(5)
    expect(chunks.join('')).toBe(rawOutput(result.id))
    expect(result.provenance).toMatchObject({
      baseModel: { id: base.id, sha256: base.sha256 },
      adapters: [],
      promptTemplateVersion: expect.stringMatching(/^tpl-[0-9a-f]{12}$/),
      sampling: { temperature: 0, seed: 7, maxTokens: 2000 },
      engine: 'node-llama-cpp',
      gpu: null,
    })
    expect(result.provenance.promptTokens).toBeGreaterThan(100)
    expect(result.provenance.outputTokens).toBeGreaterThan(5)
    expect(result.provenance.tokensPerSecond).toBeGreaterThan(0)
    expect(['verified', 'issues', 'contradiction']).toContain(result.standing)
    const latest = await ok<Interpretation | null>('interpret.latest', { reportId: 1 })
    expect(latest?.id).toBe(result.id)

    // The engine process evaluated the messages rendered with the model's chat template: the stored messages, rendered
    // here from the model file as the export renders them, give that prompt byte for byte, and the engine's prompt token
    // count is that text's with its turn markers read as single control tokens.
    expect(result.provenance).toMatchObject({ promptFormat: 'chat-template', chatTemplateSha256: chatTemplateSha256(CHATML_TEMPLATE) })
    const stored = draftPrompt(t.services.db, result.id)!
    expect(stored).toMatchObject({ promptFormat: 'chat-template', chatTemplateSha256: chatTemplateSha256(CHATML_TEMPLATE) })
    expect(stored.messages!.map((m) => m.role)).toEqual(['system', 'user'])
    const chat = await readChatTemplate(models.base, base.sha256)
    expect(renderChatPrompt(chat!, stored.messages!)).toBe(stored.prompt)
    expect(stored.prompt.startsWith(`<|im_start|>system\n${stored.messages![0]!.content}<|im_end|>\n<|im_start|>user\nREPORT\n`)).toBe(true)
    const llama = await getLlama({ gpu: false, build: 'never' })
    const tokenizer = await llama.loadModel({ modelPath: models.base, gpuLayers: 0, vocabOnly: true })
    const evaluated = tokenizePrompt(tokenizer, stored.prompt, 'chat-template')
    expect(result.provenance.promptTokens).toBe(evaluated.tokens.length - (evaluated.bosAdded ? 1 : 0))
    expect(result.provenance.promptTokens).toBeLessThan(tokenizePrompt(tokenizer, stored.prompt, 'raw').tokens.length - 1)
    await llama.dispose()
    // What a draft of the same report made now would be given (for the export of a report signed without a draft).
    expect((await t.services.llm.draftPromptFor(getReport(t.services.db, 1)!)).prompt).toBe(stored.prompt)

    // A second report reuses the evaluated instruction prefix on the same sequence.
    const second = await ok<Interpretation>('interpret.report', { reportId: 2, jobId: 'second' })
    expect(second.provenance.reusedPromptTokens).toBeGreaterThan(100)
  }, 120_000)

  it('cancel stops within a short time and stores nothing', async () => {
    const before = count('SELECT count(*) AS n FROM interpretations')
    let started = 0
    const off = t.services.events.onAny((e, p) => {
      if (e === 'interpret.chunk' && (p as { jobId: string }).jobId === 'cancel-me' && started === 0) {
        started = performance.now()
        void t.dispatch('interpret.cancel', { jobId: 'cancel-me' }, TEST_CTX)
      }
    })
    const r = await t.dispatch('interpret.report', { reportId: 3, jobId: 'cancel-me' }, TEST_CTX)
    off()
    expect(r).toMatchObject({ ok: false, error: { code: 'CANCELLED' } })
    expect(performance.now() - started).toBeLessThan(2000)
    expect(count('SELECT count(*) AS n FROM interpretations')).toBe(before)
  }, 60_000)

  it('at temperature 0 the adapter changes the output, scale 0 reproduces the base, and the base is not reloaded', async () => {
    const loadsBefore = (await ok<EngineStatus>('models.status', {})).baseLoads
    const draft = async () => rawOutput((await ok<Interpretation>('interpret.report', { reportId: 4, jobId: `a${Math.random()}` })).id)
    const plain = await draft()
    await ok('models.use', { baseModelId: base.id, adapters: [{ modelId: adapter.id, scale: 1 }] })
    const adapted = await draft()
    await ok('models.use', { baseModelId: base.id, adapters: [{ modelId: adapter.id, scale: 0 }] })
    const zero = await draft()
    expect(adapted).not.toBe(plain)
    expect(zero).toBe(plain)
    const status = await ok<EngineStatus>('models.status', {})
    expect(status.baseLoads).toBe(loadsBefore)
    expect(status.adapters).toEqual([{ modelId: adapter.id, scale: 0 }])
    const latest = await ok<Interpretation>('interpret.latest', { reportId: 4 })
    expect(latest.provenance.adapters).toEqual([{ id: adapter.id, name: adapter.name, sha256: adapter.sha256, scale: 0 }])
  }, 180_000)
})

describe('batch queue', () => {
  it('interprets 20 reports with parallelism 4, each once, with provenance', async () => {
    await ok('models.use', { baseModelId: base.id, adapters: [] })
    await ok('models.configure', { parallelism: 4, maxTokens: 2000 })
    t.services.db.exec('DELETE FROM interpretation_jobs')
    const added = await ok<{ added: number }>('queue.enqueue', { reportIds: Array.from({ length: 20 }, (_, i) => i + 1) })
    expect(added.added).toBe(20)
    // Queuing again adds nothing while they wait.
    expect((await ok<{ added: number }>('queue.enqueue', { reportIds: [1, 2] })).added).toBe(0)
    const before = count('SELECT count(*) AS n FROM interpretations')
    await ok('queue.start', {})
    await t.services.queue.whenIdle()
    const status = await ok<{ done: number; queued: number; failed: number; batchDone: number }>('queue.status', {})
    expect(status).toMatchObject({ queued: 0, failed: 0, batchDone: 20 })
    expect(count('SELECT count(*) AS n FROM interpretations') - before).toBe(20)
    expect(count("SELECT count(*) AS n FROM interpretation_jobs WHERE state = 'done' AND interpretation_id IS NOT NULL")).toBe(20)
    const provenances = t.services.db.prepare('SELECT provenance FROM interpretations ORDER BY id DESC LIMIT 20').all() as { provenance: string }[]
    for (const p of provenances) expect(JSON.parse(p.provenance)).toMatchObject({ baseModel: { sha256: base.sha256 }, engine: 'node-llama-cpp' })
  }, 300_000)

  it('drafts again, with the model now loaded, the reports whose drafts a reload cut off, without pausing', async () => {
    await ok('models.use', { baseModelId: base.id, adapters: [] })
    await ok('models.configure', { parallelism: 2, maxTokens: 2000 })
    t.services.db.exec('DELETE FROM interpretation_jobs')
    const before = count('SELECT count(*) AS n FROM interpretations')
    await ok('queue.enqueue', { reportIds: [5, 6, 7, 8] })
    await ok('queue.start', {})
    // Both workers drafting: then another adapter is chosen, and the engine reloads under them.
    while ((await ok<QueueStatus>('queue.status', {})).running < 2) await new Promise((resolve) => setTimeout(resolve, 20))
    // The worklist shows which reports are being drafted and which wait, beside the drafts they already have.
    const rows = (await ok<{ items: ReportSummary[] }>('reports.list', { limit: 500 })).items.filter((r) => r.id >= 5 && r.id <= 8)
    expect(rows.map((r) => r.draftJob).sort()).toEqual(['queued', 'queued', 'running', 'running'])
    await new Promise((resolve) => setTimeout(resolve, 150))
    expect(count('SELECT count(*) AS n FROM interpretations')).toBe(before)
    await ok('models.use', { baseModelId: base.id, adapters: [{ modelId: adapter.id, scale: 1 }] })
    await t.services.queue.whenIdle()

    expect(await ok<QueueStatus>('queue.status', {})).toMatchObject({ state: 'idle', queued: 0, failed: 0, batchDone: 4 })
    const stored = t.services.db.prepare(`SELECT provenance FROM interpretations ORDER BY id DESC LIMIT 4`).all() as { provenance: string }[]
    expect(count('SELECT count(*) AS n FROM interpretations') - before).toBe(4)
    // Every stored draft was written by the model loaded when it was written: the cut-off ones were not kept.
    for (const p of stored) expect((JSON.parse(p.provenance) as { adapters: { id: number }[] }).adapters).toEqual([expect.objectContaining({ id: adapter.id })])
    // Back to the base alone, loaded before the next test starts.
    await ok('models.use', { baseModelId: base.id, adapters: [] })
    await ok('models.load', {})
  }, 300_000)
})

describe('a draft asked for on a report page while the batch runs', () => {
  it('starts at once: the batch leaves one sequence free for it', async () => {
    await ok('models.configure', { parallelism: 2, maxTokens: 2000 })
    t.services.db.exec('DELETE FROM interpretation_jobs')
    await ok('queue.enqueue', { reportIds: [9, 10, 11, 12] })
    await ok('queue.start', {})
    while ((await ok<QueueStatus>('queue.status', {})).running < 2) await new Promise((resolve) => setTimeout(resolve, 20))
    expect(await ok<EngineStatus>('models.status', {})).toMatchObject({ state: 'ready', sequences: 2 })
    const drafted = await ok<Interpretation>('interpret.report', { reportId: 13, jobId: 'at-screen' })
    expect(drafted.provenance.sequenceWaitMs).toBe(0)
    await t.services.queue.whenIdle()
    expect(await ok<QueueStatus>('queue.status', {})).toMatchObject({ state: 'idle', queued: 0, failed: 0, batchDone: 4 })
  }, 300_000)

  it('is not drafted again by the batch when it was queued and drafted on its page meanwhile', async () => {
    t.services.db.exec('DELETE FROM interpretation_jobs')
    const drafts = (reportId: number) => count(`SELECT count(*) AS n FROM interpretations WHERE report_id = ${reportId}`)
    const before = { 18: drafts(18), 19: drafts(19) }
    await ok('queue.enqueue', { reportIds: [18, 19] })
    const row = async (id: number) => (await ok<{ items: ReportSummary[] }>('reports.list', { limit: 500 })).items.find((r) => r.id === id)
    expect(await row(18)).toMatchObject({ draftJob: 'queued' })
    await ok<Interpretation>('interpret.report', { reportId: 18, jobId: 'page-18' })
    await ok('queue.start', {})
    await t.services.queue.whenIdle()
    // 18 keeps the one draft written on its page; 19, queued alike, is drafted by the batch.
    expect({ 18: drafts(18), 19: drafts(19) }).toEqual({ 18: before[18] + 1, 19: before[19] + 1 })
    expect(await ok<QueueStatus>('queue.status', {})).toMatchObject({ state: 'idle', queued: 0, failed: 0, batchDone: 2 })
    expect(await row(18)).toMatchObject({ draftJob: null })
  }, 300_000)

  it('records how long a draft waited when every sequence was busy', async () => {
    // Parallelism 2 and the one kept free: three drafts run at once, a fourth waits for one of them to end.
    const drafts = await Promise.all([14, 15, 16, 17].map((reportId) => ok<Interpretation>('interpret.report', { reportId, jobId: `page-${reportId}` })))
    const waits = drafts.map((d) => d.provenance.sequenceWaitMs ?? -1)
    expect(waits.filter((w) => w === 0)).toHaveLength(3)
    const [waited] = waits.filter((w) => w !== 0)
    expect(waited).toBeGreaterThan(0)
    expect(waited).toBeLessThanOrEqual(Math.max(...drafts.map((d) => d.provenance.timeToFirstTokenMs)))
  }, 300_000)
})

describe('batch failures', () => {
  it('lists a report whose queued draft failed, with the reason, until a retry drafts it', async () => {
    const file = oru({ controlId: 'F1', mrn: 'P99', observedAt: '202602010800', results: [{ code: '2823-3', display: 'Potassium', value: '6.9', unit: 'mmol/L', range: '3.5-5.1' }] })
    await ok('import.files', { files: [{ name: 'f1.hl7', contentBase64: Buffer.from(file).toString('base64') }] })
    const reportId = count('SELECT max(id) AS n FROM reports')
    // The engine keeps the limits it was loaded with: unload so the next draft reads the new one.
    await ok('models.configure', { maxTokens: 16 })
    await ok('models.unload', {})
    // The worklist row says where the queue is with the report.
    const row = async () => (await ok<{ items: ReportSummary[] }>('reports.list', { limit: 500 })).items.find((r) => r.id === reportId)
    await ok('queue.enqueue', { reportIds: [reportId] })
    expect(await row()).toMatchObject({ draftStanding: null, draftJob: 'queued' })
    await ok('queue.start', {})
    await t.services.queue.whenIdle()

    expect(await row()).toMatchObject({ draftStanding: null, draftJob: 'failed' })
    // The worklist's Draft filter finds it as the column shows it.
    const ids = async (drafts: string[]) => (await ok<{ items: ReportSummary[] }>('reports.list', { drafts, limit: 500 })).items.map((r) => r.id)
    expect(await ids(['failed'])).toEqual([reportId])
    expect(await ids(['none'])).toContain(reportId)
    expect(await ids(['verified', 'issues', 'contradiction'])).not.toContain(reportId)
    expect(await ok<QueueStatus>('queue.status', {})).toMatchObject({ failed: 1 })
    const failed = await ok<QueueFailures>('queue.failures', {})
    expect(failed.total).toBe(1)
    expect(failed.items).toEqual([
      expect.objectContaining({ reportId, kind: 'lab', patientName: expect.any(String), error: expect.stringContaining("The model's draft is incomplete: it reached the limit of 16 tokens") }),
    ])
    expect(count(`SELECT count(*) AS n FROM interpretations WHERE report_id = ${reportId}`)).toBe(0)
    // One report's own failure, for its page; a report that was drafted has none.
    expect((await ok<QueueFailures>('queue.failures', { reportId })).items).toEqual([expect.objectContaining({ reportId })])
    expect(await ok<QueueFailures>('queue.failures', { reportId: 1 })).toEqual({ total: 0, items: [] })

    await ok('models.configure', { maxTokens: 2000 })
    await ok('models.unload', {})
    await ok('queue.enqueue', { reportIds: failed.items.map((f) => f.reportId) })
    await ok('queue.start', {})
    await t.services.queue.whenIdle()
    expect(count(`SELECT count(*) AS n FROM interpretations WHERE report_id = ${reportId}`)).toBe(1)
    expect(await row()).toMatchObject({ draftStanding: expect.stringMatching(/^(verified|issues|contradiction)$/), draftJob: null })
    expect(await ids(['failed'])).toEqual([])
    expect(await ids([(await row())!.draftStanding!])).toContain(reportId)
    expect(await ids(['none'])).not.toContain(reportId)
    // The earlier failure is history now: the report has its draft.
    expect(await ok<QueueFailures>('queue.failures', {})).toEqual({ total: 0, items: [] })
    expect(await ok<QueueStatus>('queue.status', {})).toMatchObject({ failed: 0 })
    expect(count(`SELECT count(*) AS n FROM interpretation_jobs WHERE report_id = ${reportId} AND state = 'failed'`)).toBe(1)
  }, 300_000)
})

describe('a base model without a chat template', () => {
  it('drafts from the raw text, and its provenance says so; drafts from before chat templates stay readable', async () => {
    const path = join(dir, 'no-chat-template.gguf')
    await writeCached(llamaModelWriter(BASE_SPEC, buildVocabulary(BASE_SPEC.vocabSize), { chatTemplate: null }), path)
    const plain = await ok<Model>('models.add', { path })
    expect(plain.hasChatTemplate).toBe(false)
    await ok('models.use', { baseModelId: plain.id, adapters: [] })
    await ok('models.configure', { temperature: 0, seed: 7, maxTokens: 2000, threads: 1 })
    const result = await ok<Interpretation>('interpret.report', { reportId: 3, jobId: 'raw' })
    expect(result.provenance).toMatchObject({ promptFormat: 'raw', chatTemplateSha256: null })
    const stored = draftPrompt(t.services.db, result.id)!
    expect(stored).toMatchObject({ promptFormat: 'raw', chatTemplateSha256: null })
    expect(stored.prompt).not.toContain('<|im_start|>')
    expect(stored.prompt).toBe(`${stored.messages![0]!.content}\n\n${stored.messages![1]!.content}\n`)
    expect((await t.services.llm.draftPromptFor(getReport(t.services.db, 3)!)).prompt).toBe(stored.prompt)

    // A draft stored before chat templates: raw prompt, no messages, no format in its provenance.
    const { promptFormat: _f, chatTemplateSha256: _h, ...older } = result.provenance
    t.services.db.prepare('UPDATE interpretations SET prompt_messages = NULL, provenance = ? WHERE id = ?').run(JSON.stringify(older), result.id)
    expect(draftPrompt(t.services.db, result.id)).toEqual({ prompt: stored.prompt, messages: null, promptFormat: 'raw', chatTemplateSha256: null })
    const latest = await ok<Interpretation | null>('interpret.latest', { reportId: 3 })
    expect(latest?.provenance.promptFormat).toBeUndefined()
    await ok('models.unload', {})
    await ok('models.use', { baseModelId: base.id, adapters: [] })
  }, 120_000)

  it('is not loaded when its chat template refuses a system message, with the reason', async () => {
    const path = join(dir, 'no-system-role.gguf')
    const template = "{% if messages[0]['role'] == 'system' %}{{ raise_exception('System role not supported') }}{% endif %}{% for m in messages %}{{ m.content }}{% endfor %}"
    await writeCached(llamaModelWriter(BASE_SPEC, buildVocabulary(BASE_SPEC.vocabSize), { chatTemplate: template }), path)
    const strict = await ok<Model>('models.add', { path })
    await ok('models.use', { baseModelId: strict.id, adapters: [] })
    expect(await fails('models.load', {})).toMatchObject({
      code: 'INVALID_MODEL',
      message: expect.stringMatching(/cannot be used for drafts: .*System role not supported.*Choose another base model/),
    })
    await ok('models.use', { baseModelId: base.id, adapters: [] })
  }, 60_000)
})

describe('prompt', () => {
  it('contains no patient identifiers', () => {
    const prompt = (t.services.db.prepare('SELECT prompt FROM interpretations LIMIT 1').get() as { prompt: string }).prompt
    expect(prompt).not.toMatch(/Testpatient|MRN|P0\b|19700101|1970-01-01/)
    expect(readFileSync(models.base).subarray(0, 4).toString()).toBe('GGUF')
  })
})
