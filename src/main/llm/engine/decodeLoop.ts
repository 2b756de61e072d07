// One decode loop per llama.cpp context, shared by its sequences: every step decodes the next token of each generating
// sequence (and prompt tokens of sequences starting) in one llama_decode, then samples each sequence's next token.
//
// Why Readout runs this loop instead of node-llama-cpp's LlamaCompletion: that path costs ~0.3-0.45 ms of JavaScript
// per generated token (an async generator, locks, a batching queue, dispose guards, sampler configuration rebuilt every
// token), a fixed ~3-7% of generation on a CPU where a token takes 11-13 ms; it needed a patch to let a report start
// while others generate and to hand llama.cpp each step's sequences in ascending order. Here a step is a few calls into
// the binding. The loop works on node-llama-cpp's context binding (the `_ctx` of a LlamaContext it created, with the
// model's LoRA adapters applied): node-llama-cpp still loads the model, creates the context, tokenizes, detokenizes and
// compiles grammars. nodeLlama.ts checks that the binding has the calls used here, so a node-llama-cpp whose internals
// moved fails with a clear message at load, not mid-draft (node-llama-cpp is pinned in package.json).
import { AppError } from '../../../shared/errors'

/** The calls of node-llama-cpp's context binding (AddonContext) this loop makes. */
export interface ContextBinding {
  initBatch(size: number): void
  addToBatch(sequenceId: number, firstTokenPosition: number, tokens: Uint32Array, logitIndexes: Uint32Array): Uint32Array
  decodeBatch(): Promise<void>
  sampleToken(batchLogitIndex: number, sampler: unknown): Promise<number>
  removeTokenCellsFromSequence(sequenceId: number, start: number, end: number): boolean
}

export const CONTEXT_BINDING_CALLS = ['initBatch', 'addToBatch', 'decodeBatch', 'sampleToken', 'removeTokenCellsFromSequence'] as const

export interface DecodeJob {
  /** The whole input: beginning-of-sequence token (when the model wants one) and the prompt's tokens. */
  tokens: readonly number[]
  /** A node-llama-cpp AddonSampler configured for this job (temperature, seed, grammar state). */
  sampler: unknown
  maxTokens: number
  signal: AbortSignal
  /** Called with each generated token (end-of-generation tokens excluded); return false to stop after it. */
  onToken(token: number): boolean
}

export interface DecodeOutcome {
  stopReason: 'eogToken' | 'maxTokens' | 'stopGenerationTrigger'
  /** Input tokens already in the sequence's cache (from its previous job) that were not evaluated again. */
  reusedTokens: number
  /** Generated tokens, end-of-generation token excluded. */
  tokens: number[]
  /** performance.now() when the first token was sampled. */
  firstTokenAt: number | null
  /** Milliseconds the job waited for a free sequence (every one was drafting another report); 0 when one was free. */
  waitedMs: number
}

interface Running {
  job: DecodeJob
  sequenceId: number
  /** Tokens to decode next: the rest of the input, then the last sampled token; null until prepared by the loop. */
  pending: number[] | null
  generated: number[]
  reusedTokens: number
  firstTokenAt: number | null
  waitedMs: number
  resolve(outcome: DecodeOutcome): void
  reject(err: unknown): void
}

interface Waiting {
  job: DecodeJob
  /** performance.now() when it joined the waiting list; null when a sequence was free at once. */
  waitingSince: number | null
  resolve(outcome: DecodeOutcome): void
  reject(err: unknown): void
}

interface BatchItem {
  run: Running
  tokens: number[]
  /** Whether the item ends its sequence's pending tokens, so its last token's logits are sampled. */
  sample: boolean
  logitIndex: number
}

/** How long the loop waits, when idle, for other requests sent at the same moment, so they start in the same step. */
const START_TOGETHER_MS = 2

const NOT_STARTED = 'Cancelled before it started'

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve))

