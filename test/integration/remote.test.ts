// Remote inference through llama.cpp's real llama-server on 127.0.0.1 with the generated test models: drafts,
// provenance, equality with the local engine at temperature 0, adapters per request, the batch queue at 4 concurrent
// requests, cancel, a server killed mid-batch, a server that ignores the schema, a wrong API key. Real TCP, no mock
// of the protocol; a small proxy in the test counts concurrent requests and, for one test, strips the schema field.
import { existsSync } from 'node:fs'
import http from 'node:http'
import { basename, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADAPTER_SPEC, BASE_SPEC, loraAdapterWriter, makeTestModels, writeCached, type TestModelPaths } from '../../scripts/make-test-models'
import type { CallContext } from '../../src/main/handlers/types'
import type { Interpretation } from '../../src/shared/contract/interpret'
import type { LlmConfig, Model } from '../../src/shared/contract/models'
import type { ConnectionTest, RemoteBackend } from '../../src/shared/contract/remote'
import { InterpretationDraftSchema } from '../../src/shared/domain/interpretation'
import { oru } from '../helpers/hl7'
import { freePort, llamaServerMissing, startLlamaServer, type LlamaServerHandle } from '../helpers/llamaServer'
import { LLM_HOST_PATH, makeServices, makeTempDir, type TestServices } from '../helpers/services'

const missing = llamaServerMissing()
if (missing) console.log(`remote.test.ts skipped: ${missing}`)

const ADMIN: CallContext = { actor: 'admin1', transport: 'test', user: { id: 1, username: 'admin1', displayName: 'Admin One', roles: ['admin', 'ml', 'technician'] } }
const KEY = 'readout-test-key-0123456789'
const REPORTS = 20

let t: TestServices
let models: TestModelPaths & { adapterB: string }
let server: LlamaServerHandle
let serverArgs: Parameters<typeof startLlamaServer>[0]
let base: Model
let adapterA: Model
let adapterB: Model
let backend: RemoteBackend

async function ok<T>(method: string, input: unknown): Promise<T> {
  const r = await t.dispatch(method, input, ADMIN)
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`)
  return r.value as T
}
async function fails(method: string, input: unknown) {
  const r = await t.dispatch(method, input, ADMIN)
  if (r.ok) throw new Error(`${method} should have failed`)
  return r.error
}
const count = (sql: string, ...params: unknown[]) => (t.services.db.prepare(sql).get(...params) as { n: number }).n
const rawOutput = (id: number) => (t.services.db.prepare('SELECT raw_output FROM interpretations WHERE id = ?').get(id) as { raw_output: string }).raw_output

/** An HTTP proxy to llama-server that counts requests in flight and can rewrite a request's JSON body. */
interface Proxy {
  url: string
  maxConcurrent: number
  clientAborts: number
  /** "METHOD /path" of each request, in order. */
  requests: string[]
  reset(): void
  close(): Promise<void>
}
async function startProxy(upstream: () => string, rewrite: (body: Record<string, unknown>) => Record<string, unknown> = (b) => b): Promise<Proxy> {
  let inFlight = 0
  const p: Proxy = {
    url: '',
    maxConcurrent: 0,
    clientAborts: 0,
    requests: [],
    reset() {
      p.maxConcurrent = 0
      p.clientAborts = 0
      p.requests = []
    },
    close: () => new Promise((r) => srv.close(() => r())),
  }
  const srv = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      let body = Buffer.concat(chunks)
      if (req.method === 'POST' && body.length > 0) body = Buffer.from(JSON.stringify(rewrite(JSON.parse(body.toString()) as Record<string, unknown>)))
      inFlight++
      p.requests.push(`${req.method} ${req.url}`)
      p.maxConcurrent = Math.max(p.maxConcurrent, inFlight)
      let done = false
      const finish = () => {
        if (!done) inFlight--
        done = true
      }
      const up = http.request(`${upstream()}${req.url}`, { method: req.method, headers: { ...req.headers, 'content-length': String(body.length) } }, (ur) => {
        res.writeHead(ur.statusCode ?? 502, ur.headers)
        ur.pipe(res)
        ur.on('end', finish)
      })
      up.on('error', () => {
        finish()
        res.destroy()
      })
      res.on('close', () => {
        if (!res.writableFinished) {
          p.clientAborts++
          up.destroy()
        }
        finish()
      })
      up.end(body)
    })
  })
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()))
  p.url = `http://127.0.0.1:${(srv.address() as { port: number }).port}`
  return p
}

async function addBackend(name: string, baseUrl: string, apiKey: string | null = KEY): Promise<RemoteBackend> {
  return ok<RemoteBackend>('remote.add', {
    name,
    kind: 'llama-server',
    baseUrl,
    model: 'readout-test-base.gguf',
    apiKey,
    // Adapter A by its own file name (the default); B mapped explicitly, as a site whose server file names differ would.
    adapterMap: { [adapterB.id]: basename(models.adapterB) },
  })
}

