// The model engine in its own process (the built out/main/llmHost.js, real node-llama-cpp, generated model):
// streaming across the process boundary, cancel, and what the app sees when the engine dies mid-draft.
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { totalmem } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest'
import { makeTestModels, REPO_ROOT, type TestModelPaths } from '../../scripts/make-test-models'
import { interpretationJsonSchema } from '../../src/shared/domain/interpretation'
import { AppError } from '../../src/shared/errors'
import type { EngineConfig } from '../../src/main/llm/engine/backend'
import type { HostChannel } from '../../src/main/llm/engine/hostProtocol'
import { INLINE_STEPS_ENV } from '../../src/main/llm/engine/inlineSteps'
import { RAM_RESERVE_ENV } from '../../src/main/llm/engine/nodeLlama'
import { ENGINE_UV_THREADPOOL_SIZE, forkSpawner, ProcessBackend } from '../../src/main/llm/engine/processBackend'
import type { EngineStatus } from '../../src/shared/contract/models'
import { oru } from '../helpers/hl7'
import { LLM_HOST_PATH, makeServices, makeTempDir, requireBuilt, TEST_CTX } from '../helpers/services'

let dir: string
let models: TestModelPaths
let backend: ProcessBackend
let channel: HostChannel | null = null
const spawnedWith: Record<string, string>[] = []

const config = (): EngineConfig => ({ basePath: models.base, adapters: [], threads: 1, gpuLayers: 0, sequences: 2, contextSize: 2048 })
const draft = (signal: AbortSignal, onText?: (t: string) => void) =>
  backend.generate({ prompt: 'Potassium 6.9 mmol/L. DRAFT (JSON)\n', schema: interpretationJsonSchema, temperature: 0, seed: 1, maxTokens: 400, signal, onText })

beforeAll(async () => {
  requireBuilt(LLM_HOST_PATH)
  dir = makeTempDir('readout-engine-')
  models = await makeTestModels({ outDir: dir })
  backend = new ProcessBackend({
    hostPath: LLM_HOST_PATH,
    spawn: (path, env) => {
      spawnedWith.push(env)
      channel = forkSpawner(path, env)
      return channel
    },
  })
})
afterAll(async () => {
  await backend?.dispose()
  rmSync(dir, { recursive: true, force: true })
})

describe('engine process', () => {
  it('is not started until a model is loaded, and reports nothing loaded', async () => {
    expect(await backend.status()).toMatchObject({ loaded: false })
    await expect(draft(new AbortController().signal)).rejects.toMatchObject({ code: 'MODEL_NOT_READY' })
    expect(spawnedWith).toHaveLength(0)
  })

  it('loads with progress, in a process with a small thread pool, and streams a draft across the boundary', async () => {
    const progress: number[] = []
    await backend.configure(config(), (p) => progress.push(p))
    expect(progress.at(-1)).toBe(1)
    expect(spawnedWith[0]).toMatchObject({ UV_THREADPOOL_SIZE: ENGINE_UV_THREADPOOL_SIZE })
    const status = await backend.status()
    expect(status).toMatchObject({ loaded: true, threads: 1, baseLoads: 1, sequences: 2 })
    expect(['prebuilt', 'localBuild']).toContain(status.binary)

    const chunks: string[] = []
    const result = await draft(new AbortController().signal, (t) => chunks.push(t))
    expect(chunks.length).toBeGreaterThan(1)
    expect(chunks.join('')).toBe(result.text)
    expect(() => JSON.parse(result.text) as unknown).not.toThrow()
    expect(result.outputTokens).toBeGreaterThan(0)
  })

  it('cancels a running draft promptly', async () => {
    const controller = new AbortController()
    const started = performance.now()
    const run = draft(controller.signal, () => controller.abort())
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' })
    expect(performance.now() - started).toBeLessThan(5000)
    // The engine is still there and drafts again.
    const again = await draft(new AbortController().signal)
    expect(again.outputTokens).toBeGreaterThan(0)
  })

  it('answers a cancel and a status itself while the engine reads no messages (as inside a long prompt batch)', async () => {
    const controller = new AbortController()
    let pid: number | undefined
    // Stopping the engine process stands for an engine busy in llama_decode on its main thread (inlineSteps.ts).
    // Resumed however the test ends, or every later test would wait on a stopped engine.
    onTestFinished(() => {
      if (pid !== undefined) process.kill(pid, 'SIGCONT')
    })
    const run = draft(controller.signal, () => {
      if (pid !== undefined) return
      pid = channel!.pid()!
      process.kill(pid, 'SIGSTOP')
      controller.abort()
    })
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' })
    expect(await backend.status()).toMatchObject({ loaded: true, threads: 1 })
    process.kill(pid!, 'SIGCONT')
    // Once it reads messages again it has stopped the cancelled draft and drafts the next one.
    expect((await draft(new AbortController().signal)).outputTokens).toBeGreaterThan(0)
  })

  it('turns an engine that dies mid-draft into a clear error, then starts a fresh one on the next load', async () => {
    const run = draft(new AbortController().signal, () => channel?.kill())
    const err = await run.catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AppError)
    expect(err).toMatchObject({ code: 'GENERATION_FAILED', message: expect.stringMatching(/engine stopped unexpectedly.*nothing was saved/) })
    expect(await backend.status()).toMatchObject({ loaded: false })
    await expect(draft(new AbortController().signal)).rejects.toMatchObject({ code: 'MODEL_NOT_READY' })

    await backend.configure(config())
    expect(spawnedWith).toHaveLength(2)
    expect(await backend.status()).toMatchObject({ loaded: true, baseLoads: 1 })
    expect((await draft(new AbortController().signal)).outputTokens).toBeGreaterThan(0)
  })

  it('reports a file that is not a model as a load error, from the engine process', async () => {
    const err = await backend.configure({ ...config(), basePath: LLM_HOST_PATH }).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'INVALID_MODEL', message: expect.stringMatching(/could not be loaded/) })
  })
})

