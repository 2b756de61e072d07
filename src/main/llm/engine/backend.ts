// The engine interface: one loaded base model with adapters, generating grammar-constrained text on parallel sequences.
import type { GbnfJsonSchema } from 'node-llama-cpp'
import type { ChatMessage, PromptFormat } from '../prompt/chatTemplate'

export type { ChatMessage } from '../prompt/chatTemplate'

export interface EngineConfig {
  basePath: string
  /**
   * `name` and `sha256` matter to a remote backend only: the adapter's name on the server (its adapter-map entry) and
   * the registered fingerprint llama-server's copy is checked against.
   */
  adapters: { path: string; scale: number; name?: string; sha256?: string }[]
  /** Compute threads; never above the machine's cores (more collapses generation speed on CPU). */
  threads: number
  gpuLayers: number | 'auto'
  /** Sequences in the context: reports generated in parallel. */
  sequences: number
  /** Tokens per sequence. */
  contextSize: number
}

export interface GenerateRequest {
  /** The exact text the model evaluates: the messages rendered with the model's chat template, or raw text. */
  prompt: string
  /**
   * How `prompt` is tokenized (engine/promptTokens.ts): 'chat-template' parses the special tokens the template wrote
   * and adds BOS only where the template did not; 'raw' (the default) is text only.
   */
  promptFormat?: PromptFormat
  /**
   * The same prompt as chat messages: for remote servers that apply the model's chat template themselves (vLLM, Azure, OpenAI-compatible); absent, they get `prompt` as the one user message; the local engine
   * checks that no message spells one of the model's control tokens.
   */
  messages?: ChatMessage[]
  /** Output grammar; omitted only by benchmarks that measure unconstrained generation. */
  schema?: GbnfJsonSchema
  temperature: number
  seed: number
  maxTokens: number
  signal: AbortSignal
  onText?: (text: string) => void
}

export interface GenerateResult {
  text: string
  stopReason: string
  promptTokens: number
  /** Prompt tokens already in the sequence's state (the shared instruction prefix) that were not evaluated again. */
  reusedPromptTokens: number
  outputTokens: number
  timeToFirstTokenMs: number
  tokensPerSecond: number
  wallMs: number
  /** Of the time to first token, how long the draft waited for a free sequence while others were drafted. */
  sequenceWaitMs: number
  /** Set by a remote backend: where the draft was made and what the server said about itself. */
  remote?: RemoteFacts
}

/** A remote draft's origin, for its provenance. */
export interface RemoteFacts {
  backendId: number
  backendName: string
  kind: string
  /** The base URL (never with credentials: the URL policy refuses them). */
  endpoint: string
  /** The model, LoRA module or deployment the request named. */
  model: string
  /** llama-server: the server's adapter file names with the scales sent. */
  adapters: { name: string; scale: number }[]
  serverModel: string | null
  systemFingerprint: string | null
  /** Tries the draft took (retries after 429/503 or a reset connection); it is stored once. */
  attempts: number
  /** The server's own time for the draft, when it reports it; the rest of the wall time is network and client. */
  serverMs: number | null
}

export interface BackendStatus {
  loaded: boolean
  gpu: string | null
  gpuLayers: number | null
  threads: number
  memoryBytes: number | null
  baseLoads: number
  /** Which llama.cpp binary runs: node-llama-cpp's prebuilt one, or one built on this machine (npm run build-engine). */
  binary: 'prebuilt' | 'localBuild' | null
  /** Generation steps run on the engine process's thread (patched local build) instead of node-llama-cpp's thread pool. */
  inlineSteps: boolean
  /** Sequences of the loaded context: reports drafted at once at most. */
  sequences: number
}

/** What a cancelled generation reports, wherever it is cancelled (the engine process or the app's side of it). */
export const GENERATION_CANCELLED_MESSAGE = 'Generation was cancelled; nothing was saved.'

export interface LlmBackend {
  readonly name: string
  /** Loads what changed: the base model only when its file or placement changed, the context when adapters changed. */
  configure(config: EngineConfig, onProgress?: (progress: number) => void): Promise<void>
  generate(req: GenerateRequest): Promise<GenerateResult>
  status(): Promise<BackendStatus>
  dispose(): Promise<void>
}
