// `readout serve`: the contract and the built renderer over loopback HTTP, guarded by a per-launch token.
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { createReadStream, statSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, sep } from 'node:path'
import { RPC_MAX_BODY_BYTES } from '../../shared/uploadLimits'
import type { EventBus } from '../eventBus'
import type { Dispatch } from './dispatch'

export const LOOPBACK = '127.0.0.1'

/** Same policy as the renderer's meta tag; sent as a header as well so it also covers non-HTML responses. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
}

export interface HttpHostOptions {
  dispatch: Dispatch
  events: EventBus
  /** Folder with the built renderer (index.html + assets). */
  rendererDir: string
  port?: number
  /** Fixed token for tests; a random one otherwise. */
  token?: string
  /**
   * Whether a session may receive events (they carry draft text as it is generated): only a signed-in, unlocked one.
   * Without it no event is sent to anyone.
   */
  sessionReceivesEvents?: (sessionId: string) => boolean
  /** Largest `/rpc/*` request body read, in bytes (default RPC_MAX_BODY_BYTES); a larger one is answered 413. */
  maxBodyBytes?: number
}

export interface HttpHost {
  server: Server
  port: number
  token: string
  url: string
  close(): Promise<void>
}

function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a)
  const bb = Buffer.from(b)
  return ab.length === bb.length && timingSafeEqual(ab, bb)
}

function cookieValue(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=')
    if (k === name) return v.join('=')
  }
  return undefined
}

function send(res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8', headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', ...headers })
  res.end(body)
}

/** A request body over the limit: answered 413, never read further. */
class BodyTooLarge extends Error {}

/** The declared Content-Length when it exceeds the limit, so the request is refused before any of it is read. */
export function declaredTooLarge(req: IncomingMessage, maxBytes: number): boolean {
  const declared = Number(req.headers['content-length'])
  return Number.isFinite(declared) && declared > maxBytes
}

/** The body as text, counting bytes as they arrive (chunked bodies declare no length): over maxBytes it stops reading. */
function readBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const onData = (c: Buffer) => {
      size += c.length
      if (size > maxBytes) {
        req.off('data', onData)
        req.pause()
        chunks.length = 0
        reject(new BodyTooLarge())
        return
      }
      chunks.push(c)
    }
    req.on('data', onData)
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

/**
 * 413 with the contract's error envelope, then the connection is closed once the answer is written: the rest of the
 * body is never read (Node would otherwise read and discard it to keep the connection alive).
 */
