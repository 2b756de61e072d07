// HTTP(S) requests to a remote inference server: keep-alive connections, the hospital's own CA bundle, abort, and
// failures classified by failures.ts. Node's http client directly: nothing is sent anywhere else, and no library
// stands between Readout and what goes on the wire.
import http, { type IncomingHttpHeaders } from 'node:http'
import https from 'node:https'
import { rootCertificates } from 'node:tls'
import { StringDecoder } from 'node:string_decoder'

export interface HttpResponse {
  status: number
  headers: IncomingHttpHeaders
  /** The body as text pieces, as they arrive. */
  chunks(): AsyncIterable<string>
  text(): Promise<string>
}

/** Connections to one server, reused across drafts (a TLS handshake per draft would cost more than the client's own work). */
export function makeAgent(url: URL, opts: { caBundle: string | null; maxSockets: number }): http.Agent {
  if (url.protocol === 'https:') {
    // A custom bundle is added to the system's authorities, not put in their place.
    return new https.Agent({ keepAlive: true, maxSockets: opts.maxSockets, ...(opts.caBundle ? { ca: [...rootCertificates, opts.caBundle] } : {}) })
  }
  return new http.Agent({ keepAlive: true, maxSockets: opts.maxSockets })
}

export interface HttpRequestOptions {
  method: 'GET' | 'POST'
  url: URL
  headers: Record<string, string>
  body?: string
  agent: http.Agent
  signal: AbortSignal
}

/**
 * One request. A kept-alive socket the server closed while it sat in the pool (llama-server closes a connection after a
 * streamed answer without saying so) fails at once with a reset, before any answer: the request is sent again at once
 * on a new connection, as Node's documentation advises (`request.reusedSocket`). Without this every second draft paid
 * the retry backoff (about 250 ms). A reset on a fresh connection, or after an answer began, is the caller's to judge.
 */
export async function httpRequest(opts: HttpRequestOptions): Promise<HttpResponse> {
  try {
    return await requestOnce(opts)
  } catch (err) {
    if (!(err instanceof StaleSocketError)) throw err
    return requestOnce(opts)
  }
}

/** A reused socket that turned out closed; nothing reached the server's handler. */
class StaleSocketError extends Error {}

const STALE_CODES = new Set(['ECONNRESET', 'EPIPE'])

function requestOnce(opts: HttpRequestOptions): Promise<HttpResponse> {
  const lib = opts.url.protocol === 'https:' ? https : http
  return new Promise((resolve, reject) => {
    const req = lib.request(
      opts.url,
      {
        method: opts.method,
        agent: opts.agent,
        signal: opts.signal,
        headers: { accept: 'application/json, text/event-stream', ...opts.headers, ...(opts.body !== undefined ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(opts.body)) } : {}) },
      },
      (res) => {
        const decoder = new StringDecoder('utf8')
        async function* chunks(): AsyncIterable<string> {
          // A body cut short (the server killed mid-answer) ends with an error rather than quietly.
          let complete = false
          res.once('end', () => (complete = true))
          for await (const buf of res) {
            const piece = decoder.write(buf as Buffer)
            if (piece) yield piece
          }
          const rest = decoder.end()
          if (rest) yield rest
          if (!complete && !res.complete) throw Object.assign(new Error('The response ended before it was complete.'), { code: 'ECONNRESET' })
        }
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          chunks,
          async text() {
            let all = ''
            for await (const piece of chunks()) all += piece
            return all
          },
        })
      },
    )
    req.on('error', (err: NodeJS.ErrnoException) => {
      const stale = req.reusedSocket && !opts.signal.aborted && err.code !== undefined && STALE_CODES.has(err.code)
      reject(stale ? new StaleSocketError(err.message) : err)
    })
    req.end(opts.body)
  })
}
