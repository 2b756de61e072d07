// Entry of the model-engine process: a NodeLlamaBackend driven by messages from the app (processBackend.ts).
// Runs under Node (child_process.fork) or as an Electron utility process (process.parentPort).
import { AppError, type ErrorCode } from '../../../shared/errors'
import type { HostReply, HostRequest } from './hostProtocol'
import { NodeLlamaBackend } from './nodeLlama'

interface ParentPort {
  on(event: 'message', listener: (e: { data: HostRequest }) => void): void
  postMessage(message: HostReply): void
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort
const send: (m: HostReply) => void = parentPort ? (m) => parentPort.postMessage(m) : (m) => process.send?.(m)

const backend = new NodeLlamaBackend()
const running = new Map<number, AbortController>()

// Streamed text is sent in small bundles: one message per token would wake the app process ~100 times a second
// for nothing the eye can see.
const TEXT_FLUSH_MS = 25

function fail(id: number, err: unknown): void {
  const code: ErrorCode = err instanceof AppError ? err.code : 'GENERATION_FAILED'
  const message = err instanceof Error ? err.message : String(err)
  send({ id, type: 'error', code, message: err instanceof AppError ? message : `The model engine failed: ${message}` })
}

async function generate(id: number, req: Extract<HostRequest, { op: 'generate' }>['req']): Promise<void> {
  const controller = new AbortController()
  running.set(id, controller)
  let pending = ''
  let timer: NodeJS.Timeout | null = null
  const flush = () => {
    if (timer) clearTimeout(timer)
    timer = null
    if (pending) send({ id, type: 'text', chunk: pending })
    pending = ''
  }
  try {
    const result = await backend.generate({
      ...req,
      signal: controller.signal,
      onText: req.stream
        ? (chunk) => {
            pending += chunk
            timer ??= setTimeout(flush, TEXT_FLUSH_MS)
          }
        : undefined,
    })
    flush()
    send({ id, type: 'result', value: result })
  } finally {
    if (timer) clearTimeout(timer)
    running.delete(id)
  }
}

async function handle(m: HostRequest): Promise<void> {
  try {
    switch (m.op) {
      case 'configure':
        await backend.configure(m.config, (value) => send({ id: m.id, type: 'progress', value }))
        send({ id: m.id, type: 'result', value: undefined })
        return
      case 'generate':
        await generate(m.id, m.req)
        return
      case 'status':
        send({ id: m.id, type: 'result', value: await backend.status() })
        return
      case 'abort':
        running.get(m.target)?.abort()
        send({ id: m.id, type: 'result', value: undefined })
        return
      case 'dispose':
        for (const c of running.values()) c.abort()
        await backend.dispose()
        send({ id: m.id, type: 'result', value: undefined })
        return
    }
  } catch (err) {
    fail(m.id, err)
  }
}

if (parentPort) parentPort.on('message', (e) => void handle(e.data))
else {
  process.on('message', (m: HostRequest) => void handle(m))
  // The app went away (or closed the channel): nothing is left to serve.
  process.on('disconnect', () => process.exit(0))
}