function refuseTooLarge(req: IncomingMessage, res: ServerResponse, maxBytes: number): void {
  const message = `The request body is larger than ${maxBytes / 1024 / 1024} MiB, the most this host reads. Import large files by path (\`readout import\` or the watch folder).`
  const body = JSON.stringify({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE', message } })
  res.shouldKeepAlive = false
  res.writeHead(413, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store', Connection: 'close' })
  res.end(body, () => req.socket.destroy())
}

export async function startHttpHost(opts: HttpHostOptions): Promise<HttpHost> {
  const token = opts.token ?? randomBytes(32).toString('base64url')
  const maxBodyBytes = opts.maxBodyBytes ?? RPC_MAX_BODY_BYTES
  let port = 0
  // Cookies ignore the port, so two hosts on 127.0.0.1 need distinct cookie names.
  const cookieName = () => `readout_token_${port}`
  // The person's session, apart from the host token: each browser (or private window) signs in on its own.
  const sessionCookieName = () => `readout_session_${port}`
  const sseClients = new Map<ServerResponse, string | undefined>()
  const sessionCookie = (id: string) => `${sessionCookieName()}=${id}; HttpOnly; SameSite=Strict; Path=/`
  const newSessionId = () => randomBytes(32).toString('base64url')
  const sessionOf = (req: IncomingMessage): string | undefined => {
    const id = cookieValue(req, sessionCookieName())
    return id && /^[A-Za-z0-9_-]{43}$/.test(id) ? id : undefined
  }

  const authorised = (req: IncomingMessage, url: URL): boolean => {
    const auth = req.headers.authorization
    if (auth?.startsWith('Bearer ') && safeEqual(auth.slice(7), token)) return true
    const cookie = cookieValue(req, cookieName())
    if (cookie && safeEqual(cookie, token)) return true
    const q = url.searchParams.get('token')
    return q !== null && safeEqual(q, token)
  }

  const serveStatic = (res: ServerResponse, pathname: string): void => {
    const rel = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '')
    const file = normalize(join(opts.rendererDir, rel))
    if (!file.startsWith(normalize(opts.rendererDir) + sep)) return send(res, 404, 'Not found')
    let size: number
    try {
      const st = statSync(file)
      if (!st.isFile()) return send(res, 404, 'Not found')
      size = st.size
    } catch {
      return send(res, 404, 'Not found')
    }
    res.writeHead(200, {
      'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
      'Content-Length': size,
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    })
    createReadStream(file).pipe(res)
  }

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    // DNS-rebinding guard: only our own loopback names may address us.
    const host = req.headers.host ?? ''
    if (host !== `${LOOPBACK}:${port}` && host !== `localhost:${port}`) return send(res, 403, 'Forbidden host')
    const url = new URL(req.url ?? '/', `http://${host}`)
    if (!authorised(req, url)) return send(res, 401, 'Unauthorised: open the URL that `readout serve` printed (it carries the token).')

    if (url.searchParams.has('token') && req.method === 'GET' && !url.pathname.startsWith('/events')) {
      // Trade the URL token for a same-site cookie so it leaves the address bar and history.
      res.writeHead(302, {
        'Set-Cookie': `${cookieName()}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        Location: url.pathname,
        'Cache-Control': 'no-store',
      })
      res.end()
      return
    }

    if (url.pathname.startsWith('/rpc/')) {
      if (req.method !== 'POST') return send(res, 405, 'Use POST')
      // Requiring JSON forces a CORS preflight for any cross-origin caller, which we never answer.
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return send(res, 415, 'Content-Type must be application/json')
      if (declaredTooLarge(req, maxBodyBytes)) return refuseTooLarge(req, res, maxBodyBytes)
      let input: unknown
      try {
        const body = await readBody(req, maxBodyBytes)
        input = body.length ? JSON.parse(body) : {}
      } catch (err) {
        if (err instanceof BodyTooLarge) return refuseTooLarge(req, res, maxBodyBytes)
        const message = err instanceof Error ? err.message : 'Bad request body'
        return send(res, 400, JSON.stringify({ ok: false, error: { code: 'INVALID_INPUT', message } }), 'application/json')
      }
      const method = decodeURIComponent(url.pathname.slice('/rpc/'.length))
      // A browser without a session cookie gets one now; signing in replaces it (renewSession) with a fresh id.
      let sessionId = sessionOf(req)
      let setCookie: string | undefined
      if (!sessionId) setCookie = sessionCookie((sessionId = newSessionId()))
      const renewSession = () => {
        const id = newSessionId()
        setCookie = sessionCookie(id)
        return id
      }
      const result = await opts.dispatch(method, input, { actor: 'local-user', transport: 'http', sessionId, renewSession })
      return send(res, 200, JSON.stringify(result), 'application/json', setCookie ? { 'Set-Cookie': setCookie } : {})
    }

    if (url.pathname === '/events') {
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' })
      res.write(': connected\n\n')
      sseClients.set(res, sessionOf(req))
      req.on('close', () => sseClients.delete(res))
      return
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed')
    return serveStatic(res, url.pathname)
  }

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, 'Internal error')
      else res.end()
    })
  }
  const server = createServer(onRequest)
  // A client that asks before sending (Expect: 100-continue) is told to go on only when its declared body fits.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    if (!declaredTooLarge(req, maxBodyBytes)) res.writeContinue()
    onRequest(req, res)
  })

  const unsubscribe = opts.events.onAny((event, payload) => {
    const frame = `data: ${JSON.stringify({ event, payload })}\n\n`
    for (const [c, sessionId] of sseClients) {
      if (sessionId && opts.sessionReceivesEvents?.(sessionId)) c.write(frame)
    }
  })
  const heartbeat = setInterval(() => {
    for (const c of sseClients.keys()) c.write(': ping\n\n')
  }, 15_000)
  heartbeat.unref()

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, LOOPBACK, () => resolve())
  })
  port = (server.address() as AddressInfo).port

  return {
    server,
    port,
    token,
    url: `http://${LOOPBACK}:${port}/?token=${token}`,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(heartbeat)
        unsubscribe()
        for (const c of sseClients.keys()) c.end()
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