describe.skipIf(missing !== null)('remote backend: llama-server', () => {
  let proxy: Proxy

  beforeAll(async () => {
    const dir = makeTempDir('readout-remote-')
    const made = await makeTestModels({ outDir: dir })
    const adapterBPath = join(dir, 'readout-test-adapter-b.gguf')
    await writeCached(loraAdapterWriter(BASE_SPEC, { ...ADAPTER_SPEC, name: 'readout-test-adapter-b' }), adapterBPath)
    models = { ...made, adapterB: adapterBPath }
    serverArgs = { model: models.base, adapters: [models.adapter, models.adapterB], slots: 5, threads: 1, apiKey: KEY, port: await freePort() }
    server = await startLlamaServer(serverArgs)
    proxy = await startProxy(() => server.url)
    // The local engine in its own process as in the app when the build exists (npm test builds first); otherwise the
    // same engine code in this process.
    t = makeServices({ engineProcess: existsSync(LLM_HOST_PATH), remoteTuning: { retries: 3, retryBaseMs: 100 } })
    base = await ok<Model>('models.add', { path: models.base })
    adapterA = await ok<Model>('models.add', { path: models.adapter })
    adapterB = await ok<Model>('models.add', { path: models.adapterB })
    const files = Array.from({ length: REPORTS }, (_, i) => ({
      name: `r${i}.hl7`,
      contentBase64: Buffer.from(
        oru({
          controlId: `R${i}`,
          mrn: `P${i % 5}`,
          observedAt: `202601${String(1 + i).padStart(2, '0')}0800`,
          results: [{ code: '2823-3', display: 'Potassium', value: (3.6 + i / 10).toFixed(1), unit: 'mmol/L', range: '3.5-5.1' }],
        }),
      ).toString('base64'),
    }))
    await ok('import.files', { files })
    await ok('models.configure', { temperature: 0, seed: 7, maxTokens: 2000, threads: 1, parallelism: 4 })
    backend = await addBackend('gpu-server', server.url)
  }, 120_000)

  afterAll(async () => {
    t?.cleanup()
    await proxy?.close()
    await server?.stop()
  })

  it('test connection checks reachability, model, adapters and one schema-constrained completion', async () => {
    const r = await ok<ConnectionTest>('remote.test', { id: backend.id, adapters: [{ modelId: adapterA.id, scale: 1 }, { modelId: adapterB.id, scale: 0.5 }] })
    expect(r.checks.map((c) => [c.check, c.ok])).toEqual([
      ['reachable', true],
      ['model', true],
      ['adapters', true],
      ['schemaCompletion', true],
    ])
    expect(r.ok).toBe(true)
    expect(r.serverModel).toBe('readout-test-base.gguf')
  }, 60_000)

  it('at temperature 0 a remote draft with the adapter matches the local engine\'s up to one prompt token (explained below), and names endpoint, model and adapter', async () => {
    await ok('models.use', { baseModelId: base.id, adapters: [{ modelId: adapterA.id, scale: 1 }] })
    const local = await ok<Interpretation>('interpret.report', { reportId: 1, jobId: 'local' })
    await ok<LlmConfig>('remote.use', { id: backend.id, adapters: [{ modelId: adapterA.id, scale: 1 }] })
    const chunks: string[] = []
    const off = t.services.events.onAny((e, p) => {
      if (e === 'interpret.chunk' && (p as { jobId: string }).jobId === 'remote') chunks.push((p as { text: string }).text)
    })
    const remote = await ok<Interpretation>('interpret.report', { reportId: 1, jobId: 'remote' })
    off()
    expect(InterpretationDraftSchema.safeParse(remote.draft).success).toBe(true)
    expect(chunks.join('')).toBe(rawOutput(remote.id))
    // The same GGUF files, the same chat-rendered prompt text, greedy decoding: the drafts differ by design in one place.
    // llama-server tokenizes the text itself, and llama.cpp's SentencePiece tokenizer puts its space prefix before the
    // first piece of text after the template's opening control token ("<|im_start|>" then "▁syst", "e"); the local
    // engine tokenizes with node-llama-cpp's trimLeadingSpace (as LlamaCompletion does). So the server evaluates exactly
    // one prompt token more, and greedy decoding follows the same path for a while, then may diverge. Bounded: exactly
    // that one token, shown by the server's own tokenizer; the same opening; both parse.
    const prompt = (t.services.db.prepare('SELECT prompt FROM interpretations WHERE id = ?').get(remote.id) as { prompt: string }).prompt
    expect(remote.provenance.promptFormat).toBe('chat-template')
    const tokenized = (await (
      await fetch(`${server.url}/tokenize`, { method: 'POST', headers: { authorization: `Bearer ${KEY}` }, body: JSON.stringify({ content: prompt, add_special: true, parse_special: true, with_pieces: true }) })
    ).json()) as { tokens: { id: number; piece: string }[] }
    expect(tokenized.tokens.length).toBe(remote.provenance.promptTokens)
    expect(remote.provenance.promptTokens - local.provenance.promptTokens).toBe(1)
    expect(tokenized.tokens[1]!.piece).toBe('<|im_start|>')
    expect(tokenized.tokens[2]!.piece.startsWith(' ')).toBe(true)
    expect(prompt.startsWith('<|im_start|>system\n')).toBe(true)
    const [a, b] = [rawOutput(local.id), rawOutput(remote.id)]
    let shared = 0
    while (shared < a.length && a[shared] === b[shared]) shared++
    expect(shared).toBeGreaterThanOrEqual(32)
    expect(InterpretationDraftSchema.safeParse(local.draft).success).toBe(true)
    expect(remote.provenance).toMatchObject({
      engine: 'remote:llama-server',
      // The server reports its GGUF file name; the registry holds that file: the draft names its fingerprint.
      baseModel: { id: base.id, sha256: base.sha256 },
      adapters: [{ id: adapterA.id, sha256: adapterA.sha256, scale: 1 }],
      sampling: { temperature: 0, seed: 7, maxTokens: 2000 },
      remote: {
        backendId: backend.id,
        backendName: 'gpu-server',
        kind: 'llama-server',
        endpoint: `${server.url}/`,
        adapters: [{ name: 'readout-test-adapter.gguf', scale: 1 }],
        serverModel: 'readout-test-base.gguf',
        attempts: 1,
      },
    })
    expect(remote.provenance.remote?.serverMs).toBeGreaterThan(0)
  }, 120_000)

  it('switching adapters per request changes the output', async () => {
    const draftWith = async (adapters: { modelId: number; scale: number }[]) => {
      await ok('remote.use', { id: backend.id, adapters })
      return rawOutput((await ok<Interpretation>('interpret.report', { reportId: 2, jobId: `a${adapters.length}` })).id)
    }
    const a = await draftWith([{ modelId: adapterA.id, scale: 1 }])
    const b = await draftWith([{ modelId: adapterB.id, scale: 1 }])
    const none = await draftWith([])
    expect(a).not.toBe(b)
    expect(none).not.toBe(a)
    expect(none).not.toBe(b)
    // Back to A: the same draft again (the server's per-request adapters leave nothing behind).
    expect(await draftWith([{ modelId: adapterA.id, scale: 1 }])).toBe(a)
  }, 180_000)

  it('the batch queue drafts 20 reports with 4 requests at a time, each stored once', async () => {
    const proxied = await addBackend('proxied', proxy.url)
    proxy.reset()
    await ok('remote.use', { id: proxied.id, adapters: [{ modelId: adapterA.id, scale: 1 }] })
    const before = count('SELECT count(*) AS n FROM interpretations')
    const ids = Array.from({ length: REPORTS }, (_, i) => i + 1)
    expect(await ok<{ added: number }>('queue.enqueue', { reportIds: ids })).toEqual({ added: REPORTS })
    await ok('queue.start', {})
    await t.services.queue.whenIdle()
    expect(count('SELECT count(*) AS n FROM interpretations')).toBe(before + REPORTS)
    expect(count("SELECT count(*) AS n FROM interpretation_jobs WHERE state = 'done'")).toBe(REPORTS)
    expect(count('SELECT count(DISTINCT report_id) AS n FROM interpretations WHERE id > ?', before)).toBe(REPORTS)
    expect(proxy.maxConcurrent).toBe(4)
    // The workers starting together wait for one load of the backend: the server is asked for its adapters once.
    expect(proxy.requests.filter((r) => r === 'GET /lora-adapters')).toHaveLength(1)
    expect(proxy.requests.filter((r) => r === 'POST /completion')).toHaveLength(REPORTS)
    // llama-server closes a connection right after a streamed answer while its headers promise keep-alive; a draft sent
    // at once on that socket would be reset and retried after the backoff. Each draft goes out once.
    expect(count("SELECT count(*) AS n FROM interpretations WHERE id > ? AND json_extract(provenance, '$.remote.attempts') = 1", before)).toBe(REPORTS)
  }, 300_000)

  it('cancel aborts the request to the server and stores nothing', async () => {
    const proxied = (await ok<{ backends: RemoteBackend[] }>('remote.list', {})).backends.find((b) => b.name === 'proxied')!
    await ok('remote.use', { id: proxied.id, adapters: [] })
    proxy.reset()
    const before = count('SELECT count(*) AS n FROM interpretations')
    let started = 0
    const off = t.services.events.onAny((e, p) => {
      if (e === 'interpret.chunk' && (p as { jobId: string }).jobId === 'cancel-me' && started === 0) {
        started = performance.now()
        void t.dispatch('interpret.cancel', { jobId: 'cancel-me' }, ADMIN)
      }
    })
    const r = await t.dispatch('interpret.report', { reportId: 3, jobId: 'cancel-me' }, ADMIN)
    off()
    expect(r).toMatchObject({ ok: false, error: { code: 'CANCELLED' } })
    expect(performance.now() - started).toBeLessThan(1000)
    await new Promise((res) => setTimeout(res, 200))
    expect(proxy.clientAborts).toBeGreaterThanOrEqual(1)
    expect(count('SELECT count(*) AS n FROM interpretations')).toBe(before)
  }, 60_000)

  it('a server killed mid-batch pauses the queue with its jobs kept; it resumes by itself when the server is back', async () => {
    await ok('remote.use', { id: backend.id, adapters: [{ modelId: adapterA.id, scale: 1 }] })
    await ok('models.configure', { parallelism: 2 })
    const before = count('SELECT count(*) AS n FROM interpretations')
    const ids = Array.from({ length: 8 }, (_, i) => i + 1)
    await ok('queue.enqueue', { reportIds: ids })
    const firstDone = new Promise<void>((resolve) => {
      const off = t.services.events.onAny((e, p) => {
        if (e === 'queue.progress' && (p as { done: number }).done >= 1) {
          off()
          resolve()
        }
      })
    })
    await ok('queue.start', {})
    await firstDone
    await server.stop('SIGKILL')
    // The drafts in flight fail after their retries; the queue pauses, keeping every job.
    const deadline = Date.now() + 20_000
    const settled = () => t.services.queue.status().state === 'paused' && t.services.queue.status().running === 0
    while (!settled() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
    const paused = t.services.queue.status()
    const stored = count('SELECT count(*) AS n FROM interpretations') - before
    server = await startLlamaServer(serverArgs)
    expect(paused).toMatchObject({ state: 'paused', running: 0, failed: 0, queued: 8 - stored })
    const resumed = Date.now() + 60_000
    while (count("SELECT count(*) AS n FROM interpretation_jobs WHERE state IN ('queued', 'running')") > 0 && Date.now() < resumed) await new Promise((r) => setTimeout(r, 100))
    await t.services.queue.whenIdle()
    expect(count('SELECT count(*) AS n FROM interpretations') - before).toBe(8)
    expect(count('SELECT count(DISTINCT report_id) AS n FROM interpretations WHERE id > (SELECT max(id) - 8 FROM interpretations)')).toBe(8)
    expect(t.services.queue.status().failed).toBe(0)
  }, 180_000)

  it('a server that ignores the schema is refused with a clear error, and nothing is stored', async () => {
    const stripper = await startProxy(
      () => server.url,
      (body) => {
        const { json_schema: _dropped, ...rest } = body
        return rest
      },
    )
    try {
      const stripped = await addBackend('schema-stripped', stripper.url)
      await ok('models.configure', { maxTokens: 64 })
      const test = await ok<ConnectionTest>('remote.test', { id: stripped.id })
      expect(test.ok).toBe(false)
      expect(test.checks.at(-1)).toMatchObject({ check: 'schemaCompletion', ok: false, message: expect.stringContaining('ignored the schema') })
      await ok('remote.use', { id: stripped.id, adapters: [] })
      const before = count('SELECT count(*) AS n FROM interpretations')
      const err = await fails('interpret.report', { reportId: 4, jobId: 'stripped' })
      expect(err).toMatchObject({ code: 'GENERATION_FAILED', message: expect.stringContaining('does not follow the interpretation schema') })
      expect(err.message).toContain('Nothing was saved')
      expect(count('SELECT count(*) AS n FROM interpretations')).toBe(before)
    } finally {
      await ok('models.configure', { maxTokens: 2000 })
      await stripper.close()
    }
  }, 60_000)

  it('a wrong API key gives a clear message', async () => {
    await ok('remote.update', { id: backend.id, apiKey: 'wrong-key-0000000000' })
    const test = await ok<ConnectionTest>('remote.test', { id: backend.id })
    expect(test.ok).toBe(false)
    expect(test.checks.at(-1)?.message).toMatch(/refused the API key \(HTTP 401\)/)
    await ok('remote.use', { id: backend.id, adapters: [] })
    expect(await fails('interpret.report', { reportId: 5, jobId: 'wrong-key' })).toMatchObject({ code: 'INVALID_MODEL', message: expect.stringMatching(/refused the API key \(HTTP 401\)/) })
  }, 60_000)
})
