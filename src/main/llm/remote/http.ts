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

export function httpRequest(opts: {
  method: 'GET' | 'POST'
  url: URL
  headers: Record<string, string>
  body?: string
  agent: http.Agent
  signal: AbortSignal
}): Promise<HttpResponse> {
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
    req.on('error', reject)
    req.end(opts.body)
  })
}
