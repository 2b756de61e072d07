// The generated test models (scripts/make-test-models.ts) against the real node-llama-cpp: metadata readable without
// loading, the tokenizer round-trips clinical text, JSON-schema grammar output parses, and the LoRA adapter changes
// greedy output at scale 1 and leaves it unchanged at scale 0.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { getLlama, LlamaCompletion, LlamaLogLevel, readGgufFileInfo, resolveChatWrapper, type Llama, type LlamaModel } from 'node-llama-cpp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADAPTER_SPEC, BASE_SPEC, makeTestModels, type TestModelPaths } from '../../scripts/make-test-models'

const MAX_THREADS = Math.min(2, availableParallelism())
// One compute thread per context: the base model is tiny, and on a busy 2-core machine a second spinning ggml thread
// made each token wait for a preempted peer (32 tokens: 0.1 s with 1 thread, 7.7 s with 2 under load).
const THREADS = 1
const PROMPT = 'Report: potassium 6.1 mmol/L, QTc 468 ms. Interpretation:'

let dir: string
let paths: TestModelPaths
let llama: Llama
let model: LlamaModel

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'readout-test-models-'))
  paths = await makeTestModels({ outDir: dir })
  llama = await getLlama({ gpu: false, maxThreads: MAX_THREADS, build: 'never', logLevel: LlamaLogLevel.error })
  model = await llama.loadModel({ modelPath: paths.base })
})

afterAll(async () => {
  await model?.dispose()
  await llama?.dispose()
  if (dir) await rm(dir, { recursive: true, force: true })
})

function parameterCount(dimensions: ReadonlyArray<ReadonlyArray<number | bigint>>): number {
  return dimensions.reduce((sum, dims) => sum + dims.reduce<number>((product, n) => product * Number(n), 1), 0)
}

async function greedy(lora?: { filePath: string; scale: number }): Promise<string> {
  const context = await model.createContext({
    contextSize: 256,
    threads: THREADS,
    ...(lora ? { lora: { adapters: [lora] } } : {}),
  })
  const completion = new LlamaCompletion({ contextSequence: context.getSequence() })
  try {
    return await completion.generateCompletion(PROMPT, { maxTokens: 12, temperature: 0, seed: 42 })
  } finally {
    completion.dispose()
    await context.dispose()
  }
}

describe('generated test models', () => {
  it('are deterministic and reused from the cache', async () => {
    const again = await mkdtemp(join(tmpdir(), 'readout-test-models-'))
    try {
      const second = await makeTestModels({ outDir: again })
      // Buffer.equals: Vitest's deep equality walks megabytes element by element.
      expect((await readFile(second.base)).equals(await readFile(paths.base))).toBe(true)
      expect((await readFile(second.adapter)).equals(await readFile(paths.adapter))).toBe(true)
    } finally {
      await rm(again, { recursive: true, force: true })
    }
    const before = (await stat(paths.base)).mtimeMs
    await makeTestModels({ outDir: dir })
    expect((await stat(paths.base)).mtimeMs).toBe(before)
  })

  it('expose their metadata without loading', async () => {
    const info = await readGgufFileInfo(paths.base, { logWarnings: false })
    expect(info.version).toBe(3)
    expect(info.metadata.general.architecture).toBe('llama')
    expect(info.metadata.general.name).toBe('readout-test-base')
    expect(info.architectureMetadata.context_length).toBe(BASE_SPEC.contextLength)
    expect(info.architectureMetadata.block_count).toBe(BASE_SPEC.nLayer)
    expect(info.metadata.tokenizer.chat_template).toContain('<|im_start|>')
    expect(info.metadata.tokenizer.ggml.model).toBe('llama')
    const params = parameterCount((info.tensorInfo ?? []).map((t) => t.dimensions))
    expect(params).toBeGreaterThan(500_000)
    expect(params).toBeLessThan(5_000_000)

    const adapter = await readGgufFileInfo(paths.adapter, { logWarnings: false })
    const adapterMeta = adapter.metadata as unknown as { general: { type?: string }; adapter?: { type?: string; lora?: { alpha?: number } } }
    expect(adapterMeta.general.type).toBe('adapter')
    expect(adapter.metadata.general.architecture).toBe('llama')
    expect(adapterMeta.adapter?.type).toBe('lora')
    expect(adapterMeta.adapter?.lora?.alpha).toBe(ADAPTER_SPEC.alpha)
    const names = (adapter.tensorInfo ?? []).map((t) => t.name)
    expect(names).toHaveLength(BASE_SPEC.nLayer * ADAPTER_SPEC.targets.length * 2)
    expect(names.every((n) => /^blk\.\d+\.\w+\.weight\.lora_[ab]$/.test(n))).toBe(true)
  })

  it('tokenize and detokenize clinical JSON round-trip', () => {
    const snippet =
      '{"summary": "Sinus rhythm, QTc 468 ms (prolonged).", "observations": [{"code": "2823-3", "value": 6.1, "unit": "mmol/L"}],' +
      '\n\t"note": "SpO2 ≥ 94 %, temp 37.2 °C — Müller"}'
    const tokens = model.tokenize(snippet)
    expect(tokens.length).toBeGreaterThan(10)
    expect(tokens.length).toBeLessThan(snippet.length)
    expect(model.detokenize(tokens)).toBe(snippet)
    expect(model.detokenize(model.tokenize(' leading space, 日本語 and 😀'))).toBe(' leading space, 日本語 and 😀')
    expect(model.tokenize('normal').length).toBe(1)
  })

  it('carry a chat template node-llama-cpp recognises as ChatML', () => {
    expect(resolveChatWrapper(model).wrapperName).toBe('ChatML')
    expect(model.tokenize('<|im_start|>', true)).toHaveLength(1)
  })

  it('generate JSON that the schema grammar accepts', async () => {
    const grammar = await llama.createGrammarForJsonSchema({
      type: 'object',
      properties: {
        summary: { type: 'string', maxLength: 24 },
        severity: { enum: ['normal', 'abnormal', 'critical'] },
      },
    } as const)
    const context = await model.createContext({ contextSize: 256, threads: THREADS })
    const completion = new LlamaCompletion({ contextSequence: context.getSequence() })
    try {
      const text = await completion.generateCompletion(PROMPT, { grammar, maxTokens: 80, temperature: 0, seed: 42 })
      const parsed = grammar.parse(text)
      expect(typeof parsed.summary).toBe('string')
      expect(parsed.summary.length).toBeLessThanOrEqual(24)
      expect(['normal', 'abnormal', 'critical']).toContain(parsed.severity)
    } finally {
      completion.dispose()
      await context.dispose()
    }
  })

  it('change greedy output with the LoRA adapter at scale 1 and not at scale 0', async () => {
    const base = await greedy()
    const adapted = await greedy({ filePath: paths.adapter, scale: 1 })
    const scaledToZero = await greedy({ filePath: paths.adapter, scale: 0 })
    expect(base.length).toBeGreaterThan(0)
    expect(adapted).not.toBe(base)
    expect(scaledToZero).toBe(base)
  })
})