describe('settings that need more memory than is free', () => {
  it('are refused before anything is allocated, with what to change, and the engine loads nothing', async () => {
    // The engine keeps all of RAM in reserve, so no context fits in what is left; the context asked for is made larger
    // than any free swap too (the tiny model's KV cache takes 1 KiB per token), which node-llama-cpp also counts.
    const swapFree = existsSync('/proc/meminfo') ? Number(/SwapFree:\s+(\d+) kB/.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1] ?? 0) * 1024 : 0
    const contextSize = Math.max(2048, 2 ** Math.ceil(Math.log2(swapFree / 1024 + 1)))
    const reserveMib = String(Math.ceil(totalmem() / 2 ** 20))
    const tight = new ProcessBackend({ hostPath: LLM_HOST_PATH, spawn: (path, env) => forkSpawner(path, { ...env, [RAM_RESERVE_ENV]: reserveMib }) })
    onTestFinished(() => tight.dispose())
    const err = await tight.configure({ ...config(), contextSize }).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'OUT_OF_MEMORY', message: expect.stringMatching(/too large for the available RAM.*fewer parallel reports/s) })
    expect(await tight.status()).toMatchObject({ loaded: false })
    await expect(tight.generate({ prompt: 'Potassium 6.9 mmol/L.', temperature: 0, seed: 1, maxTokens: 4, signal: new AbortController().signal })).rejects.toMatchObject({
      code: 'MODEL_NOT_READY',
    })
  })
})

// `npm run build-engine` compiles Readout's patch into the binding and leaves this stamp; node-llama-cpp's prebuilt
// binaries (a fresh clone, CI) have no synchronous calls, and there both backends below use the thread pool.
const patchedBuild = existsSync(join(REPO_ROOT, 'node_modules', 'node-llama-cpp', 'llama', 'localBuilds', 'readout-patches.sha256'))

describe('generation steps on the engine thread', () => {
  it('draft exactly what the thread-pool calls draft, at temperature 0', async () => {
    await backend.configure(config())
    const inline = await backend.status()
    expect(inline.inlineSteps).toBe(patchedBuild && inline.binary === 'localBuild')
    if (!inline.inlineSteps) console.log('[engineProcess] prebuilt engine binary: inline steps not exercised (npm run build-engine builds them)')
    const pooled = new ProcessBackend({ hostPath: LLM_HOST_PATH, spawn: (path, env) => forkSpawner(path, { ...env, [INLINE_STEPS_ENV]: '0' }) })
    try {
      await pooled.configure(config())
      expect(await pooled.status()).toMatchObject({ loaded: true, inlineSteps: false })
      const prompts = ['Potassium 6.9 mmol/L. DRAFT (JSON)\n', 'Glucose 3.1 mmol/L, sodium 139 mmol/L. DRAFT (JSON)\n']
      for (const prompt of prompts) {
        const req = { prompt, schema: interpretationJsonSchema, temperature: 0, seed: 1, maxTokens: 300, signal: new AbortController().signal }
        const [a, b] = [await backend.generate(req), await pooled.generate(req)]
        expect(a.text).toBe(b.text)
        expect(a.outputTokens).toBeGreaterThan(0)
      }
      const free = { prompt: 'Summary:', temperature: 0, seed: 1, maxTokens: 64, signal: new AbortController().signal }
      expect((await backend.generate(free)).text).toBe((await pooled.generate(free)).text)
    } finally {
      await pooled.dispose()
    }
  })
})

