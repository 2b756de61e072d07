// node-llama-cpp backend: one model, one multi-sequence context (recreated when adapters change), a pool of sequences.
import { availableParallelism } from 'node:os'
import type { GbnfJsonSchema, Llama, LlamaCompletion, LlamaContext, LlamaContextSequence, LlamaGrammar, LlamaModel } from 'node-llama-cpp'
import { AppError } from '../../../shared/errors'
import { nodeLlamaCpp } from '../nodeLlamaCpp'
import type { BackendStatus, EngineConfig, GenerateRequest, GenerateResult, LlmBackend } from './backend'
import { runStepsInline } from './inlineSteps'

interface Slot {
  sequence: LlamaContextSequence
  completion: LlamaCompletion
  /** Creation order, which is the order of the sequences' ids in the context. */
  order: number
}

/** How long a request waits for others sent at the same moment, so they start in the same decode step. */
const START_TOGETHER_MS = 2

const sameAdapters = (a: EngineConfig['adapters'], b: EngineConfig['adapters']) =>
  a.length === b.length && a.every((x, i) => x.path === b[i]!.path && x.scale === b[i]!.scale)

/**
 * Lets every generating sequence join the next decode. node-llama-cpp's dispatch loop starts the next batch as soon as
 * anything is queued; the sequence whose token was sampled last has not queued yet, so with 4 sequences every step
 * decoded 3 tokens, and llama.cpp's 3-token batches run little faster than single tokens on a small CPU (measured:
 * 4 sequences 1.0-1.3x one sequence; llama-bench pp4 is 2.1x pp1). The loop awaits each sequence's after-batch hook
 * before it looks at the queue again, so the hook yields one turn of the event loop: then all 4 have queued, every step
 * decodes 4 tokens, and 4 sequences ran at ~1.95x one. The hook is internal to node-llama-cpp 3.x; where it does not
 * exist nothing is changed.
 */
function waitForOtherSequencesAfterEachBatch(sequence: LlamaContextSequence): void {
  const s = sequence as unknown as { _takeIntervalCheckpointIfNeededAfterBatch?: (length: number) => unknown }
  const hook = s._takeIntervalCheckpointIfNeededAfterBatch
  if (typeof hook !== 'function') return
  s._takeIntervalCheckpointIfNeededAfterBatch = (length) =>
    Promise.resolve(hook.call(sequence, length)).then(() => new Promise<void>((resolve) => setImmediate(resolve)))
}

export class NodeLlamaBackend implements LlmBackend {
  readonly name = 'node-llama-cpp'
  private llama: Llama | null = null
  private llamaThreads = 0
  private model: LlamaModel | null = null
  private context: LlamaContext | null = null
  private config: EngineConfig | null = null
  private free: Slot[] = []
  private waiters: ((slot: Slot) => void)[] = []
  private grammars = new Map<string, LlamaGrammar>()
  private baseLoads = 0
  private inlineSteps = false
  // Loading and context switches are serialised: two at once would leak or double-load.
  private lock: Promise<void> = Promise.resolve()

  async configure(config: EngineConfig, onProgress?: (progress: number) => void): Promise<void> {
    const run = this.lock.then(() => this.doConfigure(config, onProgress))
    this.lock = run.catch(() => undefined)
    return run
  }

