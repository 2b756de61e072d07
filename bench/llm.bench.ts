// Benchmark: inference inside Readout (node-llama-cpp in the engine process, exactly as the app runs it) against
// llama.cpp's own llama-bench on the generated ~164 M-parameter F16 model, same threads; time to first token with
// the instruction prefix reused vs cold; batch throughput at 1, 2 and 4 sequences; grammar-constrained vs
// unconstrained generation; the batch as the queue runs it (reports starting while others are mid-draft). Prints figures.
// Run: npm run build && npm run build-llama-cpp && npx vite-node bench/llm.bench.ts -- [--threads 2]
// For the same compiled code on both sides, also build the engine for this machine first: npm run build-engine.
import { execFileSync } from 'node:child_process'
import { existsSync, renameSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { DEFAULT_TEST_MODELS_DIR, makeTestModels, REPO_ROOT } from '../scripts/make-test-models'
import { llamaCppBin } from '../scripts/llamaCppCache'
import { interpretationJsonSchema } from '../src/shared/domain/interpretation'
import { ProcessBackend } from '../src/main/llm/engine/processBackend'
import { builtEntries } from '../src/main/services'
import type { EngineConfig } from '../src/main/llm/engine/backend'
import { DEFAULT_TEMPLATE, messageTemplates, promptForModel, type ChatMessage } from '../src/main/llm/prompt'
import { readChatTemplate } from '../src/main/llm/registry/chatTemplate'

const { values } = parseArgs({ options: { threads: { type: 'string' } }, allowPositionals: true, strict: false })
const THREADS = Number(values.threads ?? Math.min(2, availableParallelism()))
const PP_TOKENS = 512
const TG_TOKENS = 128

const f1 = (n: number) => n.toFixed(1)
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const ROUNDS = 9
const BATCH_ROUNDS = 5
const never = new AbortController().signal


function llamaBench(model: string): { pp: number; tg: number; tgDeep: number } | null {
  const bin = llamaCppBin('llama-bench')
  if (!existsSync(bin)) {
    console.log(`llama-bench not built (${bin}): run 'npm run build-llama-cpp' for the comparison`)
    return null
  }
  const run = (args: string[]) =>
    JSON.parse(execFileSync(bin, ['-m', model, '-t', String(THREADS), '-r', '1', '-o', 'json', ...args], { encoding: 'utf8' })) as { n_prompt: number; n_gen: number; avg_ts: number }[]
  const rows = run(['-p', String(PP_TOKENS), '-n', String(TG_TOKENS)])
  // tg128 at a depth of 512: generation with a report-sized prompt already in the KV cache, as Readout drafts.
  const deep = run(['-p', '0', '-n', String(TG_TOKENS), '-d', String(PP_TOKENS)])
  return { pp: rows.find((r) => r.n_prompt > 0)!.avg_ts, tg: rows.find((r) => r.n_gen > 0)!.avg_ts, tgDeep: deep[0]!.avg_ts }
}

/** llama.cpp's own parallel generation (llama-batched-bench): generation tokens/s at each number of sequences. */
function llamaBatchedBench(model: string, sequences: number[]): Record<number, number> | null {
  const bin = llamaCppBin('llama-batched-bench')
  if (!existsSync(bin)) return null
  const args = ['-m', model, '-t', String(THREADS), '-c', '4096', '-npp', '16', '-ntg', String(TG_TOKENS), '-npl', sequences.join(','), '--output-format', 'jsonl']
  const out = execFileSync(bin, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
  const rows = out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { pl: number; speed_tg: number })
  return Object.fromEntries(rows.map((r) => [r.pl, r.speed_tg]))
}

/**
 * Batch throughput: N sequences generating TG_TOKENS each at once, from new short prompts (their evaluation is counted
 * too). The machine's speed drifts from minute to minute, so 1, 2 and 4 sequences run in alternation, `rounds` times,
 * each round followed by llama.cpp's own llama-batched-bench; the medians are compared, and so are the rounds' own
 * 4-vs-1 ratios.
 */
async function batchScaling(backend: ProcessBackend, path: string, format: string, rounds: number): Promise<void> {
  const counts = [1, 2, 4] as const
  const batchRuns: Record<number, number>[] = []
  const genRuns: Record<number, number>[] = []
  const refRuns: Record<number, number>[] = []
  for (let round = 0; round < rounds; round++) {
    const rates: Record<number, number> = {}
    const genRates: Record<number, number> = {}
    for (const n of counts) {
      await backend.configure({ basePath: path, adapters: [], threads: THREADS, gpuLayers: 'auto', sequences: n, contextSize: 2048 })
      const t0 = performance.now()
      const results = await Promise.all(
        Array.from({ length: n }, (_, i) =>
          backend.generate({ prompt: `Round ${round}, report ${i}: potassium ${4 + i} mmol/L.`, temperature: 0, seed: i, maxTokens: TG_TOKENS, signal: never }),
        ),
      )
      rates[n] = (results.reduce((sum, r) => sum + r.outputTokens, 0) * 1000) / (performance.now() - t0)
      // Generation alone, prompts and first tokens left out: what llama-batched-bench's S_TG counts.
      genRates[n] = results.reduce((sum, r) => sum + r.tokensPerSecond, 0)
    }
    batchRuns.push(rates)
    genRuns.push(genRates)
    const ref = llamaBatchedBench(path, [...counts])
    if (ref) refRuns.push(ref)
}
const batchRate = (n: number) => median(batchRuns.map((r) => r[n]!))
for (const n of counts) {
  console.log(`${format} batch ${n} sequence(s): ${f1(batchRate(n))} tokens/s in total (median of ${batchRuns.map((r) => f1(r[n]!)).join(', ')}; ${n} × ${TG_TOKENS} tokens)`)
}
console.log(
  `${format} 4 sequences vs 1: ${(batchRate(4) / batchRate(1)).toFixed(2)}× (target ≥ 2×); median of the ${rounds} rounds' own ratios ` +
    `${median(batchRuns.map((r) => r[4]! / r[1]!)).toFixed(2)}× (${batchRuns.map((r) => (r[4]! / r[1]!).toFixed(2)).join(', ')})`,
)
const genRate = (n: number) => median(genRuns.map((r) => r[n]!))
console.log(
  `${format} generation alone (prompts left out): 1 sequence ${f1(genRate(1))}, 2 ${f1(genRate(2))}, 4 ${f1(genRate(4))} tokens/s; 4 vs 1: ${(genRate(4) / genRate(1)).toFixed(2)}×`,
)
// What llama.cpp itself gets from parallel sequences on this machine, as the ceiling for the figures above.
if (refRuns.length) {
  const ref = (n: number) => median(refRuns.map((r) => r[n]!))
  console.log(
    `${format} llama-batched-bench generation: 1 sequence ${f1(ref(1))}, 2 ${f1(ref(2))}, 4 ${f1(ref(4))} tokens/s (medians of ${refRuns.length}); ` +
      `4 vs 1: ${(ref(4) / ref(1)).toFixed(2)}× (llama.cpp's own scaling here); readout's generation alone / llama.cpp at 1, 2, 4 sequences: ` +
      counts.map((n) => (genRate(n) / ref(n)).toFixed(2)).join(', '),
  )
} else console.log("llama-batched-bench not built: run 'npm run build-llama-cpp' for llama.cpp's own scaling")
}

/** Weight formats the batch section also measures, as copies made by llama.cpp's llama-quantize. */
const OTHER_FORMATS = ['BF16', 'Q8_0'] as const

/** A copy of the model in another weight format (made once, next to it), or null without llama-quantize. */
function weightsCopy(model: string, format: string): string | null {
  const out = model.replace(/(-f16)?\.gguf$/, `-${format.toLowerCase()}.gguf`)
  if (existsSync(out)) return out
  const bin = llamaCppBin('llama-quantize')
  if (!existsSync(bin)) {
    console.log(`llama-quantize not built (${bin}): no ${format} copy of the model to measure`)
    return null
  }
  execFileSync(bin, ['--allow-requantize', model, `${out}.tmp`, format], { stdio: 'ignore' })
  renameSync(`${out}.tmp`, out)
  return out
}

// Filler text the tokenizer splits into many tokens, for prompt-processing runs.
const filler = (n: number) => Array.from({ length: n }, (_, i) => `value ${i % 97} mmol/L normal;`).join(' ')

async function main() {
  const { bench: model } = await makeTestModels({ outDir: DEFAULT_TEST_MODELS_DIR, bench: true })
  if (!model) throw new Error('no bench model')
  console.log(`model: ${model} (~164 M parameters, F16), threads ${THREADS}`)

  const hostPath = builtEntries(join(REPO_ROOT, 'out', 'main')).llmHostPath
  if (!existsSync(hostPath)) throw new Error(`${hostPath} is missing: run 'npm run build' first`)
  const backend = new ProcessBackend({ hostPath })
  const config = (sequences: number): EngineConfig => ({ basePath: model, adapters: [], threads: THREADS, gpuLayers: 'auto', sequences, contextSize: 2048 })

  // Prompt processing and generation, one sequence, no grammar: the same work llama-bench does (pp512 from an
  // empty context, then tg128). The filler is sized to 512 tokens from a first measurement of its length. This
  // 2-vCPU machine's speed drifts by ±10% from minute to minute, so llama-bench and Readout run in alternation,
  // ROUNDS times; the medians are compared, and so are the rounds' own ratios.
  await backend.configure(config(1))
  const status = await backend.status()
  console.log(
    `readout engine: ${status.binary === 'localBuild' ? 'built on this machine (npm run build-engine)' : "node-llama-cpp's prebuilt binary"}, ` +
      `decoding and sampling ${status.inlineSteps ? "on the engine process's thread" : "on node-llama-cpp's thread pool"}`,
  )
  const probe = await backend.generate({ prompt: `probe ${filler(40)}`, temperature: 0, seed: 1, maxTokens: 1, signal: never })
  const items = Math.round((40 * (PP_TOKENS - 2)) / probe.promptTokens)
  const rows: { pp: number; tg: number; tgDeep: number; refPp?: number; refTg?: number; refTgDeep?: number }[] = []
  for (let run = 0; run < ROUNDS; run++) {
    const ref = llamaBench(model)
    // A different first word each run: nothing of the previous prompt is reused. The tokens generated after this
    // 512-token prompt give generation at a report's depth; the short prompt after it, generation from an
    // (almost) empty context, which is what llama-bench's plain tg128 measures.
    const p = await backend.generate({ prompt: `run${run} ${filler(items)}`, temperature: 0, seed: 1, maxTokens: TG_TOKENS, signal: never })
    const g = await backend.generate({ prompt: `Summary ${run}:`, temperature: 0, seed: 1, maxTokens: TG_TOKENS, signal: never })
    if (run === 0) console.log(`prompt of ${p.promptTokens} tokens (${p.outputTokens} generated after it); short prompt, ${g.outputTokens} generated`)
    rows.push({ pp: (p.promptTokens * 1000) / p.timeToFirstTokenMs, tg: g.tokensPerSecond, tgDeep: p.tokensPerSecond, refPp: ref?.pp, refTg: ref?.tg, refTgDeep: ref?.tgDeep })
  }
  const list = (xs: number[]) => xs.map(f1).join(', ')
  const ppRate = median(rows.map((r) => r.pp))
  const tgRate = median(rows.map((r) => r.tg))
  const tgDeepRate = median(rows.map((r) => r.tgDeep))
  console.log(`readout: prompt processing ${f1(ppRate)} tokens/s (median of ${list(rows.map((r) => r.pp))}), generation ${f1(tgRate)} tokens/s (median of ${list(rows.map((r) => r.tg))})`)
  console.log(`readout: generation after the ${PP_TOKENS}-token prompt ${f1(tgDeepRate)} tokens/s (median of ${list(rows.map((r) => r.tgDeep))})`)
  if (rows[0]!.refPp !== undefined) {
    const refPp = median(rows.map((r) => r.refPp!))
    const refTg = median(rows.map((r) => r.refTg!))
    const refTgDeep = median(rows.map((r) => r.refTgDeep!))
    console.log(`llama-bench: prompt processing ${f1(refPp)} tokens/s (pp${PP_TOKENS}, median of ${list(rows.map((r) => r.refPp!))}), generation ${f1(refTg)} tokens/s (tg${TG_TOKENS}, median of ${list(rows.map((r) => r.refTg!))})`)
    console.log(`llama-bench: generation at depth ${PP_TOKENS} ${f1(refTgDeep)} tokens/s (tg${TG_TOKENS} -d ${PP_TOKENS}, median of ${list(rows.map((r) => r.refTgDeep!))})`)
    console.log(`ratio readout/llama-bench: pp ${(ppRate / refPp).toFixed(2)} (target ≥ 0.90), tg ${(tgRate / refTg).toFixed(2)} (target ≥ 0.95), tg at depth ${PP_TOKENS} ${(tgDeepRate / refTgDeep).toFixed(2)}`)
    // Each round's pair ran within seconds of each other, so their ratio is less exposed to the machine's drift.
    const paired = (key: 'pp' | 'tg' | 'tgDeep', ref: 'refPp' | 'refTg' | 'refTgDeep') => median(rows.map((r) => r[key] / r[ref]!)).toFixed(2)
    console.log(`median of the ${ROUNDS} rounds' own ratios: pp ${paired('pp', 'refPp')}, tg ${paired('tg', 'refTg')}, tg at depth ${PP_TOKENS} ${paired('tgDeep', 'refTgDeep')}`)
  }

  // Time to first token for a typical report: shared instruction prefix already evaluated vs evaluated afresh. As
  // drafts are: the instructions and the report as messages, rendered with the chat template read from the model file.
  const { system } = messageTemplates(DEFAULT_TEMPLATE)
  const chat = await readChatTemplate(model, 'bench-model')
  const user = (n: number) => `REPORT\n[O1] Potassium (LOINC 2823-3): ${4 + n / 10} mmol/L; reference 3.5 to 5.1 mmol/L\n[O2] Sodium (LOINC 2951-2): 14${n} mmol/L\n\nDRAFT (JSON)`
  const report = (n: number) => {
    const messages: ChatMessage[] = [
      { role: 'system', content: system },
      { role: 'user', content: user(n) },
    ]
    const fed = promptForModel({ text: `${system}\n\n${user(n)}\n`, messages }, chat)
    return { prompt: fed.prompt, promptFormat: fed.promptFormat, messages }
  }
  await backend.configure(config(2))
  await backend.configure(config(1))
  const cold = await backend.generate({ ...report(1), temperature: 0, seed: 1, maxTokens: 1, signal: never })
  const warm = await backend.generate({ ...report(2), temperature: 0, seed: 1, maxTokens: 1, signal: never })
  console.log(
    `time to first token (${chat ? 'chat-template' : 'raw'} prompt): cold ${f1(cold.timeToFirstTokenMs)} ms, prefix reused ${f1(warm.timeToFirstTokenMs)} ms (${warm.reusedPromptTokens} of ${warm.promptTokens} prompt tokens reused) = ${(warm.timeToFirstTokenMs / cold.timeToFirstTokenMs).toFixed(2)}× (target ≤ 0.5×)`,
  )

  // Batch throughput, on the benchmark model and on copies of it in other weight formats (how well a CPU computes
  // several sequences' tokens in one step depends on the format's kernels).
  await batchScaling(backend, model, 'F16', BATCH_ROUNDS)
  for (const format of OTHER_FORMATS) {
    const copy = weightsCopy(model, format)
    if (copy) await batchScaling(backend, copy, format, 3)
  }

  // The batch as the queue runs it: 16 drafts with the interpretation grammar, of mixed lengths, each worker taking the
  // next report the moment its last one ends, so reports start while others are mid-draft.
  const queueRate = async (parallel: number) => {
    await backend.configure(config(parallel))
    const lengths = Array.from({ length: 16 }, (_, i) => [40, 160, 80, 120][i % 4]!)
    let next = 0
    let tokens = 0
    const t0 = performance.now()
    const worker = async () => {
      for (let j = next++; j < lengths.length; j = next++) {
        const prompt = `Report ${j}: potassium ${4 + (j % 7) / 10} mmol/L, sodium ${135 + (j % 9)} mmol/L.`
        const r = await backend.generate({ prompt, schema: interpretationJsonSchema, temperature: 0, seed: j, maxTokens: lengths[j]!, signal: never })
        tokens += r.outputTokens
      }
    }
    await Promise.all(Array.from({ length: parallel }, worker))
    return (tokens * 1000) / (performance.now() - t0)
  }
  const queued1 = await queueRate(1)
  const queued4 = await queueRate(4)
  console.log(`batch as the queue runs it (16 drafts of 40-160 tokens, mixed): 1 at a time ${f1(queued1)} tokens/s, 4 at a time ${f1(queued4)} tokens/s = ${(queued4 / queued1).toFixed(2)}×`)

  // Grammar-constrained vs unconstrained generation.
  await backend.configure(config(1))
  const free = await backend.generate({ prompt: 'Draft:', temperature: 0, seed: 3, maxTokens: TG_TOKENS, signal: never })
  const constrained = await backend.generate({ prompt: 'Draft:', schema: interpretationJsonSchema, temperature: 0, seed: 3, maxTokens: TG_TOKENS, signal: never })
  console.log(`generation: unconstrained ${f1(free.tokensPerSecond)} tokens/s, with the interpretation grammar ${f1(constrained.tokensPerSecond)} tokens/s`)
  await backend.dispose()
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
