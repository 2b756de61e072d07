// The remote engine: drafts on an OpenAI-compatible server (llama-server, vLLM, Azure OpenAI, any compatible one)
// behind the same interface as the local engine, so the queue, evidence check, provenance and review are unchanged.
import type { Agent } from 'node:http'
import { basename } from 'node:path'
import type { RemoteBackend } from '../../../shared/contract/remote'
import { AppError } from '../../../shared/errors'
import { GENERATION_CANCELLED_MESSAGE, type BackendStatus, type EngineConfig, type GenerateRequest, type GenerateResult, type LlmBackend } from '../engine/backend'
import { sha256File } from '../registry/fingerprint'
import { buildRequest, closesAfterStream, StreamCollector, type Completion } from './dialect'
import { backoffMs, isRetryableNetworkCode, isRetryableStatus, networkFailure, statusFailure } from './failures'
import { httpRequest, makeAgent, type HttpResponse } from './http'
import { Limiter } from './limiter'
import { SseReader } from './sse'
import { checkBaseUrl, endpointUrl } from './urlPolicy'

export interface RemoteBackendOptions {
  endpoint: RemoteBackend
  apiKey: string | null
  /** PEM text of the CA bundle, read by the caller. */
  caBundle: string | null
  /** Tries after the first on 429/503/reset connections (default 4: about 4 s of backoff in all). */
  retries?: number
  retryBaseMs?: number
}

/** An adapter as llama-server lists it at GET /lora-adapters. */
interface ServerAdapter {
  id: number
  path: string
  scale: number
}

/** A failure worth another try (429/503, a reset connection) before anything reached the user. */
class Retryable extends Error {
  constructor(
    readonly error: AppError,
    readonly retryAfter: string | null,
  ) {
    super(error.message)
  }
}

const now = () => performance.now()

export class RemoteLlmBackend implements LlmBackend {
  readonly name: string
  private readonly base: URL
  private readonly agent: Agent
  private readonly limiter = new Limiter(1)
  private configured: EngineConfig | null = null
  /** llama-server: every loaded adapter with this configuration's scale; chat dialects: unused. */
  private lora: { id: number; scale: number }[] = []
  private loraNames: { name: string; scale: number }[] = []
  /** The model (or LoRA module, or deployment) requests name. */
  private model: string
  private readonly inFlight = new Set<AbortController>()

  constructor(private readonly opts: RemoteBackendOptions) {
    this.name = `remote:${opts.endpoint.kind}`
    this.base = checkBaseUrl(opts.endpoint.baseUrl, opts.endpoint.allowInsecureHttp)
    this.model = opts.endpoint.model
    this.agent = makeAgent(this.base, { caBundle: opts.caBundle, maxSockets: 64 })
  }

  get endpoint(): RemoteBackend {
    return this.opts.endpoint
  }

  private headers(): Record<string, string> {
    if (!this.opts.apiKey) return {}
    // Azure accepts its own header; everyone else (llama-server --api-key, vLLM --api-key, OpenAI) the bearer token.
    return this.opts.endpoint.kind === 'azure-openai' ? { 'api-key': this.opts.apiKey } : { authorization: `Bearer ${this.opts.apiKey}` }
  }

