// Decoding and sampling on the engine process's own thread, when the engine binary offers it.
//
// node-llama-cpp runs every llama_decode and every sampling step as a libuv thread-pool job: a hand-off to a pool
// thread and another back to the event loop, twice per generated token. The engine runs in a process of its own
// whose event loop does nothing else, so doing that work right there costs nothing and removes the hand-offs
// (generation on the benchmark model, 2 threads: median 81 vs 75 tokens/s over 20 alternating runs).
//
// Every decode moves, prompt batches included. With OpenMP (how `npm run build-engine` compiles llama.cpp on Linux)
// each thread that calls llama_decode gets its own team of compute threads; with prompts decoded on a pool thread and
// tokens on the main thread, two teams exist, libgomp then stops spinning at barriers because it manages more threads
// than there are cores, and generation fell by a third (~80 → ~52 tokens/s). The price: while a prompt batch (at most
// 512 tokens) is decoded the engine cannot read messages. The app does not wait for it: ProcessBackend answers a
// cancel and a status itself (processBackend.ts).
//
// The synchronous calls come from Readout's patch to node-llama-cpp's binding (scripts/engine-patches/), compiled by
// `npm run build-engine`. node-llama-cpp's prebuilt binaries do not have them, and then nothing changes.

interface AddonContextLike {
  decodeBatch(): Promise<void>
  sampleToken(...args: unknown[]): Promise<unknown>
  decodeBatchSync?: () => void
  sampleTokenSync?: (batchLogitIndex: number, sampler: unknown) => number
}

/** Set to 0 to keep node-llama-cpp's thread-pool calls with a patched binary (for comparisons). */
export const INLINE_STEPS_ENV = 'READOUT_ENGINE_INLINE_STEPS'

const settle = <T>(fn: () => T): Promise<T> => {
  try {
    return Promise.resolve(fn())
  } catch (err) {
    return Promise.reject(err)
  }
}

/**
 * Routes a node-llama-cpp context's decodes, and its plain sampling calls (exactly two arguments: no probabilities,
 * confidence or logits requested), to the binding's synchronous variants. Returns whether it did: false for a binary
 * without them, when turned off by READOUT_ENGINE_INLINE_STEPS=0, or for a node-llama-cpp whose internals moved (the
 * context is then left as it was).
 */
export function runStepsInline(context: object, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env[INLINE_STEPS_ENV] === '0') return false
  const ctx = (context as { _ctx?: AddonContextLike })._ctx
  if (!ctx || typeof ctx.decodeBatchSync !== 'function' || typeof ctx.sampleTokenSync !== 'function' || typeof ctx.sampleToken !== 'function') return false
  const decodeSync = ctx.decodeBatchSync.bind(ctx)
  const sampleSync = ctx.sampleTokenSync.bind(ctx)
  const sampleToken = ctx.sampleToken.bind(ctx)
  // The binding's methods are read-only on its prototype, so plain assignment would fail (or, in sloppy-mode
  // bundles, do nothing); own properties shadow them.
  const override = (name: 'decodeBatch' | 'sampleToken', value: (...args: never[]) => unknown) =>
    Object.defineProperty(ctx, name, { value, configurable: true, writable: false, enumerable: false })
  override('decodeBatch', () => settle(decodeSync))
  override('sampleToken', (...args: unknown[]) =>
    args.length === 2 && typeof args[0] === 'number' ? settle(() => sampleSync(args[0] as number, args[1])) : sampleToken(...args),
  )
  return true
}
