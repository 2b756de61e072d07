// The renderer's contract client: Electron IPC when the preload provided window.api, else the loopback HTTP host.
import type { EventName, EventPayload, MethodInput, MethodName, MethodOutput, Result } from '../../../shared/contract'
import type { ErrorCode } from '../../../shared/errors'

interface PreloadApi {
  call(method: string, input: unknown): Promise<unknown>
  subscribe(event: string, fn: (payload: unknown) => void): () => void
}

declare global {
  interface Window {
    api?: PreloadApi
  }
}

export class ApiError extends Error {
  readonly code: ErrorCode
  constructor(code: ErrorCode, message: string) {
    super(message)
    this.code = code
  }
}

async function httpCall(method: string, input: unknown): Promise<Result<unknown>> {
  const res = await fetch(`/rpc/${encodeURIComponent(method)}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    credentials: 'same-origin',
    body: JSON.stringify(input ?? {}),
  })
  if (res.status === 401) return { ok: false, error: { code: 'UNAUTHORIZED', message: 'Session expired: open the URL printed by `readout serve` again.' } }
  return (await res.json()) as Result<unknown>
}

export function transportName(): 'ipc' | 'http' {
  return window.api ? 'ipc' : 'http'
}

export async function call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const result = (window.api ? await window.api.call(method, input) : await httpCall(method, input)) as Result<MethodOutput<M>>
  if (!result.ok) throw new ApiError(result.error.code, result.error.message)
  return result.value
}

// One EventSource for the whole renderer; listeners are fanned out by event name.
let source: EventSource | null = null
const listeners = new Map<string, Set<(payload: unknown) => void>>()

function ensureEventSource(): void {
  if (source) return
  source = new EventSource('/events', { withCredentials: true })
  source.onmessage = (m: MessageEvent<string>) => {
    const { event, payload } = JSON.parse(m.data) as { event: string; payload: unknown }
    for (const fn of listeners.get(event) ?? []) fn(payload)
  }
}

/**
 * Reopens the event stream, so it carries the current session's cookie: the server sends events only to a signed-in,
 * unlocked session, and signing in issues a new session id.
 */
export function reconnectEvents(): void {
  if (!source) return
  source.close()
  source = null
  if (listeners.size > 0) ensureEventSource()
}

export function subscribe<E extends EventName>(event: E, fn: (payload: EventPayload<E>) => void): () => void {
  const f = fn as (payload: unknown) => void
  if (window.api) return window.api.subscribe(event, f)
  ensureEventSource()
  let set = listeners.get(event)
  if (!set) listeners.set(event, (set = new Set()))
  set.add(f)
  return () => set.delete(f)
}