  /** One request with failures turned into messages; retryable ones marked as such. */
  private async send(method: 'GET' | 'POST', path: string, signal: AbortSignal, body?: unknown, opts: { stream?: boolean } = {}): Promise<HttpResponse> {
    const url = endpointUrl(this.base, path)
    const headers = opts.stream && closesAfterStream(this.opts.endpoint.kind) ? { ...this.headers(), connection: 'close' } : this.headers()
    let res: HttpResponse
    try {
      res = await httpRequest({ method, url, headers, agent: this.agent, signal, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) })
    } catch (err) {
      if (signal.aborted) throw new AppError('CANCELLED', GENERATION_CANCELLED_MESSAGE)
      const failure = networkFailure(err, url)
      if (isRetryableNetworkCode((err as NodeJS.ErrnoException).code)) throw new Retryable(failure, null)
      throw failure
    }
    if (res.status >= 200 && res.status < 300) return res
    const text = await res.text().catch(() => '')
    const failure = statusFailure(res.status, text, { url, model: this.model, kind: this.opts.endpoint.kind })
    if (isRetryableStatus(res.status)) {
      const ra = res.headers['retry-after']
      throw new Retryable(failure, typeof ra === 'string' ? ra : null)
    }
    throw failure
  }

  /** GET a JSON document (health, models, adapters), without retries: an administrator is waiting on the answer. */
  async getJson(path: string, signal: AbortSignal): Promise<unknown> {
    try {
      const res = await this.send('GET', path, signal)
      return JSON.parse(await res.text()) as unknown
    } catch (err) {
      if (err instanceof Retryable) throw err.error
      if (err instanceof SyntaxError) throw new AppError('REMOTE_UNAVAILABLE', `${endpointUrl(this.base, path).href} did not answer with JSON. Is this the right base URL?`)
      throw err
    }
  }

  /** Reachability: llama-server's /health (503 while it loads the model), else the model list. */
  async checkReachable(signal: AbortSignal): Promise<void> {
    await this.getJson(this.opts.endpoint.kind === 'llama-server' ? 'health' : 'models', signal)
  }

  /** Model ids the server lists (GET models); Azure lists its base models there, not deployments. */
  async serverModels(signal: AbortSignal): Promise<string[]> {
    const body = (await this.getJson(this.opts.endpoint.kind === 'llama-server' ? 'v1/models' : 'models', signal)) as { data?: { id?: unknown }[] }
    return (body.data ?? []).map((m) => m.id).filter((id): id is string => typeof id === 'string')
  }

  async serverAdapters(signal: AbortSignal): Promise<ServerAdapter[]> {
    const body = await this.getJson('lora-adapters', signal)
    return Array.isArray(body) ? (body as ServerAdapter[]).filter((a) => typeof a.id === 'number' && typeof a.path === 'string') : []
  }

  /**
   * Checks the server and maps the chosen adapters to it. llama-server: each chosen adapter must be loaded there
   * (matched by file name; when the server's file is on this machine too, by SHA-256 against the registry), and every
   * loaded adapter is sent with a scale, 0 for the others. vLLM / Azure / OpenAI: one adapter at most, at scale 1,
   * addressed by its LoRA module or deployment name.
   */
  async configure(config: EngineConfig): Promise<void> {
    this.configured = null
    const signal = AbortSignal.timeout(30_000)
    const { kind } = this.opts.endpoint
    await this.checkReachable(signal)
    if (kind === 'llama-server') {
      const loaded = await this.serverAdapters(signal)
      const lora = loaded.map((a) => ({ id: a.id, scale: 0 }))
      const names: { name: string; scale: number }[] = []
      for (const choice of config.adapters) {
        const name = choice.name ?? basename(choice.path)
        const match = loaded.find((a) => basename(a.path) === name)
        if (!match) {
          throw new AppError(
            'INVALID_MODEL',
            `llama-server at ${this.base.host} has no adapter file named ${name} loaded (it has: ${loaded.map((a) => basename(a.path)).join(', ') || 'none'}). ` +
              `Start it with --lora ${name} --lora-init-without-apply, or map the adapter to the server's file name.`,
          )
        }
        if (choice.sha256) {
          const theirs = await sha256File(match.path).catch(() => null)
          if (theirs !== null && theirs !== choice.sha256) {
            throw new AppError(
              'INVALID_MODEL',
              `The adapter ${name} that llama-server loaded is not the registered one (SHA-256 ${theirs.slice(0, 12)}…, registered ${choice.sha256.slice(0, 12)}…). Restart the server with the registered file.`,
            )
          }
        }
        lora.find((l) => l.id === match.id)!.scale = choice.scale
        names.push({ name, scale: choice.scale })
      }
      this.lora = lora
      this.loraNames = names
      this.model = this.opts.endpoint.model
    } else {
      if (config.adapters.length > 1) throw new AppError('INVALID_INPUT', `A ${kind} server serves one adapter per request (by its name); choose one.`)
      const choice = config.adapters[0]
      if (choice && choice.scale !== 1) throw new AppError('INVALID_INPUT', `A ${kind} server applies an adapter at its trained strength only: use scale 1.`)
      if (choice && !choice.name) {
        throw new AppError('INVALID_INPUT', `Map the adapter to its name on the server (${kind === 'azure-openai' ? 'the fine-tuned deployment' : 'the LoRA module name'}) in the backend's adapter map.`)
      }
      this.model = choice?.name ?? this.opts.endpoint.model
      this.loraNames = choice ? [{ name: this.model, scale: 1 }] : []
      if (kind !== 'azure-openai') {
        const models = await this.serverModels(signal).catch(() => null)
        if (models && models.length > 0 && !models.includes(this.model)) {
          throw new AppError('INVALID_MODEL', `The server at ${this.base.host} does not serve "${this.model}" (it lists: ${models.slice(0, 10).join(', ')}). Check the model name or the adapter map.`)
        }
      }
    }
    // The batch's parallelism plus the place kept for a report's own page: that many requests at once, the rest wait.
    this.limiter.setLimit(config.sequences)
    this.configured = config
  }

  async generate(req: GenerateRequest): Promise<GenerateResult> {
    if (!this.configured) throw new AppError('MODEL_NOT_READY', 'The remote backend is not connected yet. Load the model on the Models page.')
    const start = now()
    const release = await this.limiter.acquire(req.signal)
    const waited = now() - start
    const controller = new AbortController()
    const abort = () => controller.abort()
    req.signal.addEventListener('abort', abort, { once: true })
    this.inFlight.add(controller)
    let delivered = false
    const onText = req.onText
    const tracked: GenerateRequest = {
      ...req,
      signal: controller.signal,
      onText: (t) => {
        if (t) delivered = true
        onText?.(t)
      },
    }
    try {
      const retries = this.opts.retries ?? 4
      for (let attempt = 1; ; attempt++) {
        try {
          return await this.once(tracked, start, waited, attempt)
        } catch (err) {
          if (req.signal.aborted) throw new AppError('CANCELLED', GENERATION_CANCELLED_MESSAGE)
          // Aborted by dispose(): the backend was reconfigured or replaced under the draft (as a local model reload).
          if (controller.signal.aborted) throw new AppError('MODEL_NOT_READY', 'The model was reloaded while drafting; nothing was saved.')
          if (!(err instanceof Retryable)) throw err
          // Text already shown would be shown twice: the draft fails instead (nothing is stored) and can be asked again.
          if (delivered || attempt > retries) throw err.error
          // An abort during the wait ends it early; the next try then sees the abort and says why.
          await sleep(backoffMs(attempt, err.retryAfter, this.opts.retryBaseMs), controller.signal).catch(() => undefined)
        }
      }
    } finally {
      req.signal.removeEventListener('abort', abort)
      this.inFlight.delete(controller)
      release()
    }
  }

  private async once(req: GenerateRequest, start: number, waited: number, attempt: number): Promise<GenerateResult> {
    const { kind } = this.opts.endpoint
    const { path, body } = buildRequest(kind, {
      prompt: req.prompt,
      ...(req.messages ? { messages: req.messages } : {}),
      ...(req.schema ? { schema: req.schema as Parameters<typeof buildRequest>[1]['schema'] } : {}),
      temperature: req.temperature,
      seed: req.seed,
      maxTokens: req.maxTokens,
      stream: true,
      model: this.model,
      lora: this.lora,
    })
    const res = await this.send('POST', path, req.signal, body, { stream: true })
    const reader = new SseReader()
    const collector = new StreamCollector(kind)
    let firstTokenAt: number | null = null
    const take = (events: string[]) => {
      for (const data of events) {
        let piece: string
        try {
          piece = collector.push(data)
        } catch (err) {
          throw new AppError('REMOTE_UNAVAILABLE', `The server at ${this.base.host} sent an answer Readout cannot read (${err instanceof Error ? err.message : String(err)}).`)
        }
        if (piece) {
          firstTokenAt ??= now()
          req.onText?.(piece)
        }
      }
    }
    try {
      for await (const chunk of res.chunks()) take(reader.push(chunk))
      take(reader.end())
    } catch (err) {
      if (err instanceof AppError) throw err
      if (req.signal.aborted) throw new AppError('CANCELLED', GENERATION_CANCELLED_MESSAGE)
      const failure = networkFailure(err, endpointUrl(this.base, path))
      throw isRetryableNetworkCode((err as NodeJS.ErrnoException).code) ? new Retryable(failure, null) : failure
    }
    const c: Completion = collector.result()
    if (!collector.finished && c.stopReason === 'other') {
      throw new Retryable(new AppError('REMOTE_UNAVAILABLE', `The answer from ${this.base.host} ended before the draft was complete.`), null)
    }
    if (c.stopReason === 'contentFilter') {
      throw new AppError('GENERATION_FAILED', `The server's content filter stopped the draft (${this.base.host}); nothing was saved. Ask the server's administrator about its content filter for clinical text.`)
    }
    const end = now()
    const ttft = (firstTokenAt ?? end) - start
    const outputTokens = c.outputTokens ?? 0
    const genSeconds = (end - (firstTokenAt ?? end)) / 1000
    return {
      text: c.text,
      stopReason: c.stopReason,
      promptTokens: c.promptTokens ?? 0,
      reusedPromptTokens: c.cachedPromptTokens ?? 0,
      outputTokens,
      timeToFirstTokenMs: ttft,
      tokensPerSecond: c.serverTokensPerSecond ?? (genSeconds > 0 && outputTokens > 1 ? (outputTokens - 1) / genSeconds : 0),
      wallMs: end - start,
      sequenceWaitMs: waited,
      remote: {
        backendId: this.opts.endpoint.id,
        backendName: this.opts.endpoint.name,
        kind,
        endpoint: this.base.href,
        model: this.model,
        adapters: this.loraNames,
        serverModel: c.serverModel,
        systemFingerprint: c.systemFingerprint,
        attempts: attempt,
        serverMs: c.serverMs,
      },
    }
  }

  async status(): Promise<BackendStatus> {
    return {
      loaded: this.configured !== null,
      gpu: null,
      gpuLayers: null,
      threads: 0,
      memoryBytes: null,
      baseLoads: 0,
      binary: null,
      inlineSteps: false,
      sequences: this.configured?.sequences ?? 0,
    }
  }

  async dispose(): Promise<void> {
    for (const c of this.inFlight) c.abort()
    this.configured = null
    this.agent.destroy()
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new AppError('CANCELLED', GENERATION_CANCELLED_MESSAGE))
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = () => {
      clearTimeout(t)
      reject(new AppError('CANCELLED', GENERATION_CANCELLED_MESSAGE))
    }
    signal.addEventListener('abort', onAbort, { once: true })
  })
}
