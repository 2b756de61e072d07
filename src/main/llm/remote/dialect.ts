// Requests and responses in each server's dialect: llama-server's raw completion endpoint, and OpenAI-style chat
// completions (vLLM, Azure OpenAI / AI Foundry, any OpenAI-compatible server). Pure: no network here.
import type { RemoteKind } from '../../../shared/contract/remote'
import type { DraftJsonSchema } from '../../../shared/domain/interpretation'
import type { ChatMessage } from '../engine/backend'
import { strictCompatibleSchema, withAllRequired } from './schemas'

export interface DialectRequest {
  /** The exact text the local engine would evaluate: llama-server evaluates it as is (so a draft can equal the local one). */
  prompt: string
  /** The same prompt as chat messages, for servers that apply the model's chat template themselves. */
  messages?: readonly ChatMessage[]
  schema?: DraftJsonSchema
  temperature: number
  seed: number
  maxTokens: number
  stream: boolean
  /** Chat dialects: the model, LoRA module (vLLM) or deployment (Azure) to address. */
  model: string
  /** llama-server: every adapter the server has loaded, each with this request's scale (0 for those not chosen). */
  lora?: readonly { id: number; scale: number }[]
}

/** Why generation ended, in the local engine's words where they mean the same. */
export type RemoteStopReason = 'eogToken' | 'maxTokens' | 'stopGenerationTrigger' | 'contentFilter' | 'other'

export interface Completion {
  text: string
  stopReason: RemoteStopReason
  promptTokens: number | null
  /** Prompt tokens the server reused from its cache rather than evaluating again. */
  cachedPromptTokens: number | null
  outputTokens: number | null
  /** The model the server says answered (llama-server: the GGUF file name; Azure: the model behind the deployment). */
  serverModel: string | null
  systemFingerprint: string | null
  /** The server's own time for prompt and generation, when it reports it (llama-server's `timings`). */
  serverMs: number | null
  /** Generation speed as the server measured it. */
  serverTokensPerSecond: number | null
}

export const SCHEMA_NAME = 'interpretation_draft'

/**
 * Whether the server closes its connection after a streamed answer. llama-server (cpp-httplib) does, about a
 * millisecond after the last chunk, while its headers still say `Keep-Alive: timeout=5`: a draft the queue sends at once
 * would go out on that socket and meet a reset, then wait out the retry backoff. Such a server gets `Connection: close`
 * on its streamed requests, so each draft opens its own connection (on a LAN a TCP handshake, well under a millisecond).
 */
export function closesAfterStream(kind: RemoteKind): boolean {
  return kind === 'llama-server'
}

/** The request path (relative to the base URL) and JSON body for one draft. */
export function buildRequest(kind: RemoteKind, r: DialectRequest): { path: string; body: Record<string, unknown> } {
  if (kind === 'llama-server') {
    return {
      path: 'completion',
      body: {
        prompt: r.prompt,
        ...(r.schema ? { json_schema: withAllRequired(r.schema) } : {}),
        n_predict: r.maxTokens,
        temperature: r.temperature,
        seed: r.seed,
        stream: r.stream,
        // The shared instruction prefix stays in the slot's cache, as on the local engine's sequences.
        cache_prompt: true,
        lora: r.lora ?? [],
      },
    }
  }
  // Until drafts are built as chat messages, the filled template is the user's message, with no system message.
  const messages = r.messages ?? [{ role: 'user', content: r.prompt }]
  const strict = kind === 'azure-openai' || kind === 'openai'
  return {
    path: 'chat/completions',
    body: {
      model: r.model,
      messages,
      ...(r.schema
        ? {
            response_format: {
              type: 'json_schema',
              json_schema: { name: SCHEMA_NAME, strict: true, schema: strict ? strictCompatibleSchema(r.schema) : withAllRequired(r.schema) },
            },
          }
        : {}),
      temperature: r.temperature,
      seed: r.seed,
      // Azure's newer models accept only max_completion_tokens; vLLM and most compatible servers know max_tokens.
      ...(kind === 'azure-openai' ? { max_completion_tokens: r.maxTokens } : { max_tokens: r.maxTokens }),
      stream: r.stream,
      ...(r.stream ? { stream_options: { include_usage: true } } : {}),
    },
  }
}

type Obj = Record<string, unknown>
const obj = (v: unknown): Obj | null => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : null)
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null)

function llamaStop(stopType: unknown): RemoteStopReason {
  if (stopType === 'eos') return 'eogToken'
  if (stopType === 'limit') return 'maxTokens'
  if (stopType === 'word') return 'stopGenerationTrigger'
  return 'other'
}

function openAiStop(finish: unknown): RemoteStopReason {
  if (finish === 'stop') return 'eogToken'
  if (finish === 'length') return 'maxTokens'
  if (finish === 'content_filter') return 'contentFilter'
  return 'other'
}

