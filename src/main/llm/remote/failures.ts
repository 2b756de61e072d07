// What a failed exchange with a remote server means for the user, and whether trying again may help.
import { AppError } from '../../../shared/errors'

const DNS = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL'])
const TLS = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'EPROTO',
])
/** Connection failures that a restarting or overloaded server produces and that a later try can get past. */
const TRANSIENT = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_SOCKET'])

/** HTTP statuses worth retrying: rate limits and a server that is loading or overloaded. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 502 || status === 503 || status === 504
}

export function isRetryableNetworkCode(code: string | undefined): boolean {
  return code !== undefined && TRANSIENT.has(code)
}

/**
 * How long to wait before try `attempt` (1 = the first retry): doubling from `baseMs`, at most `capMs`; a server's
 * Retry-After (seconds) is honoured up to `capMs` too.
 */
export function backoffMs(attempt: number, retryAfter: string | null | undefined, baseMs = 250, capMs = 8000): number {
  const seconds = retryAfter !== null && retryAfter !== undefined && /^\d+(\.\d+)?$/.test(retryAfter.trim()) ? Number(retryAfter) : null
  if (seconds !== null) return Math.min(capMs, Math.round(seconds * 1000))
  return Math.min(capMs, baseMs * 2 ** (attempt - 1))
}

/** A network-level failure (no HTTP answer) as the message an administrator can act on. */
export function networkFailure(err: unknown, url: URL): AppError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code
  const host = url.host
  if (code !== undefined && DNS.has(code)) {
    return new AppError('REMOTE_UNAVAILABLE', `The server name ${url.hostname} could not be resolved (DNS: ${code}). Check the spelling of the URL and this machine's network settings.`)
  }
  if (code !== undefined && TLS.has(code)) {
    return new AppError(
      'REMOTE_UNAVAILABLE',
      `The TLS connection to ${host} failed (${code}): its certificate is not trusted or does not match the name. If the hospital uses its own certificate authority, give its PEM bundle as the CA bundle.`,
    )
  }
  if (code === 'ECONNREFUSED') return new AppError('REMOTE_UNAVAILABLE', `Nothing answers at ${host} (connection refused). Is the server running, and is the port right?`)
  if (code === 'ECONNRESET' || code === 'EPIPE') return new AppError('REMOTE_UNAVAILABLE', `The connection to ${host} was closed by the server or the network (${code}).`)
  if (code === 'ETIMEDOUT' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH') {
    return new AppError('REMOTE_UNAVAILABLE', `${host} cannot be reached from this machine (${code}). Check the address and any firewall between them.`)
  }
  return new AppError('REMOTE_UNAVAILABLE', `The request to ${host} failed (${code ?? (err instanceof Error ? err.message : String(err))}).`)
}

/** The server's own error message from a JSON error body, shortened: it is shown and logged, so it is kept brief. */
export function serverMessage(body: string): string | null {
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown } | string; message?: unknown; detail?: unknown }
    const m = typeof parsed.error === 'string' ? parsed.error : (parsed.error?.message ?? parsed.message ?? parsed.detail)
    if (typeof m === 'string' && m.trim()) return m.trim().slice(0, 200)
  } catch {
    // Not JSON: say nothing of it rather than echo an arbitrary page.
  }
  return null
}

/**
 * An HTTP error status as the message an administrator can act on. A refused key or an unknown model is
 * INVALID_MODEL: waiting will not fix it (the batch queue pauses and stays paused); a busy or unreachable server is
 * REMOTE_UNAVAILABLE (the queue resumes by itself once it answers).
 */
export function statusFailure(status: number, body: string, ctx: { url: URL; model: string; kind: string }): AppError {
  const said = serverMessage(body)
  const tail = said ? ` The server said: "${said}"` : ''
  if (status === 401 || status === 403) {
    return new AppError('INVALID_MODEL', `The server at ${ctx.url.host} refused the API key (HTTP ${status}). Enter the key again in Models → Remote backends.${tail}`)
  }
  if (status === 404) {
    return new AppError(
      'INVALID_MODEL',
      `The server at ${ctx.url.host} has no ${ctx.kind === 'azure-openai' ? 'deployment' : 'model or endpoint'} "${ctx.model}" at ${ctx.url.pathname} (HTTP 404). Check the model${ctx.kind === 'azure-openai' ? ' (deployment)' : ''} name and the base URL.${tail}`,
    )
  }
  if (isRetryableStatus(status)) return new AppError('REMOTE_UNAVAILABLE', `The server at ${ctx.url.host} is busy or not ready (HTTP ${status}).${tail}`)
  return new AppError('REMOTE_UNAVAILABLE', `The server at ${ctx.url.host} answered HTTP ${status}.${tail}`)
}
