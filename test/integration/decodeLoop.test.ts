// Readout's decode loop (src/main/llm/engine/decodeLoop.ts) against node-llama-cpp's own LlamaCompletion, the path it
// replaces, on the generated model and adapter through the real node-llama-cpp: at temperature 0 both write the same
// text, with the interpretation grammar and without, one report at a time and four at once; streamed chunks add up to
// that text. A report that does not fit the context is refused with the figures; a draft in flight when the engine
// reloads ends with a clear error; the engine stays usable after both.
import { rmSync } from 'node:fs'
import { LlamaCompletion, type LlamaContext, type LlamaModel } from 'node-llama-cpp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeTestModels, type TestModelPaths } from '../../scripts/make-test-models'
import type { EngineConfig } from '../../src/main/llm/engine/backend'
import { NodeLlamaBackend } from '../../src/main/llm/engine/nodeLlama'
import { interpretationJsonSchema } from '../../src/shared/domain/interpretation'
import { makeTempDir } from '../helpers/services'

let dir: string
let models: TestModelPaths
let backend: NodeLlamaBackend
const never = new AbortController().signal
const config = (sequences: number, adapterScale?: number): EngineConfig => ({
  basePath: models.base,
  adapters: adapterScale === undefined ? [] : [{ path: models.adapter, scale: adapterScale }],
  threads: 1,
  gpuLayers: 0,
  sequences,
  contextSize: 1024,
})
const prompts = ['Report A: potassium 6.9 mmol/L, critical.', 'Report B: sodium 139 mmol/L.', 'Report C: glucose 11.2 mmol/L, high.', 'Report D: heart rate 48/min.']

/** What node-llama-cpp's LlamaCompletion writes, on a context of its own from the backend's loaded model. */
async function reference(prompt: string, grammarToo: boolean, adapterScale?: number): Promise<string> {
  // The backend's model object, read only to give node-llama-cpp's completion the very same weights.
  const internals = backend as unknown as { model: LlamaModel; llama: { createGrammarForJsonSchema: (s: unknown) => Promise<never> } }
  const context: LlamaContext = await internals.model.createContext({
    contextSize: 1024,
    threads: 1,
    ...(adapterScale === undefined ? {} : { lora: { adapters: [{ filePath: models.adapter, scale: adapterScale }] } }),
  })
  try {
    const completion = new LlamaCompletion({ contextSequence: context.getSequence() })
    const grammar = grammarToo ? await internals.llama.createGrammarForJsonSchema(interpretationJsonSchema) : undefined
    return await completion.generateCompletion(prompt, { temperature: 0, seed: 1, maxTokens: 200, repeatPenalty: false, ...(grammar ? { grammar } : {}) })
  } finally {
    await context.dispose()
  }
}

beforeAll(async () => {
  dir = makeTempDir('readout-decode-loop-')
  models = await makeTestModels({ outDir: dir })
  backend = new NodeLlamaBackend()
})
afterAll(async () => {
  await backend?.dispose()
  rmSync(dir, { recursive: true, force: true })
})

