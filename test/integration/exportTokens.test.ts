// Token lengths in the export from the selected base model's own tokenizer (vocabulary only, the real node-llama-cpp
// with the generated test model): each item's count is the model's tokenization of its exported prompt plus target
// (the instruction block counted once per export, adding up exactly), a row longer than the context is dropped and
// counted, and without a usable model the report says "estimated".
import { copyFileSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { getLlama, LlamaLogLevel, type Llama, type LlamaModel } from 'node-llama-cpp'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { makeTestModels, type TestModelPaths } from '../../scripts/make-test-models'
import { EXPORT_FORMATS } from '../../src/main/export/formats'
import { DEFAULT_RATIOS } from '../../src/main/export/hygiene/split'
import { runExport, type ExportOptions } from '../../src/main/export/pipeline'
import { openTokenCounter } from '../../src/main/export/tokens/modelTokenizer'
import type { ExportItem } from '../../src/main/export/types'
import { tokenizePrompt } from '../../src/main/llm/engine/promptTokens'
import { renderChatPrompt } from '../../src/main/llm/prompt'
import { readChatTemplate } from '../../src/main/llm/registry/chatTemplate'
import { addModel, useModels } from '../../src/main/llm/registry/registry'
import { openDatabase, type Db } from '../../src/main/store/db'
import { listSource, seedPatients, SYSTEM, syntheticItem } from '../helpers/exportItems'
import { makeTempDir } from '../helpers/services'

let modelDir: string
let models: TestModelPaths
let llama: Llama
/** The whole model (weights too), loaded apart from the export's vocabulary-only copy: the reference tokenization. */
let reference: LlamaModel
let items: ExportItem[]
let dir: string
let db: Db

beforeAll(async () => {
  modelDir = makeTempDir('readout-export-tokens-models-')
  models = await makeTestModels({ outDir: modelDir })
  llama = await getLlama({ gpu: false, build: 'never', logLevel: LlamaLogLevel.error })
  reference = await llama.loadModel({ modelPath: models.base, gpuLayers: 0 })
  const chat = await readChatTemplate(models.base, 'export-tokens-base')
  if (!chat) throw new Error('the test base model has a chat template')
  // Accepted drafts (one supervised row each, so each item's length is its prompt + that row's target), prompts of
  // different lengths rendered with the model's own template, one patient each.
  items = Array.from({ length: 8 }, (_, i) => {
    const item = syntheticItem(i, { outcomeOf: () => 'accepted_unchanged', patientOf: (n) => n + 1, padding: i * 15 })
    const user = item.draft!.prompt.user
    const rendered = renderChatPrompt(chat, [
      { role: 'system', content: SYSTEM },
      { role: 'user', content: user },
    ])
    return { ...item, draft: { ...item.draft!, prompt: { system: SYSTEM, user, rendered, origin: 'chat' as const } } }
  })
}, 120_000)
afterAll(async () => {
  await reference?.dispose()
  await llama?.dispose()
  rmSync(modelDir, { recursive: true, force: true })
})

beforeEach(() => {
  dir = makeTempDir('readout-export-tokens-')
  db = openDatabase(join(dir, 'readout.db'))
  seedPatients(db, 20)
  return () => {
    db.close()
    rmSync(dir, { recursive: true, force: true })
  }
})

const opts = (out: string, extra: Partial<ExportOptions>): ExportOptions => ({
  formats: [...EXPORT_FORMATS],
  outDir: join(dir, out),
  seed: 3,
  ratios: DEFAULT_RATIOS,
  sinceExportId: null,
  filters: {},
  deidentify: true,
  minimumPerCondition: 1,
  contextSize: 8192,
  zip: false,
  actor: 'ml.user',
  appVersion: '0.0.0-test',
  ...extra,
})

/** Each exported item's length by the reference model: its trl-prompt-completion line's prompt (as the engine reads a chat prompt) + completion. */
function referenceLengths(out: string): number[] {
  const folder = join(out, 'trl-prompt-completion')
  return readdirSync(folder).flatMap((f) =>
    readFileSync(join(folder, f), 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => {
        const row = JSON.parse(l) as { prompt: string; completion: string }
        return tokenizePrompt(reference, row.prompt, 'chat-template').tokens.length + reference.tokenize(row.completion, false, 'trimLeadingSpace').length
      }),
  )
}

async function selectTestModel(): Promise<void> {
  const base = await addModel(db, models.base)
  await useModels(db, base.id, [])
}

describe("token lengths from the base model's tokenizer", () => {
  it("count each item as the model's tokenization of its exported prompt plus target", async () => {
    await selectTestModel()
    const tokens = await openTokenCounter(db)
    expect(tokens.counter.method).toBe('tokenizer')
    const r = await runExport(db, listSource(items), opts('counted', { tokens: tokens.counter })).finally(() => tokens.close())
    const expected = referenceLengths(join(dir, 'counted'))
    expect(expected).toHaveLength(items.length)
    expect(r.quality.tokens).toMatchObject({
      method: 'tokenizer',
      count: items.length,
      min: Math.min(...expected),
      max: Math.max(...expected),
      mean: Math.round(expected.reduce((a, b) => a + b, 0) / expected.length),
    })
    // The instruction block (the system message, the same for every item) was tokenized once, not once per item.
    expect(tokens.counter.stats().characters).toBeLessThan(items.length * SYSTEM.length)
    expect(r.quality.tokens.counter).toMatch(/^the tokenizer of the base model "readout-test-base" \(SHA-256 [0-9a-f]{12}…\)$/)
    const card = readFileSync(join(dir, 'counted', 'DATASET.md'), 'utf8')
    expect(card).toContain("counted with the base model's tokenizer")
    expect(card).not.toMatch(/estimated/i)
  })

  it('drops and counts the items longer than the context, by real counts', async () => {
    await selectTestModel()
    const first = await openTokenCounter(db)
    await runExport(db, listSource(items), opts('all', { tokens: first.counter })).finally(() => first.close())
    const lengths = referenceLengths(join(dir, 'all')).sort((a, b) => a - b)
    // A context just below the third-longest item: the three longest do not fit.
    const context = lengths[lengths.length - 3]! - 1
    const tokens = await openTokenCounter(db)
    const r = await runExport(db, listSource(items), opts('fit', { tokens: tokens.counter, contextSize: context })).finally(() => tokens.close())
    expect(r.dropped.too_long).toBe(3)
    expect(r.quality.tokens.droppedTooLong).toBe(3)
    expect(r.quality.tokens.max).toBe(lengths[lengths.length - 4])
    expect(r.quality.warnings).toContain(`3 items dropped: longer than the context of ${context} tokens`)
  })
})

describe('without a usable base model', () => {
  it('estimates, and the quality report and DATASET.md say so and why', async () => {
    const none = await openTokenCounter(db)
    expect(none.counter.description).toBe('estimated (characters / 3): no base model is selected on the Models page')
    const r = await runExport(db, listSource(items), opts('estimated', { tokens: none.counter }))
    expect(r.quality.tokens.method).toBe('estimated')
    expect(r.quality.warnings).toContain('token lengths are estimated (characters / 3): no base model is selected on the Models page')
    const card = readFileSync(join(dir, 'estimated', 'DATASET.md'), 'utf8')
    expect(card).toContain('**estimated**, not counted with a tokenizer')
    expect(card).toContain('Token counts are estimated (characters / 3): no base model is selected')
  })

  it('estimates when the selected model file is gone', async () => {
    const copy = join(dir, 'base-copy.gguf')
    copyFileSync(models.base, copy)
    const base = await addModel(db, copy)
    await useModels(db, base.id, [])
    rmSync(copy)
    const gone = await openTokenCounter(db)
    expect(gone.counter.method).toBe('estimated')
    expect(gone.counter.description).toMatch(/^estimated \(characters \/ 3\): the base model "readout-test-base" cannot be used \(The base model file .* is not there any more/)
  })
})