/**
 * The app's services with their own engine process, one potassium report imported and the test base model loaded at
 * temperature 0, plus any further settings. `channel()` is that engine process; cleanup() ends it all.
 */
async function appWithModel(settings: Record<string, unknown> = {}) {
  let appChannel: HostChannel | null = null
  const t = makeServices({ engineProcess: true, llmHostSpawner: (path, env) => (appChannel = forkSpawner(path, env)) })
  const call = async <T>(method: string, input: unknown): Promise<T> => {
    const r = await t.dispatch(method, input, TEST_CTX)
    if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code })
    return r.value as T
  }
  onTestFinished(() => t.cleanup())
  const files = [{ name: 'k.hl7', contentBase64: Buffer.from(oru({ controlId: 'K1', mrn: 'P1', results: [{ code: '2823-3', display: 'Potassium', value: '6.9', unit: 'mmol/L', range: '3.5-5.1' }] })).toString('base64') }]
  await call('import.files', { files })
  const base = await call<{ id: number }>('models.add', { path: models.base })
  await call('models.use', { baseModelId: base.id, adapters: [] })
  await call('models.configure', { threads: 1, temperature: 0, seed: 1, maxTokens: 2000, ...settings })
  expect(await call<EngineStatus>('models.load', {})).toMatchObject({ state: 'ready' })
  return { t, call, channel: () => appChannel! }
}

describe('the app when its engine dies', () => {
  it('shows the model as failed with what to do, keeps reports un-interpreted, and loads again on request', async () => {
    const { call, channel } = await appWithModel()
    channel().kill()
    await vi.waitFor(async () => expect(await call<EngineStatus>('models.status', {})).toMatchObject({ state: 'error', error: expect.stringMatching(/engine stopped unexpectedly.*Load the model again/) }))
    await expect(call('interpret.report', { reportId: 1, jobId: 'after-crash' })).rejects.toMatchObject({ code: 'MODEL_NOT_READY' })
    expect(await call('interpret.latest', { reportId: 1 })).toBeNull()

    expect(await call<EngineStatus>('models.load', {})).toMatchObject({ state: 'ready', error: null })
    const draft = await call<{ reportId: number }>('interpret.report', { reportId: 1, jobId: 'reloaded' })
    expect(draft.reportId).toBe(1)
  })
})

describe('the per-report timeout', () => {
  it('ends a draft the engine does not finish in time with a timeout, stores nothing, and drafts again after', async () => {
    let stoppedPid: number | undefined
    onTestFinished(() => {
      if (stoppedPid !== undefined) process.kill(stoppedPid, 'SIGCONT')
    })
    // The shortest timeout the settings allow.
    const { t, call, channel } = await appWithModel({ timeoutS: 5 })

    // An engine that stops answering mid-draft (stopped here, as one stuck in a very long computation would be).
    const off = t.services.events.onAny((event) => {
      if (event !== 'interpret.chunk' || stoppedPid !== undefined) return
      stoppedPid = channel().pid()!
      process.kill(stoppedPid, 'SIGSTOP')
    })
    const started = performance.now()
    const err = await call('interpret.report', { reportId: 1, jobId: 'slow' }).catch((e: unknown) => e)
    off()
    expect(err).toMatchObject({ code: 'TIMEOUT', message: 'No draft within 5 s; nothing was saved.' })
    expect(performance.now() - started).toBeGreaterThan(4500)
    expect(await call('interpret.latest', { reportId: 1 })).toBeNull()

    process.kill(stoppedPid!, 'SIGCONT')
    stoppedPid = undefined
    const draft = await call<{ reportId: number }>('interpret.report', { reportId: 1, jobId: 'in-time' })
    expect(draft.reportId).toBe(1)
  }, 60_000)
})