  private async doConfigure(config: EngineConfig, onProgress?: (progress: number) => void): Promise<void> {
    const { getLlama, InsufficientMemoryError, LlamaCompletion, LlamaLogLevel } = await nodeLlamaCpp()
    const threads = Math.max(1, Math.min(config.threads, availableParallelism()))
    const prev = this.config
    const needLlama = !this.llama || this.llamaThreads !== threads
    const needModel = needLlama || !this.model || prev?.basePath !== config.basePath || prev.gpuLayers !== config.gpuLayers
    const needContext =
      needModel || !this.context || !sameAdapters(prev?.adapters ?? [], config.adapters) || prev?.sequences !== config.sequences || prev.contextSize !== config.contextSize
    if (!needContext) return

    await this.releaseContext()
    if (needModel) {
      await this.model?.dispose()
      this.model = null
      this.grammars.clear()
    }
    if (needLlama) {
      await this.llama?.dispose()
      this.llama = await getLlama({ gpu: 'auto', maxThreads: threads, build: 'never', logLevel: LlamaLogLevel.error })
      this.llamaThreads = threads
    }
    const llama = this.llama!
    try {
      if (!this.model) {
        this.model = await llama.loadModel({ modelPath: config.basePath, gpuLayers: config.gpuLayers, onLoadProgress: (p) => onProgress?.(p * 0.9) })
        this.baseLoads++
      }
      this.context = await this.model.createContext({
        sequences: config.sequences,
        // Per sequence: node-llama-cpp gives each sequence its own contextSize of KV cells.
        contextSize: config.contextSize,
        threads,
        ...(config.adapters.length ? { lora: { adapters: config.adapters.map((a) => ({ filePath: a.path, scale: a.scale })) } } : {}),
      })
    } catch (err) {
      this.config = null
      if (err instanceof InsufficientMemoryError) throw new AppError('OUT_OF_MEMORY', 'Not enough memory to load this model with these settings. Try fewer parallel reports, a shorter context or fewer GPU layers.')
      throw new AppError('INVALID_MODEL', `The model could not be loaded: ${err instanceof Error ? err.message : String(err)}`)
    }
    this.inlineSteps = runStepsInline(this.context)
    this.free = []
    for (let i = 0; i < config.sequences; i++) {
      const sequence = this.context.getSequence()
      if (config.sequences > 1) waitForOtherSequencesAfterEachBatch(sequence)
      this.free.push({ sequence, completion: new LlamaCompletion({ contextSequence: sequence }), order: i })
    }
    this.config = { ...config, threads }
    onProgress?.(1)
  }

  private async releaseContext(): Promise<void> {
    for (const slot of this.free) slot.completion.dispose({ disposeSequence: true })
    this.free = []
    await this.context?.dispose()
    this.context = null
  }

  private acquire(signal: AbortSignal): Promise<Slot> {
    // Lowest sequence id first, so reports started together run on sequences in ascending order. llama.cpp then keeps
    // a step's tokens in one micro-batch; in descending order it split every 4-token step into 4 single-token
    // computations (measured: 4 sequences alternated between ~150 and ~75 tokens/s from one batch to the next).
    let best = -1
    for (let i = 0; i < this.free.length; i++) {
      if (best < 0 || this.free[i]!.order < this.free[best]!.order) best = i
    }
    const slot = best < 0 ? undefined : this.free.splice(best, 1)[0]
    if (slot) return Promise.resolve(slot)
    return new Promise((resolve, reject) => {
      const waiter = (s: Slot) => resolve(s)
      this.waiters.push(waiter)
      signal.addEventListener('abort', () => {
        this.waiters = this.waiters.filter((w) => w !== waiter)
        reject(new AppError('CANCELLED', 'Cancelled before it started'))
      })
    })
  }

  private release(slot: Slot): void {
    const waiter = this.waiters.shift()
    if (waiter) waiter(slot)
    else this.free.push(slot)
  }

  private grammarFor(schema: GbnfJsonSchema): Promise<LlamaGrammar> {
    const key = JSON.stringify(schema)
    const cached = this.grammars.get(key)
    if (cached) return Promise.resolve(cached)
    return this.llama!.createGrammarForJsonSchema<GbnfJsonSchema>(schema).then((g) => {
      this.grammars.set(key, g)
      return g
    })
  }

