// Benchmark: where a generation step's time goes, at 1 and 4 sequences: llama.cpp's decode against Readout's own work
// (sampling, the decode loop's bookkeeping, the event-loop turn between steps). Runs the engine in this process (the
// app runs it in a process of its own; the work per step is the same) and times the context binding's calls, which
// the decode loop makes through node-llama-cpp's internal binding. Prints figures.
// Run: npx vite-node bench/llm-steps.bench.ts -- [--threads 2] [--rounds 3]
import { availableParallelism } from 'node:os'
import { parseArgs } from 'node:util'
import { DEFAULT_TEST_MODELS_DIR, makeTestModels } from '../scripts/make-test-models'
import { NodeLlamaBackend } from '../src/main/llm/engine/nodeLlama'

const { values } = parseArgs({ options: { threads: { type: 'string' }, rounds: { type: 'string' } }, allowPositionals: true, strict: false })
const THREADS = Number(values.threads ?? Math.min(2, availableParallelism()))
const ROUNDS = Number(values.rounds ?? 3)
const TOKENS = 128
const never = new AbortController().signal
const f2 = (n: number) => n.toFixed(2)

type Binding = Record<string, (...args: unknown[]) => unknown>

/** Wraps the binding's decode and sampling calls with timers (own properties shadow the read-only prototype methods). */
function timeBinding(binding: Binding) {
  const t = { decodeMs: 0, sampleMs: 0, steps: 0 }
  for (const [name, key] of [['decodeBatch', 'decodeMs'], ['sampleToken', 'sampleMs']] as const) {
    const original = binding[name]!
    Object.defineProperty(binding, name, {
      configurable: true,
      value: async (...args: unknown[]) => {
        const start = performance.now()
        try {
          return await original.apply(binding, args)
        } finally {
          t[key] += performance.now() - start
          if (name === 'decodeBatch') t.steps++
        }
      },
    })
  }
  return t
}

async function main() {
  const { bench: model } = await makeTestModels({ outDir: DEFAULT_TEST_MODELS_DIR, bench: true })
  if (!model) throw new Error('no bench model')
  console.log(`model: ${model}, threads ${THREADS}, ${TOKENS} tokens per sequence, ${ROUNDS} rounds`)
  const backend = new NodeLlamaBackend()
  const rows: Record<number, { step: number; decode: number; own: number }[]> = { 1: [], 4: [] }
  for (let round = 0; round < ROUNDS; round++) {
    for (const n of [1, 4]) {
      await backend.configure({ basePath: model, adapters: [], threads: THREADS, gpuLayers: 'auto', sequences: n, contextSize: 2048 })
      const binding = (backend as unknown as { context: { _ctx: Binding } }).context._ctx
      const t = timeBinding(binding)
      const t0 = performance.now()
      await Promise.all(
        Array.from({ length: n }, (_, i) => backend.generate({ prompt: `Round ${round}, report ${i}: potassium ${4 + i} mmol/L.`, temperature: 0, seed: i, maxTokens: TOKENS, signal: never })),
      )
      const wall = performance.now() - t0
      rows[n]!.push({ step: wall / t.steps, decode: t.decodeMs / t.steps, own: (wall - t.decodeMs) / t.steps })
    }
  }
  await backend.dispose()
  for (const n of [1, 4]) {
    const r = rows[n]!
    const range = (key: 'step' | 'decode' | 'own') => `${f2(Math.min(...r.map((x) => x[key])))}–${f2(Math.max(...r.map((x) => x[key])))}`
    const share = r.map((x) => x.decode / x.step)
    console.log(
      `${n} sequence${n === 1 ? '' : 's'}: step ${range('step')} ms, of it llama.cpp's decode ${range('decode')} ms ` +
        `(${(Math.min(...share) * 100).toFixed(1)}–${(Math.max(...share) * 100).toFixed(1)}%), Readout's own work ${range('own')} ms`,
    )
  }
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