export class DecodeLoop {
  /** Tokens whose state each sequence holds in the cache, from position 0. */
  private readonly cached: number[][]
  private readonly free: number[]
  private readonly running = new Map<number, Running>()
  private readonly waiting: Waiting[] = []
  private loop: Promise<void> | null = null
  private closed: AppError | null = null

  constructor(
    private readonly binding: ContextBinding,
    private readonly options: { sequences: number; batchSize: number; isEogToken: (token: number) => boolean },
  ) {
    this.cached = Array.from({ length: options.sequences }, () => [])
    this.free = Array.from({ length: options.sequences }, (_, i) => i)
  }

  run(job: DecodeJob): Promise<DecodeOutcome> {
    if (this.closed) return Promise.reject(this.closed)
    if (job.signal.aborted) return Promise.reject(new AppError('CANCELLED', NOT_STARTED))
    return new Promise<DecodeOutcome>((resolve, reject) => {
      const waiter: Waiting = { job, waitingSince: null, resolve, reject }
      if (this.free.length > 0) this.start(waiter)
      else {
        waiter.waitingSince = performance.now()
        this.waiting.push(waiter)
        job.signal.addEventListener(
          'abort',
          () => {
            const at = this.waiting.indexOf(waiter)
            if (at < 0) return
            this.waiting.splice(at, 1)
            reject(new AppError('CANCELLED', NOT_STARTED))
          },
          { once: true },
        )
      }
    })
  }

  /**
   * Fails every job, running or waiting, with `error`, and resolves once the loop has stopped touching the context.
   * Running jobs end at the loop's next step, never during one: their samplers may be in use until then.
   */
  async close(error: AppError): Promise<void> {
    this.closed = error
    for (const w of this.waiting.splice(0)) w.reject(error)
    await this.loop
  }

  private start(waiter: Waiting): void {
    // The lowest free sequence first: reports started together then sit on ascending sequence ids, the order llama.cpp
    // needs to decode a step's tokens in one computation.
    this.free.sort((a, b) => a - b)
    const sequenceId = this.free.shift()!
    // The sequence's cache is trimmed by the loop (prepare), never here: with node-llama-cpp's thread-pool calls a
    // decode may be running on another thread right now.
    const waitedMs = waiter.waitingSince === null ? 0 : performance.now() - waiter.waitingSince
    this.running.set(sequenceId, { ...waiter, sequenceId, pending: null, generated: [], reusedTokens: 0, firstTokenAt: null, waitedMs })
    if (this.loop) return
    const delay = this.options.sequences > 1 ? START_TOGETHER_MS : 0
    this.loop = new Promise<void>((resolve) => setTimeout(resolve, delay)).then(() => this.steps())
  }

  /** Keeps the longest common prefix of the sequence's cached tokens and the job's input (the shared instructions). */
  private prepare(run: Running): void {
    const cached = this.cached[run.sequenceId]!
    const { tokens } = run.job
    // At least the last input token is decoded again, for its logits.
    let common = 0
    const limit = Math.min(cached.length, tokens.length - 1)
    while (common < limit && cached[common] === tokens[common]) common++
    if (common < cached.length && !this.binding.removeTokenCellsFromSequence(run.sequenceId, common, -1)) {
      // Some model kinds (recurrent) cannot cut a sequence in the middle; it starts afresh.
      this.binding.removeTokenCellsFromSequence(run.sequenceId, -1, -1)
      common = 0
    }
    cached.length = common
    run.reusedTokens = common
    run.pending = tokens.slice(common)
  }

  private finish(run: Running, outcome: DecodeOutcome | Error): void {
    if (this.running.get(run.sequenceId) !== run) return
    this.running.delete(run.sequenceId)
    this.free.push(run.sequenceId)
    if (outcome instanceof Error) run.reject(outcome)
    else run.resolve(outcome)
    const next = this.closed ? undefined : this.waiting.shift()
    if (next) this.start(next)
  }

