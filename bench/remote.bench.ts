// Benchmark: drafts through a remote llama-server against the local engine on the same model and machine: tokens per
// second at 1 and 4 concurrent drafts (interpretation grammar, report-shaped prompts), and the client's own overhead
// per remote draft (wall time beyond the server's own prompt + generation time, and the client's CPU time). Prints figures.
// Run: npm run build && npm run build-llama-cpp && npx vite-node bench/remote.bench.ts -- [--threads 2] [--rounds 3]
import { existsSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { DEFAULT_TEST_MODELS_DIR, makeTestModels, REPO_ROOT } from '../scripts/make-test-models'
import type { EngineConfig, GenerateResult, LlmBackend } from '../src/main/llm/engine/backend'
import { ProcessBackend } from '../src/main/llm/engine/processBackend'
import { DEFAULT_TEMPLATE, splitTemplate } from '../src/main/llm/prompt'
import { RemoteLlmBackend } from '../src/main/llm/remote/remoteBackend'
import { builtEntries } from '../src/main/services'
import { interpretationJsonSchema } from '../src/shared/domain/interpretation'
import { llamaServerMissing, startLlamaServer } from '../test/helpers/llamaServer'

const { values } = parseArgs({ options: { threads: { type: 'string' }, rounds: { type: 'string' } }, allowPositionals: true, strict: false })
const THREADS = Number(values.threads ?? Math.min(2, availableParallelism()))
const ROUNDS = Number(values.rounds ?? 3)
const MAX_TOKENS = 160
const never = new AbortController().signal
const f1 = (n: number) => n.toFixed(1)
const f2 = (n: number) => n.toFixed(2)
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

const { prefix } = splitTemplate(DEFAULT_TEMPLATE)
let serial = 0
/** A report-shaped prompt: the shared instruction prefix, then values that differ from draft to draft. */
const prompt = () => {
  const n = serial++
  return `${prefix}\nREPORT ${n}\n[O1] Potassium (LOINC 2823-3): ${(3.5 + (n % 20) / 10).toFixed(1)} mmol/L; reference 3.5 to 5.1 mmol/L\n[O2] Sodium (LOINC 2951-2): ${130 + (n % 15)} mmol/L\nDRAFT (JSON)\n`
}

async function drafts(backend: LlmBackend, n: number): Promise<{ tokensPerSecond: number; results: GenerateResult[]; cpuMs: number }> {
  const cpu = process.cpuUsage()
  const start = performance.now()
  const results = await Promise.all(
    Array.from({ length: n }, () => backend.generate({ prompt: prompt(), schema: interpretationJsonSchema, temperature: 0, seed: 1, maxTokens: MAX_TOKENS, signal: never })),
  )
  const wall = (performance.now() - start) / 1000
  const used = process.cpuUsage(cpu)
  return { tokensPerSecond: results.reduce((s, r) => s + r.outputTokens, 0) / wall, results, cpuMs: (used.user + used.system) / 1000 }
}

async function main() {
  const missing = llamaServerMissing()
  if (missing) {
    console.log(missing)
    return
  }
  const hostPath = builtEntries(join(REPO_ROOT, 'out', 'main')).llmHostPath
  if (!existsSync(hostPath)) throw new Error(`${hostPath} is missing: run 'npm run build' first`)
  const { bench: model } = await makeTestModels({ outDir: DEFAULT_TEST_MODELS_DIR, bench: true })
  if (!model) throw new Error('no bench model')
  console.log(`model: ${model} (~164 M parameters, F16), threads ${THREADS}, ${MAX_TOKENS} tokens at most per draft, interpretation grammar, ${ROUNDS} rounds`)

  // The server's own log off: it is piped into this process, whose CPU time is what the client overhead measures.
  const server = await startLlamaServer({ model, slots: 5, threads: THREADS, contextSize: 2048, extraArgs: ['--log-disable'] })
  const local = new ProcessBackend({ hostPath })
  const endpoint = {
    id: 1,
    name: 'bench',
    kind: 'llama-server' as const,
    baseUrl: server.url,
    model: 'bench',
    adapterMap: {},
    caBundlePath: null,
    allowInsecureHttp: false,
    apiKey: { stored: false, hint: null },
    createdAt: '',
    updatedAt: '',
  }
  const remote = new RemoteLlmBackend({ endpoint, apiKey: null, caBundle: null })
  const config: EngineConfig = { basePath: model, adapters: [], threads: THREADS, gpuLayers: 'auto', sequences: 5, contextSize: 2048 }
  try {
    await local.configure(config)
    await remote.configure(config)
    // Warm both, then alternate, so the machine's drift hits both alike. Four at once: llama-server keeps a prompt cache per
    // slot (the instruction block is evaluated once per slot), while the local engine shares it across its sequences; a
    // warm-up of one draft would leave three of the server's slots cold and charge the first 4-concurrent round for it.
    await drafts(local, 4)
    await drafts(remote, 4)
    const rows: Record<string, number[]> = { local1: [], remote1: [], local4: [], remote4: [] }
    const overheadMs: number[] = []
    const cpuPerDraftMs: number[] = []
    for (let round = 0; round < ROUNDS; round++) {
      for (const n of [1, 4]) {
        rows[`local${n}`]!.push((await drafts(local, n)).tokensPerSecond)
        const r = await drafts(remote, n)
        rows[`remote${n}`]!.push(r.tokensPerSecond)
        // Each round as it ends: on a busy shared machine a run may be cut short, and its rounds still count.
        console.log(`round ${round + 1}, ${n} concurrent: local ${f1(rows[`local${n}`]!.at(-1)!)} tokens/s, remote ${f1(r.tokensPerSecond)} tokens/s`)
        if (n === 1) {
          const d = r.results[0]!
          overheadMs.push(d.wallMs - (d.remote?.serverMs ?? d.wallMs))
          cpuPerDraftMs.push(r.cpuMs)
          console.log(`round ${round + 1}: client overhead ${f2(overheadMs.at(-1)!)} ms beyond the server's time, client CPU ${f2(r.cpuMs)} ms for the draft`)
        }
      }
    }
    for (const n of [1, 4]) {
      const l = median(rows[`local${n}`]!)
      const r = median(rows[`remote${n}`]!)
      console.log(
        `${n} concurrent draft${n === 1 ? '' : 's'}: local ${f1(l)} tokens/s (${rows[`local${n}`]!.map(f1).join(', ')}), remote llama-server ${f1(r)} tokens/s (${rows[`remote${n}`]!.map(f1).join(', ')}); remote/local ${f2(r / l)}`,
      )
    }
    console.log(
      `client overhead per remote draft (wall time beyond the server's own prompt + generation time; loopback HTTP, SSE, JSON): median ${f2(median(overheadMs))} ms (${overheadMs.map(f2).join(', ')}) (target < 2 ms)`,
    )
    console.log(`client CPU time per remote draft (this process, whole draft: HTTP, SSE parsing, JSON, validation): median ${f2(median(cpuPerDraftMs))} ms (${cpuPerDraftMs.map(f2).join(', ')})`)
    console.log(
      "  the wall-time figure also holds the server's work outside its own timings (request parsing, JSON schema to grammar, tokenizing the prompt, slot wait);" +
        " the CPU time is this process's alone, so it bounds what the client adds to a draft",
    )
  } finally {
    await remote.dispose()
    await local.dispose()
    await server.stop()
  }
}

void main().catch((err: unknown) => {
  console.error(err)
  process.exitCode = 1
})
