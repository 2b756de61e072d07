// Parallel sequences in the engine (real node-llama-cpp, generated model), as the batch queue uses them: a report
// that starts while others generate does not wait for them, every decode step hands llama.cpp its sequences in
// ascending order, and a draft written alongside others (started and cancelled mid-batch) is the one written alone.
// Readout's decode loop (src/main/llm/engine/decodeLoop.ts) owns these steps. With node-llama-cpp's own completion path
// (unpatched 3.22.1) the first two failed: a new report waited for all the others to finish, and shared steps reached
// llama.cpp as [1, 0], which it computes as two.
import { rmSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeTestModels, type TestModelPaths } from '../../scripts/make-test-models'
import type { EngineConfig, GenerateResult } from '../../src/main/llm/engine/backend'
import { NodeLlamaBackend } from '../../src/main/llm/engine/nodeLlama'
import { interpretationJsonSchema } from '../../src/shared/domain/interpretation'
import { makeTempDir } from '../helpers/services'

let dir: string
let models: TestModelPaths
let backend: NodeLlamaBackend
const never = new AbortController().signal
const config = (sequences: number): EngineConfig => ({ basePath: models.base, adapters: [], threads: 1, gpuLayers: 0, sequences, contextSize: 1024 })

/** A grammar-constrained draft, with the time its first token arrived and the time of every streamed chunk. */
async function timed(prompt: string, maxTokens: number, onFirstText?: () => void) {
  const start = performance.now()
  const chunkTimes: number[] = []
  const result: GenerateResult = await backend.generate({
    prompt,
    schema: interpretationJsonSchema,
    temperature: 0,
    seed: 1,
    maxTokens,
    signal: never,
    onText: () => {
      if (chunkTimes.length === 0) onFirstText?.()
      chunkTimes.push(performance.now())
    },
  })
  return { result, chunkTimes, firstTokenAt: start + result.timeToFirstTokenMs }
}

beforeAll(async () => {
  dir = makeTempDir('readout-batching-')
  models = await makeTestModels({ outDir: dir })
  backend = new NodeLlamaBackend()
})
afterAll(async () => {
  await backend?.dispose()
  rmSync(dir, { recursive: true, force: true })
})

describe('engine batching', () => {
  it('starts a report while another is generating, without waiting for it to finish', async () => {
    await backend.configure(config(2))
    // Both sequences hold an earlier report, so the next report on each must first erase those tokens.
    await Promise.all([timed('Report one: potassium 4.1 mmol/L.', 8), timed('Report two: sodium 140 mmol/L.', 8)])

    let startSecond!: () => void
    const secondStarted = new Promise<void>((resolve) => (startSecond = resolve))
    const long = timed('Report three: potassium 6.9 mmol/L, critical.', 300, () => startSecond())
    await secondStarted
    const short = await timed('Report four: glucose 5.2 mmol/L.', 4)
    const first = await long

    expect(first.result.outputTokens).toBeGreaterThan(100)
    expect(short.result.outputTokens).toBeGreaterThan(0)
    // Through node-llama-cpp's completion path, the second report's first token came only once the long one had ended.
    const writtenAfter = first.chunkTimes.filter((t) => t > short.firstTokenAt).length
    expect(writtenAfter).toBeGreaterThan(50)
  }, 120_000)

  it('hands llama.cpp the sequences of every decode step in ascending order', async () => {
    await backend.configure(config(2))
    // node-llama-cpp's binding object, where the batch is assembled; read here only to observe its order.
    const ctx = (backend as unknown as { context: { _ctx: Record<string, (...args: unknown[]) => unknown> } }).context._ctx
    const steps: number[][] = []
    const initBatch = ctx.initBatch!
    const addToBatch = ctx.addToBatch!
    Object.defineProperty(ctx, 'initBatch', { configurable: true, value: (...args: unknown[]) => (steps.push([]), initBatch.apply(ctx, args)) })
    Object.defineProperty(ctx, 'addToBatch', { configurable: true, value: (...args: unknown[]) => (steps.at(-1)!.push(args[0] as number), addToBatch.apply(ctx, args)) })

    // As the batch queue runs: a short report on sequence 0 and a long one on sequence 1; when the short one ends, the
    // next report takes sequence 0 and joins the long one, queued behind it.
    let startLong!: () => void
    const shortStarted = new Promise<void>((resolve) => (startLong = resolve))
    const short = timed('Report five: sodium 139 mmol/L.', 10, () => startLong())
    await shortStarted
    const long = timed('Report six: potassium 3.1 mmol/L, low.', 300)
    await short
    const next = timed('Report seven: glucose 11.2 mmol/L, high.', 150)
    await Promise.all([long, next])

    // Through node-llama-cpp's completion path no step held both (the next report waited for the long one to end), and
    // once that was patched every shared step came as [1, 0], which llama.cpp computes as two.
    const together = steps.filter((ids) => ids.length === 2)
    expect(together.length).toBeGreaterThan(20)
    expect(together.filter((ids) => ids[0]! > ids[1]!)).toEqual([])
  }, 120_000)

  it('drafts alongside other reports, some cancelled mid-batch, exactly what it drafts alone', async () => {
    await backend.configure(config(4))
    const prompts = Array.from({ length: 8 }, (_, i) => `Report ${10 + i}: potassium ${(3 + i / 5).toFixed(1)} mmol/L.`)
    const draft = (prompt: string, signal: AbortSignal) =>
      backend.generate({ prompt, schema: interpretationJsonSchema, temperature: 0, seed: 1, maxTokens: 200, signal })
    const alone: string[] = []
    for (const p of prompts) alone.push((await draft(p, never)).text)

    // Four workers, each starting its next report the moment one ends; every third report is cancelled shortly after it
    // starts, so sequences erase and restart between other sequences' steps.
    const together: { index: number; text: string }[] = []
    let cancelled = 0
    let next = 0
    const worker = async () => {
      for (let j = next++; j < prompts.length * 2; j = next++) {
        const controller = new AbortController()
        if (j % 3 === 2) setTimeout(() => controller.abort(), 5 + (j % 4) * 5)
        try {
          together.push({ index: j % prompts.length, text: (await draft(prompts[j % prompts.length]!, controller.signal)).text })
        } catch (err) {
          expect(err).toMatchObject({ code: 'CANCELLED' })
          cancelled++
        }
      }
    }
    await Promise.all([worker(), worker(), worker(), worker()])

    expect(together.length + cancelled).toBe(prompts.length * 2)
    expect(together.length).toBeGreaterThanOrEqual(prompts.length)
    expect(cancelled).toBeGreaterThan(0)
    for (const { index, text } of together) expect(text).toBe(alone[index])
  }, 120_000)
})