  /** Ends a job with whatever a binding call or callback threw. */
  private fail(run: Running, err: unknown): void {
    this.finish(run, err instanceof Error ? err : new Error(String(err)))
  }

  private async steps(): Promise<void> {
    for (;;) {
      const items = this.nextBatch()
      if (items.length > 0) await this.step(items)
      if (this.running.size === 0) {
        // Cleared in the same turn as the check, so a job that arrives after it starts a new loop.
        this.loop = null
        return
      }
      // Lets the engine process read its messages (new reports, cancels) between two steps.
      await nextTurn()
    }
  }

  /** The next step's tokens: each generating sequence's last token first, then prompt tokens up to the batch size. */
  private nextBatch(): BatchItem[] {
    const items: BatchItem[] = []
    let capacity = this.options.batchSize
    const runs = [...this.running.values()].sort((a, b) => a.sequenceId - b.sequenceId)
    const live: (Running & { pending: number[] })[] = []
    for (const run of runs) {
      if (this.closed || run.job.signal.aborted) this.finish(run, this.closed ?? new AppError('CANCELLED', 'Generation was cancelled'))
      else {
        if (run.pending === null) this.prepare(run)
        live.push(run as Running & { pending: number[] })
      }
    }
    for (const pass of ['generating', 'prompt'] as const) {
      for (const run of live) {
        if ((run.generated.length > 0) !== (pass === 'generating') || capacity === 0) continue
        const tokens = run.pending.slice(0, capacity)
        capacity -= tokens.length
        items.push({ run, tokens, sample: tokens.length === run.pending.length, logitIndex: -1 })
      }
    }
    return items.sort((a, b) => a.run.sequenceId - b.run.sequenceId)
  }

  private async step(items: BatchItem[]): Promise<void> {
    const { binding } = this
    try {
      binding.initBatch(items.reduce((n, item) => n + item.tokens.length, 0))
      for (const item of items) {
        const logits = item.sample ? Uint32Array.of(item.tokens.length - 1) : new Uint32Array(0)
        const indexes = binding.addToBatch(item.run.sequenceId, this.cached[item.run.sequenceId]!.length, Uint32Array.from(item.tokens), logits)
        if (item.sample) item.logitIndex = indexes[0]!
      }
      await binding.decodeBatch()
    } catch (err) {
      // What the failed decode left in these sequences' cache is unknown: they start afresh next time.
      for (const item of items) {
        binding.removeTokenCellsFromSequence(item.run.sequenceId, -1, -1)
        this.cached[item.run.sequenceId]!.length = 0
        this.fail(item.run, err)
      }
      return
    }
    for (const item of items) {
      const { run } = item
      this.cached[run.sequenceId]!.push(...item.tokens)
      run.pending = run.pending!.slice(item.tokens.length)
      if (!item.sample || this.running.get(run.sequenceId) !== run) continue
      let token: number
      try {
        token = await binding.sampleToken(item.logitIndex, run.job.sampler)
      } catch (err) {
        this.fail(run, err)
        continue
      }
      if (token === -1) {
        this.fail(run, new Error('Failed to sample the next token'))
        continue
      }
      const outcome = (stopReason: DecodeOutcome['stopReason']): DecodeOutcome => ({
        stopReason,
        reusedTokens: run.reusedTokens,
        tokens: run.generated,
        firstTokenAt: run.firstTokenAt,
        waitedMs: run.waitedMs,
      })
      run.firstTokenAt ??= performance.now()
      if (this.options.isEogToken(token)) {
        this.finish(run, outcome('eogToken'))
        continue
      }
      run.generated.push(token)
      let more: boolean
      try {
        more = run.job.onToken(token)
      } catch (err) {
        this.fail(run, err)
        continue
      }
      if (!more) this.finish(run, outcome('stopGenerationTrigger'))
      else if (run.generated.length >= run.job.maxTokens) this.finish(run, outcome('maxTokens'))
      else run.pending = [token]
    }
  }
}
