// Starts llama.cpp's real llama-server (built by `npm run build-llama-cpp`) on 127.0.0.1 with the generated test
// models, for the remote-backend tests and benchmark. Tests skip, printing why, only when it is not built.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createServer } from 'node:net'
import { llamaCppBin } from '../../scripts/llamaCppCache'

export const LLAMA_SERVER = llamaCppBin('llama-server')

/** Why the llama-server tests cannot run here, or null when they can. */
export function llamaServerMissing(): string | null {
  return existsSync(LLAMA_SERVER) ? null : `llama-server is not built (${LLAMA_SERVER}): run 'npm run build-llama-cpp' (CI's .ci/run builds it)`
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number }
      s.close(() => resolve(port))
    })
  })
}

export interface LlamaServerHandle {
  url: string
  port: number
  process: ChildProcess
  /** Stops it (SIGTERM, then SIGKILL after 5 s) and waits for it to exit. */
  stop(signal?: NodeJS.Signals): Promise<void>
  /** Its recent output, for a failing test's message. */
  log(): string
}

export interface LlamaServerOptions {
  model: string
  adapters?: string[]
  slots?: number
  threads?: number
  apiKey?: string
  port?: number
  contextSize?: number
  extraArgs?: string[]
}

/** Starts llama-server and resolves once /health answers 200 (the model is loaded). */
export async function startLlamaServer(o: LlamaServerOptions): Promise<LlamaServerHandle> {
  const port = o.port ?? (await freePort())
  const slots = o.slots ?? 4
  const args = [
    '--model', o.model,
    '--host', '127.0.0.1',
    '--port', String(port),
    '--parallel', String(slots),
    // Per slot as much context as the local engine's sequences get.
    '--ctx-size', String((o.contextSize ?? 4096) * slots),
    '--threads', String(o.threads ?? 2),
    '--no-webui',
    ...(o.adapters ?? []).flatMap((a) => ['--lora', a]),
    ...((o.adapters ?? []).length > 0 ? ['--lora-init-without-apply'] : []),
    ...(o.apiKey ? ['--api-key', o.apiKey] : []),
    ...(o.extraArgs ?? []),
  ]
  const child = spawn(LLAMA_SERVER, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const keep = (b: Buffer) => (output = (output + b.toString()).slice(-8000))
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 60_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`llama-server exited (${child.exitCode}) while starting:\n${output}`)
    const ok = await fetch(`${url}/health`).then((r) => r.status === 200, () => false)
    if (ok) break
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`llama-server did not become healthy within 60 s:\n${output}`)
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  return {
    url,
    port,
    process: child,
    log: () => output,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill(signal)
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
      await exited
      clearTimeout(timer)
    },
  }
}
