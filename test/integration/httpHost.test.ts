// The loopback HTTP host over real TCP: token required, loopback only, RPC and SSE on the same dispatch; a session
// cookie apart from the token identifies who signed in, per browser.
import { mkdirSync, writeFileSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { connect } from 'node:net'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startHttpHost, type HttpHost } from '../../src/main/transport/http'
import { addTestUser, makeServices, makeTempDir, TEST_PASSWORD, type TestServices } from '../helpers/services'

let t: TestServices
let host: HttpHost
let base: string

beforeEach(async () => {
  t = makeServices()
  const rendererDir = makeTempDir('readout-renderer-')
  mkdirSync(join(rendererDir, 'assets'))
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Readout</title>')
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)')
  writeFileSync(join(t.dataDir, 'secret.txt'), 'do not serve')
  host = await startHttpHost({
    dispatch: t.dispatch,
    events: t.services.events,
    rendererDir,
    sessionReceivesEvents: (id) => t.services.auth.resolve(id, false).user !== null,
  })
  base = `http://127.0.0.1:${host.port}`
})
afterEach(async () => {
  await host.close()
  t.cleanup()
})

const auth = () => ({ Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json' })

/** A browser: the host token plus whatever session cookie the host gave it. */
function browser() {
  let session = ''
  const rpc = async (method: string, input: unknown = {}) => {
    const res = await fetch(`${base}/rpc/${method}`, { method: 'POST', headers: { ...auth(), ...(session ? { Cookie: session } : {}) }, body: JSON.stringify(input) })
    const set = res.headers.get('set-cookie')
    if (set) session = set.split(';')[0]!
    return { body: (await res.json()) as { ok: boolean; value?: Record<string, unknown>; error?: { code: string; message: string } }, setCookie: set }
  }
  return { rpc, cookie: () => session }
}

describe('HTTP host', () => {
  it('binds 127.0.0.1 only', async () => {
    const addr = host.server.address()
    expect(addr && typeof addr === 'object' && addr.address).toBe('127.0.0.1')
    // Another loopback address on the same port is not served: we are not bound to 0.0.0.0.
    const err = await new Promise<NodeJS.ErrnoException | null>((resolve) => {
      const s = connect({ host: '127.0.0.2', port: host.port })
      s.once('connect', () => {
        s.destroy()
        resolve(null)
      })
      s.once('error', (e) => resolve(e))
    })
    expect(err?.code).toBe('ECONNREFUSED')
  })

  it('refuses requests without the token with 401', async () => {
    expect((await fetch(`${base}/`)).status).toBe(401)
    expect((await fetch(`${base}/assets/app.js`)).status).toBe(401)
    const rpc = await fetch(`${base}/rpc/app.info`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })
    expect(rpc.status).toBe(401)
    const wrong = await fetch(`${base}/rpc/app.info`, {
      method: 'POST',
      headers: { Authorization: 'Bearer nope', 'Content-Type': 'application/json' },
      body: '{}',
    })
    expect(wrong.status).toBe(401)
    expect((await fetch(`${base}/events`)).status).toBe(401)
  })

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    // fetch() may not set Host, so use a raw node:http request.
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port: host.port, path: '/rpc/app.info', method: 'POST', headers: { ...auth(), Host: 'evil.example' } },
        (res) => {
          res.resume()
          resolve(res.statusCode)
        },
      )
      req.on('error', reject)
      req.end('{}')
    })
    expect(status).toBe(403)
  })

  it('serves the contract with the token and returns dispatch envelopes', async () => {
    const ok = (await (await fetch(`${base}/rpc/app.info`, { method: 'POST', headers: auth(), body: '{}' })).json()) as {
      ok: boolean
      value: { dataDir: string; schemaVersion: number }
    }
    expect(ok.ok).toBe(true)
    expect(ok.value.dataDir).toBe(t.dataDir)
    const unknown = await (await fetch(`${base}/rpc/nope.nothing`, { method: 'POST', headers: auth(), body: '{}' })).json()
    expect(unknown).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } })
    const invalid = await (await fetch(`${base}/rpc/audit.list`, { method: 'POST', headers: auth(), body: '{"limit": -1}' })).json()
    // The host token alone does not identify a person: clinical data needs a signed-in session.
    const anonymous = await (await fetch(`${base}/rpc/reports.list`, { method: 'POST', headers: auth(), body: '{}' })).json()
    expect(anonymous).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
    expect(invalid).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    const badJson = await fetch(`${base}/rpc/app.info`, { method: 'POST', headers: auth(), body: '{' })
    expect(badJson.status).toBe(400)
    const form = await fetch(`${base}/rpc/app.info`, { method: 'POST', headers: { Authorization: `Bearer ${host.token}` }, body: 'a=1' })
    expect(form.status).toBe(415)
  })

  it('trades the URL token for a cookie and serves the renderer with a CSP', async () => {
    const first = await fetch(host.url, { redirect: 'manual' })
    expect(first.status).toBe(302)
    expect(first.headers.get('location')).toBe('/')
    const cookie = first.headers.get('set-cookie') ?? ''
    expect(cookie).toContain('HttpOnly')
    expect(cookie).toContain('SameSite=Strict')
    const page = await fetch(`${base}/`, { headers: { Cookie: cookie.split(';')[0] ?? '' } })
    expect(page.status).toBe(200)
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'")
    expect(await page.text()).toContain('<title>Readout</title>')
  })

  it('never serves files outside the renderer folder', async () => {
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const res = await fetch(`${base}${p}`, { headers: auth() })
      expect(res.status, p).toBe(404)
    }
  })

  it('gives each browser its own session cookie, renewed at sign-in, and resolves it to the user for each call', async () => {
    await addTestUser(t, 'nina', ['clinician'])
    await addTestUser(t, 'ada', ['admin'])
    const a = browser()
    const b = browser()
    const first = await a.rpc('auth.status')
    expect(first.setCookie).toMatch(new RegExp(`^readout_session_${host.port}=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Strict; Path=/$`))
    const before = a.cookie()
    const signedIn = await a.rpc('auth.signIn', { username: 'nina', password: TEST_PASSWORD })
    expect(signedIn.body.value).toMatchObject({ user: { username: 'nina' } })
    // A fresh id at sign-in: the id the browser held before is not signed in.
    expect(a.cookie()).not.toBe(before)
    expect(a.cookie()).not.toContain(host.token)
    await b.rpc('auth.signIn', { username: 'ada', password: TEST_PASSWORD })
    expect((await a.rpc('auth.status')).body.value).toMatchObject({ user: { username: 'nina' } })
    expect((await b.rpc('auth.status')).body.value).toMatchObject({ user: { username: 'ada' } })
    expect((await a.rpc('users.list')).body.error).toMatchObject({ code: 'FORBIDDEN' })
    expect((await b.rpc('users.list')).body.ok).toBe(true)
    const stale = await fetch(`${base}/rpc/reports.list`, { method: 'POST', headers: { ...auth(), Cookie: before }, body: '{}' })
    expect(await stale.json()).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
    await a.rpc('auth.signOut')
    expect((await a.rpc('reports.list')).body.error).toMatchObject({ code: 'UNAUTHENTICATED' })
    expect((await b.rpc('reports.list')).body.ok).toBe(true)
  })

  it('streams contract events as server-sent events to signed-in sessions only', async () => {
    await addTestUser(t, 'ada', ['admin'])
    const b = browser()
    await b.rpc('auth.signIn', { username: 'ada', password: TEST_PASSWORD })
    const outsider = new AbortController()
    const anonymous = await fetch(`${base}/events`, { headers: auth(), signal: outsider.signal })
    const anonReader = anonymous.body!.getReader()
    const decoderA = new TextDecoder()
    let anonText = decoderA.decode((await anonReader.read()).value)
    const controller = new AbortController()
    const res = await fetch(`${base}/events`, { headers: { ...auth(), Cookie: b.cookie() }, signal: controller.signal })
    expect(res.headers.get('content-type')).toBe('text/event-stream')
    const reader = res.body!.getReader()
    const decoder = new TextDecoder()
    let text = ''
    text += decoder.decode((await reader.read()).value) // ": connected"
    expect((await b.rpc('settings.set', { key: 'ui.colorScheme', value: 'dark' })).body.ok).toBe(true)
    while (!text.includes('settings.changed')) text += decoder.decode((await reader.read()).value)
    expect(text).toContain('data: {"event":"settings.changed","payload":{"key":"ui.colorScheme"}}')
    controller.abort()
    // The stream without a signed-in session got nothing but its greeting (events carry draft text).
    const next = await Promise.race([anonReader.read(), new Promise<null>((r) => setTimeout(() => r(null), 300))])
    if (next && next.value) anonText += decoderA.decode(next.value)
    expect(anonText).not.toContain('settings.changed')
    outsider.abort()
  })
})
