// Benchmark: drafts through a remote llama-server against the local engine on the same model and machine: tokens per
// second at 1 and 4 concurrent drafts (interpretation grammar, report-shaped prompts), and the client's own overhead
// per remote draft: its wall time beyond the server's own prompt + generation time, minus that of a bare fetch of the
// same request (paired), with the local engine closed; and the client's CPU time. Prints figures.
// Run: npm run build && npm run build-llama-cpp && npx vite-node bench/remote.bench.ts -- [--threads 2] [--rounds 3] [--pairs 12]
import { existsSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { DEFAULT_TEST_MODELS_DIR, makeTestModels, REPO_ROOT } from '../scripts/make-test-models'
import type { EngineConfig, GenerateResult, LlmBackend } from '../src/main/llm/engine/backend'
import { ProcessBackend } from '../src/main/llm/engine/processBackend'
import { DEFAULT_TEMPLATE, splitTemplate } from '../src/main/llm/prompt'
import { buildRequest } from '../src/main/llm/remote/dialect'
import { RemoteLlmBackend } from '../src/main/llm/remote/remoteBackend'
import { builtEntries } from '../src/main/services'
import { interpretationJsonSchema } from '../src/shared/domain/interpretation'
import { llamaServerMissing, startLlamaServer } from '../test/helpers/llamaServer'

const { values } = parseArgs({ options: { threads: { type: 'string' }, rounds: { type: 'string' }, pairs: { type: 'string' } }, allowPositionals: true, strict: false })
const THREADS = Number(values.threads ?? Math.min(2, availableParallelism()))
const ROUNDS = Number(values.rounds ?? 3)
const PAIRS = Number(values.pairs ?? 12)
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

/** The same request as a remote draft, sent by a bare fetch that only reads the stream: wall time beyond the server's own time. */
async function bareDraftGap(url: string): Promise<number> {
  const { path, body } = buildRequest('llama-server', { prompt: prompt(), schema: interpretationJsonSchema as never, temperature: 0, seed: 1, maxTokens: MAX_TOKENS, stream: true, model: 'bench', lora: [] })
  const start = performance.now()
  const res = await fetch(`${url}/${path}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } })
  const decoder = new TextDecoder()
  const reader = res.body!.getReader()
  let text = ''
  for (let r = await reader.read(); !r.done; r = await reader.read()) text += decoder.decode(r.value, { stream: true })
  const wall = performance.now() - start
  const t = /"prompt_ms":([\d.]+).*?"predicted_ms":([\d.]+)/s.exec(text)
  if (!t) throw new Error('llama-server sent no timings')
  return wall - Number(t[1]) - Number(t[2])
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
    for (let round = 0; round < ROUNDS; round++) {
      for (const n of [1, 4]) {
        rows[`local${n}`]!.push((await drafts(local, n)).tokensPerSecond)
        const r = await drafts(remote, n)
        rows[`remote${n}`]!.push(r.tokensPerSecond)
        // Each round as it ends: on a busy shared machine a run may be cut short, and its rounds still count.
        console.log(`round ${round + 1}, ${n} concurrent: local ${f1(rows[`local${n}`]!.at(-1)!)} tokens/s, remote ${f1(r.tokensPerSecond)} tokens/s`)
      }
    }
    for (const n of [1, 4]) {
      const l = median(rows[`local${n}`]!)
      const r = median(rows[`remote${n}`]!)
      console.log(
        `${n} concurrent draft${n === 1 ? '' : 's'}: local ${f1(l)} tokens/s (${rows[`local${n}`]!.map(f1).join(', ')}), remote llama-server ${f1(r)} tokens/s (${rows[`remote${n}`]!.map(f1).join(', ')}); remote/local ${f2(r / l)}`,
      )
    }

    // The client's overhead, measured alone: the local engine is closed first (its process tidying up after a draft
    // competes with the server for the cores and showed as ~0.6 s "outside the server's time"). Each remote draft is
    // paired with the same request sent by a bare fetch that reads the stream and nothing else; both report the wall
    // time beyond the server's own prompt + generation time, and the difference is what Readout's client adds.
    await local.dispose()
    const ours: number[] = []
    const bare: number[] = []
    const cpuPerDraftMs: number[] = []
    // One pair first, not counted: the first draft after the local engine's process closed waits ~0.5 s on it.
    await drafts(remote, 1)
    await bareDraftGap(server.url)
    for (let i = 0; i < PAIRS; i++) {
      const r = await drafts(remote, 1)
      const d = r.results[0]!
      ours.push(d.wallMs - (d.remote?.serverMs ?? d.wallMs))
      cpuPerDraftMs.push(r.cpuMs)
      bare.push(await bareDraftGap(server.url))
    }
    const diffs = ours.map((o, i) => o - bare[i]!)
    console.log(`wall time beyond the server's own time, per draft: Readout's client median ${f2(median(ours))} ms (${ours.map(f2).join(', ')}); a bare fetch of the same request ${f2(median(bare))} ms (${bare.map(f2).join(', ')})`)
    console.log(`client overhead per remote draft (Readout's client minus the bare fetch, paired): median ${f2(median(diffs))} ms (${diffs.map(f2).join(', ')}) (target < 2 ms)`)
    console.log(`client CPU time per remote draft (this process, whole draft: HTTP, SSE parsing, JSON, validation): median ${f2(median(cpuPerDraftMs))} ms (${cpuPerDraftMs.map(f2).join(', ')})`)
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
