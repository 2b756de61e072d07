// The engine the app uses: node-llama-cpp in its own process (host.ts), reached through messages.
//
// Why a process of its own:
// - Generation speed. node-llama-cpp runs every decode and every sampling step as a libuv thread-pool job. Each
//   pool thread that calls llama.cpp gets its own set of compute threads, which keep spinning after their job; with
//   Node's default pool of 4 on a 2-core machine generation fell from ~85 to ~45 tokens/s on the benchmark model
//   (2 compute threads), and a pool of 1 was steadiest (one decode or sampling step runs at a time anyway). The
//   pool size is read from UV_THREADPOOL_SIZE once per process, and the app's own file reads need the default pool,
//   so the engine gets a process of its own.
// - The engine may decode on its own main thread (inlineSteps.ts), and then reads no message while a prompt batch
//   is decoded. So the app does not wait for it where it need not: a cancel fails the request here at once (the
//   engine stops after its current batch), and the status, which changes only when the engine is configured, is
//   kept from the last configure.
// - The app stays responsive while llama.cpp computes, and a crash inside llama.cpp (a corrupt model, out of
//   memory in native code) ends the engine, not the app: the request fails with a clear message and the next
//   load starts a fresh engine.
import { fork } from 'node:child_process'
import { AppError } from '../../../shared/errors'
import { GENERATION_CANCELLED_MESSAGE, type BackendStatus, type EngineConfig, type GenerateRequest, type GenerateResult, type LlmBackend } from './backend'
import type { HostChannel, HostReply, HostRequest, HostSpawner } from './hostProtocol'

/** libuv pool threads in the engine process (see above). */
export const ENGINE_UV_THREADPOOL_SIZE = '1'

type Request = HostRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never

interface Pending {
  resolve(value: unknown): void
  reject(err: Error): void
  onProgress?: (p: number) => void
  onText?: (chunk: string) => void
}

/**
 * Node's child_process.fork with an IPC channel; used by `readout serve`, the CLI and tests. The engine's stdout
 * (llama.cpp and node-llama-cpp print there) goes to our stderr: our stdout is the CLI's output (`--json`).
 */
export const forkSpawner: HostSpawner = (hostPath, env) => {
  const child = fork(hostPath, [], { env: { ...process.env, ...env }, stdio: ['ignore', 2, 'inherit', 'ipc'] })
  return {
    send: (m) => child.send(m),
    onMessage: (l) => child.on('message', (m) => l(m as HostReply)),
    onExit: (l) => child.on('exit', (code) => l(code)),
    hold: (busy) => {
      if (busy) {
        child.ref()
        child.channel?.ref()
      } else {
        child.unref()
        child.channel?.unref()
      }
    },
    kill: () => child.kill(),
    pid: () => child.pid,
  }
}

const NOT_LOADED: BackendStatus = { loaded: false, gpu: null, gpuLayers: null, threads: 0, memoryBytes: null, baseLoads: 0, binary: null, inlineSteps: false, sequences: 0 }

export class ProcessBackend implements LlmBackend {
  readonly name = 'node-llama-cpp'
  private channel: HostChannel | null = null
  private pending = new Map<number, Pending>()
  private nextId = 1
  /** The engine's status as of the last configure; only a configure changes it (and the engine's exit ends it). */
  private known: BackendStatus | null = null

  constructor(private readonly opts: { hostPath: string; spawn?: HostSpawner }) {}

  private ensureChannel(): HostChannel {
    if (this.channel) return this.channel
    const channel = (this.opts.spawn ?? forkSpawner)(this.opts.hostPath, { UV_THREADPOOL_SIZE: ENGINE_UV_THREADPOOL_SIZE })
    channel.onMessage((m) => this.route(m))
    channel.onExit((code) => {
      if (this.channel !== channel) return
      this.channel = null
      this.known = null
      const err = new AppError(
        'GENERATION_FAILED',
        `The model engine stopped unexpectedly (exit code ${code ?? 'none'}); nothing was saved. Load the model again on the Models page.`,
      )
      for (const p of this.pending.values()) p.reject(err)
      this.pending.clear()
    })
    channel.hold(false)
    this.channel = channel
    return channel
  }

  private route(m: HostReply): void {
    const p = this.pending.get(m.id)
    if (!p) return
    if (m.type === 'progress') p.onProgress?.(m.value)
    else if (m.type === 'text') p.onText?.(m.chunk)
    else {
      this.finish(m.id)
      if (m.type === 'result') p.resolve(m.value)
      else p.reject(new AppError(m.code, m.message))
    }
  }

  /** Ends a request: it stops waiting for replies, and an engine with nothing pending no longer holds the app open. */
  private finish(id: number): Pending | undefined {
    const p = this.pending.get(id)
    if (!p) return undefined
    this.pending.delete(id)
    if (this.pending.size === 0) this.channel?.hold(false)
    return p
  }

  private call<T>(request: Request, handlers: Omit<Pending, 'resolve' | 'reject'> = {}): { id: number; done: Promise<T> } {
    const channel = this.ensureChannel()
    const id = this.nextId++
    const done = new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, ...handlers })
    })
    channel.hold(true)
    channel.send({ ...request, id } as HostRequest)
    return { id, done }
  }

  async configure(config: EngineConfig, onProgress?: (progress: number) => void): Promise<void> {
    this.known = null
    try {
      await this.call<void>({ op: 'configure', config }, { onProgress }).done
    } finally {
      // After a failed configure too: it may have released the previous context.
      if (this.channel) this.known = await this.call<BackendStatus>({ op: 'status' }).done.catch(() => null)
    }
  }

  async generate(req: GenerateRequest): Promise<GenerateResult> {
    if (!this.channel) throw new AppError('MODEL_NOT_READY', 'No model is loaded. Choose a base model on the Models page.')
    if (req.signal.aborted) throw new AppError('CANCELLED', GENERATION_CANCELLED_MESSAGE)
    const { signal, onText, ...rest } = req
    const { id, done } = this.call<GenerateResult>({ op: 'generate', req: { ...rest, stream: onText !== undefined } }, { onText })
    const abort = () => {
      this.channel?.send({ id: this.nextId++, op: 'abort', target: id })
      // Answered here: the engine may be inside a prompt batch and read the abort only after it. Its late reply
      // for this request finds nothing pending and is dropped.
      this.finish(id)?.reject(new AppError('CANCELLED', GENERATION_CANCELLED_MESSAGE))
    }
    signal.addEventListener('abort', abort, { once: true })
    try {
      return await done
    } finally {
      signal.removeEventListener('abort', abort)
    }
  }

  async status(): Promise<BackendStatus> {
    if (!this.channel) return NOT_LOADED
    if (this.known) return this.known
    return this.call<BackendStatus>({ op: 'status' }).done
  }

  async dispose(): Promise<void> {
    const channel = this.channel
    if (!channel) return
    // Let the engine free llama.cpp's memory in order; end it regardless after a short wait.
    await Promise.race([this.call<void>({ op: 'dispose' }).done.catch(() => undefined), new Promise((r) => setTimeout(r, 2000).unref())])
    this.channel = null
    this.known = null
    channel.kill()
    const err = new AppError('CANCELLED', 'The model was unloaded; nothing was saved.')
    for (const p of this.pending.values()) p.reject(err)
    this.pending.clear()
  }
}