describe('decode loop', () => {
  it("writes what node-llama-cpp's LlamaCompletion writes, with and without the grammar, alone and four at once", async () => {
    await backend.configure(config(4))
    for (const grammarToo of [true, false]) {
      const expected: string[] = []
      for (const p of prompts) expected.push(await reference(p, grammarToo))
      const draft = async (prompt: string) => {
        const chunks: string[] = []
        const result = await backend.generate({
          prompt,
          ...(grammarToo ? { schema: interpretationJsonSchema } : {}),
          temperature: 0,
          seed: 1,
          maxTokens: 200,
          signal: never,
          onText: (c) => chunks.push(c),
        })
        expect(chunks.join('')).toBe(result.text)
        return result.text
      }
      const alone: string[] = []
      for (const p of prompts) alone.push(await draft(p))
      const together = await Promise.all(prompts.map(draft))
      expect(alone).toEqual(expected)
      expect(together).toEqual(expected)
      // 200 tokens cut most drafts short; whole drafts parse (llm.test.ts), here the grammar shows in how they begin.
      if (grammarToo) for (const text of alone) expect(text).toMatch(/^\{"summary":"/)
    }
    // Different prompts gave different drafts, so the comparison above could tell them apart.
    expect(new Set(await Promise.all(prompts.map((p) => reference(p, true)))).size).toBeGreaterThan(1)
  }, 180_000)

  it('reads a prompt longer than a batch in pieces between the steps of a report being drafted, changing neither draft', async () => {
    await backend.configure(config(2))
    const batchSize = (backend as unknown as { context: LlamaContext }).context.batchSize
    // Below 90% of the context: node-llama-cpp's completion would cut the beginning of a longer prompt.
    const long = `Report E: ${Array.from({ length: 80 }, (_, i) => `value ${i} mmol/L;`).join(' ')}`
    const draft = (prompt: string, maxTokens: number, onText?: () => void) =>
      backend.generate({ prompt, schema: interpretationJsonSchema, temperature: 0, seed: 1, maxTokens, signal: never, ...(onText ? { onText } : {}) })

    let started!: () => void
    const firstStarted = new Promise<void>((resolve) => (started = resolve))
    const first = draft(prompts[2]!, 200, () => started())
    await firstStarted
    const second = await draft(long, 200)
    expect(second.promptTokens).toBeGreaterThan(batchSize)
    expect(second.reusedPromptTokens).toBe(0)
    expect(second.text).toBe(await reference(long, true))
    expect((await first).text).toBe(await reference(prompts[2]!, true))
  }, 120_000)

  it('refuses a report whose prompt and answer do not fit the context, saying by how much, and drafts the next one', async () => {
    await backend.configure(config(1))
    const huge = `Report G: ${Array.from({ length: 150 }, (_, i) => `value ${i} mmol/L;`).join(' ')}`
    const err = await backend.generate({ prompt: huge, schema: interpretationJsonSchema, temperature: 0, seed: 1, maxTokens: 200, signal: never }).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'GENERATION_FAILED', message: expect.stringMatching(/^The report is too long for the model's context: \d+ prompt tokens \+ 200 for the answer > 1024\.$/) as unknown })
    const next = await backend.generate({ prompt: prompts[0]!, schema: interpretationJsonSchema, temperature: 0, seed: 1, maxTokens: 50, signal: never })
    expect(next.outputTokens).toBe(50)
  }, 60_000)

  it('lets a report waiting for a free sequence be cancelled, and gives the sequence to the next one when it frees', async () => {
    await backend.configure(config(1))
    const draft = (prompt: string, signal: AbortSignal, onText?: () => void) =>
      backend.generate({ prompt, schema: interpretationJsonSchema, temperature: 0, seed: 1, maxTokens: 200, signal, ...(onText ? { onText } : {}) })
    let started!: () => void
    const firstStarted = new Promise<void>((resolve) => (started = resolve))
    const first = draft(prompts[0]!, never, () => started())
    await firstStarted
    // The only sequence is taken: these two wait. The first of them is cancelled while it waits.
    const controller = new AbortController()
    const cancelled = draft(prompts[1]!, controller.signal)
    let nextFirstText = 0
    const next = draft(prompts[3]!, never, () => (nextFirstText ||= performance.now()))
    controller.abort()
    await expect(cancelled).rejects.toMatchObject({ code: 'CANCELLED' })
    const a = await first
    const firstEnded = performance.now()
    expect(nextFirstText).toBe(0)
    const b = await next
    expect(nextFirstText).toBeGreaterThan(firstEnded)
    expect(a.text).toBe(await reference(prompts[0]!, true))
    expect(b.text).toBe(await reference(prompts[3]!, true))
  }, 120_000)

  it('applies the adapter as node-llama-cpp does', async () => {
    await backend.configure(config(2, 0.8))
    const text = (await backend.generate({ prompt: prompts[0]!, schema: interpretationJsonSchema, temperature: 0, seed: 1, maxTokens: 200, signal: never })).text
    expect(text).toBe(await reference(prompts[0]!, true, 0.8))
    expect(text).not.toBe(await reference(prompts[0]!, true))
  }, 120_000)

  it('ends a draft in flight when the engine reloads with a clear error, and drafts again after', async () => {
    await backend.configure(config(2))
    const started = new Promise<void>((resolve) => {
      void backend
        .generate({ prompt: prompts[1]!, schema: interpretationJsonSchema, temperature: 0, seed: 1, maxTokens: 400, signal: never, onText: () => resolve() })
        .then(
          () => (inFlight = 'finished'),
          (err: unknown) => (inFlight = err),
        )
    })
    let inFlight: unknown = null
    await started
    await backend.configure(config(2, 0.5))
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(inFlight).toMatchObject({ code: 'MODEL_NOT_READY', message: expect.stringContaining('reloaded') as unknown })
    const after = await backend.generate({ prompt: prompts[1]!, schema: interpretationJsonSchema, temperature: 0, seed: 1, maxTokens: 200, signal: never })
    expect(after.text).toBe(await reference(prompts[1]!, true, 0.5))
  }, 120_000)
})