const EMPTY: Completion = {
  text: '',
  stopReason: 'other',
  promptTokens: null,
  cachedPromptTokens: null,
  outputTokens: null,
  serverModel: null,
  systemFingerprint: null,
  serverMs: null,
  serverTokensPerSecond: null,
}

/** llama-server's final object (the whole answer, or the last streamed event), less its text. */
function llamaFinal(o: Obj): Omit<Completion, 'text'> {
  const t = obj(o.timings)
  const promptMs = num(t?.prompt_ms)
  const predictedMs = num(t?.predicted_ms)
  return {
    stopReason: llamaStop(o.stop_type),
    promptTokens: num(o.tokens_evaluated),
    cachedPromptTokens: num(t?.cache_n),
    outputTokens: num(o.tokens_predicted),
    // llama-server names the model by its path on the server unless given an alias: the file name is what identifies it.
    serverModel: str(o.model)?.split(/[\\/]/).pop() ?? null,
    systemFingerprint: null,
    serverMs: promptMs !== null && predictedMs !== null ? promptMs + predictedMs : null,
    serverTokensPerSecond: num(t?.predicted_per_second),
  }
}

function usage(o: Obj): Pick<Completion, 'promptTokens' | 'cachedPromptTokens' | 'outputTokens'> | null {
  const u = obj(o.usage)
  if (!u) return null
  return {
    promptTokens: num(u.prompt_tokens),
    cachedPromptTokens: num(obj(u.prompt_tokens_details)?.cached_tokens),
    outputTokens: num(u.completion_tokens),
  }
}

/** A whole (not streamed) response body. Throws when it is not a completion at all. */
export function parseCompletion(kind: RemoteKind, body: unknown): Completion {
  const o = obj(body)
  if (!o) throw new Error('the response is not a JSON object')
  if (kind === 'llama-server') {
    if (typeof o.content !== 'string') throw new Error('the response has no "content"')
    return { text: o.content, ...llamaFinal(o) }
  }
  const choice = Array.isArray(o.choices) ? obj(o.choices[0]) : null
  const content = obj(choice?.message)?.content
  if (typeof content !== 'string') throw new Error('the response has no choices[0].message.content')
  const t = obj(o.timings)
  return {
    ...EMPTY,
    ...usage(o),
    text: content,
    stopReason: openAiStop(choice?.finish_reason),
    serverModel: str(o.model),
    systemFingerprint: str(o.system_fingerprint),
    serverTokensPerSecond: num(t?.predicted_per_second),
  }
}

/**
 * Collects a streamed answer event by event. Tolerates what real servers send: Azure's first event with empty
 * `choices` (content-filter results), usage only in the last event (OpenAI's `stream_options.include_usage`), extra
 * fields such as llama-server's `timings`, a `[DONE]` sentinel or none.
 */
export class StreamCollector {
  private text = ''
  private facts: Omit<Completion, 'text'> = { ...EMPTY }
  finished = false

  constructor(private readonly kind: RemoteKind) {}

  /** One event's data; returns the text it adds (possibly ''). Throws on an event that is not JSON. */
  push(data: string): string {
    if (data.trim() === '[DONE]') {
      this.finished = true
      return ''
    }
    const o = obj(JSON.parse(data) as unknown)
    if (!o) return ''
    if (o.error !== undefined) throw new Error(`the server reported an error mid-stream${typeof obj(o.error)?.message === 'string' ? `: ${String(obj(o.error)?.message).slice(0, 200)}` : ''}`)
    if (this.kind === 'llama-server') {
      const piece = typeof o.content === 'string' ? o.content : ''
      this.text += piece
      if (o.stop === true) {
        this.facts = llamaFinal(o)
        this.finished = true
      }
      return piece
    }
    this.facts.serverModel = str(o.model) ?? this.facts.serverModel
    this.facts.systemFingerprint = str(o.system_fingerprint) ?? this.facts.systemFingerprint
    const u = usage(o)
    if (u) Object.assign(this.facts, u)
    const t = obj(o.timings)
    if (t) this.facts.serverTokensPerSecond = num(t.predicted_per_second) ?? this.facts.serverTokensPerSecond
    let piece = ''
    for (const c of Array.isArray(o.choices) ? o.choices : []) {
      const choice = obj(c)
      if (!choice || (choice.index !== undefined && choice.index !== 0)) continue
      const content = obj(choice.delta)?.content
      if (typeof content === 'string') piece += content
      if (typeof choice.finish_reason === 'string') this.facts.stopReason = openAiStop(choice.finish_reason)
    }
    this.text += piece
    return piece
  }

  result(): Completion {
    return { ...this.facts, text: this.text }
  }
}