  async generate(req: GenerateRequest): Promise<GenerateResult> {
    if (!this.model || !this.context || !this.config) throw new AppError('MODEL_NOT_READY', 'No model is loaded. Choose a base model on the Models page.')
    const { InsufficientMemoryError } = await nodeLlamaCpp()
    const model = this.model
    const grammar = req.schema ? await this.grammarFor(req.schema) : undefined
    // Requests reach the engine process one message at a time; a short pause lets those sent together start in the
    // same decode step instead of one prompt ahead of the others.
    if (this.config.sequences > 1) await new Promise((resolve) => setTimeout(resolve, START_TOGETHER_MS))
    const slot = await this.acquire(req.signal)
    try {
      const promptTokens = model.tokenize(req.prompt)
      if (promptTokens.length + req.maxTokens > this.config.contextSize) {
        throw new AppError(
          'GENERATION_FAILED',
          `The report is too long for the model's context: ${promptTokens.length} prompt tokens + ${req.maxTokens} for the answer > ${this.config.contextSize}.`,
        )
      }
      // The sequence keeps the state of its previous prompt and re-evaluates only from the first token that
      // differs; comparing its tokens before and after tells how much of this prompt was reused.
      const before = [...slot.sequence.contextTokens]
      const t0 = performance.now()
      let firstAt: number | null = null
      let outputTokens = 0
      let text = ''
      const result = await slot.completion.generateCompletionWithMeta(req.prompt, {
        ...(grammar ? { grammar } : {}),
        maxTokens: req.maxTokens,
        // LlamaCompletion's default is a repeat penalty of 1 (no penalty) over the last 64 tokens, which changes no
        // token but costs a copy of those tokens into the sampler at every step; false samples exactly the same.
        repeatPenalty: false,
        temperature: req.temperature,
        seed: req.seed,
        signal: req.signal,
        onToken: (tokens) => {
          if (firstAt === null) firstAt = performance.now()
          outputTokens += tokens.length
        },
        onTextChunk: (chunk) => {
          text += chunk
          req.onText?.(chunk)
        },
      })
      const end = performance.now()
      const after = slot.sequence.contextTokens
      const promptInContext = Math.max(0, after.length - outputTokens)
      let common = 0
      while (common < before.length && common < promptInContext && before[common] === after[common]) common++
      const bosOffset = model.tokens.bos !== null && after[0] === model.tokens.bos ? 1 : 0
      const reused = Math.max(0, common - bosOffset)
      const ttft = (firstAt ?? end) - t0
      const genMs = end - (firstAt ?? end)
      return {
        text: result.response || text,
        stopReason: result.metadata.stopReason,
        promptTokens: promptTokens.length,
        reusedPromptTokens: reused,
        outputTokens,
        timeToFirstTokenMs: ttft,
        tokensPerSecond: genMs > 0 ? ((outputTokens - 1) * 1000) / genMs : 0,
        wallMs: end - t0,
      }
    } catch (err) {
      if (req.signal.aborted) throw new AppError('CANCELLED', 'Generation was cancelled; nothing was saved.')
      if (err instanceof AppError) throw err
      if (err instanceof InsufficientMemoryError) throw new AppError('OUT_OF_MEMORY', 'Out of memory while generating.')
      throw new AppError('GENERATION_FAILED', `Generation failed: ${err instanceof Error ? err.message : String(err)}`)
    } finally {
      this.release(slot)
    }
  }

  async status(): Promise<BackendStatus> {
    const gpu = this.llama && this.llama.gpu !== false ? String(this.llama.gpu) : null
    let memoryBytes: number | null = null
    if (this.model) {
      if (gpu && this.llama) memoryBytes = (await this.llama.getVramState()).used
      else memoryBytes = this.model.size + (this.context?.stateSize ?? 0)
    }
    return {
      loaded: this.context !== null,
      gpu,
      gpuLayers: this.model ? this.model.gpuLayers : null,
      threads: this.llamaThreads || this.config?.threads || 0,
      memoryBytes,
      baseLoads: this.baseLoads,
      binary: this.llama?.buildType ?? null,
      inlineSteps: this.context !== null && this.inlineSteps,
      sequences: this.context !== null ? (this.config?.sequences ?? 0) : 0,
    }
  }

  async dispose(): Promise<void> {
    await this.releaseContext()
    await this.model?.dispose()
    this.model = null
    await this.llama?.dispose()
    this.llama = null
    this.config = null
  }
}
