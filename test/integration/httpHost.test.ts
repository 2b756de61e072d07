// The loopback HTTP host over real TCP: token required, loopback only, RPC and SSE on the same dispatch.
import { mkdirSync, writeFileSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { connect } from 'node:net'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startHttpHost, type HttpHost } from '../../src/main/transport/http'
import { makeServices, makeTempDir, type TestServices } from '../helpers/services'

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
  host = await startHttpHost({ dispatch: t.dispatch, events: t.services.events, rendererDir })
  base = `http://127.0.0.1:${host.port}`
})
afterEach(async () => {
  await host.close()
  t.cleanup()
})

const auth = () => ({ Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json' })

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

  it('streams contract events as server-sent events', async () => {
    const controller = new AbortController()
    const res = await fetch(`${base}/events`, { headers: auth(), signal: controller.signal })
    expect(res.headers.get('content-type')).toBe('text/event-stream')
    const reader = res.body!.getReader()
    const decoder = new TextDecoder()
    let text = ''
    text += decoder.decode((await reader.read()).value) // ": connected"
    await fetch(`${base}/rpc/settings.set`, { method: 'POST', headers: auth(), body: JSON.stringify({ key: 'ui.colorScheme', value: 'dark' }) })
    while (!text.includes('settings.changed')) text += decoder.decode((await reader.read()).value)
    expect(text).toContain('data: {"event":"settings.changed","payload":{"key":"ui.colorScheme"}}')
    controller.abort()
  })
})
