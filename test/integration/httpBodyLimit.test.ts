// The loopback host caps /rpc request bodies over a real socket: a declared or streamed body over the limit gets 413
// before the rest is read, the body is never held in memory, and the host keeps serving.
import { once } from 'node:events'
import { mkdirSync, writeFileSync } from 'node:fs'
import { connect, type Socket } from 'node:net'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startHttpHost, type HttpHost } from '../../src/main/transport/http'
import { RPC_MAX_BODY_BYTES, UPLOAD_MAX_BASE64_CHARS } from '../../src/shared/uploadLimits'
import { makeServices, makeTempDir, type TestServices } from '../helpers/services'

const MiB = 1024 * 1024

let t: TestServices
let hosts: HttpHost[] = []

beforeEach(() => {
  t = makeServices()
  hosts = []
})
afterEach(async () => {
  for (const h of hosts) await h.close()
  t.cleanup()
})

async function startHost(maxBodyBytes?: number): Promise<HttpHost> {
  const rendererDir = makeTempDir('readout-renderer-')
  mkdirSync(join(rendererDir, 'assets'))
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Readout</title>')
  const host = await startHttpHost({ dispatch: t.dispatch, events: t.services.events, rendererDir, maxBodyBytes })
  hosts.push(host)
  return host
}

interface RawAnswer {
  status: number
  body: string
  /** Body bytes this client wrote before the answer came (or the server closed the connection). */
  sent: number
}

/**
 * One POST over a raw socket: headers, then `total` body bytes in 256 KiB writes (as chunked encoding when `chunked`),
 * honouring backpressure, stopping as soon as an answer arrives or the connection closes.
 */
async function rawPost(
  host: HttpHost,
  opts: { total: number; chunked?: boolean; contentLength?: number; expectContinue?: boolean; path?: string },
): Promise<RawAnswer> {
  const socket: Socket = connect({ host: '127.0.0.1', port: host.port })
  await once(socket, 'connect')
  let received = ''
  let closed = false
  socket.setEncoding('utf8')
  socket.on('data', (d: string) => (received += d))
  socket.on('error', () => {}) // EPIPE/ECONNRESET once the host has closed: expected
  const ended = new Promise<void>((resolve) => socket.on('close', () => ((closed = true), resolve())))
  const answered = () => received.includes('\r\n\r\n') && !received.startsWith('HTTP/1.1 100')

  const head = [
    `POST ${opts.path ?? '/rpc/app.info'} HTTP/1.1`,
    `Host: 127.0.0.1:${host.port}`,
    `Authorization: Bearer ${host.token}`,
    'Content-Type: application/json',
    'Connection: close',
    opts.chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${opts.contentLength ?? opts.total}`,
    ...(opts.expectContinue ? ['Expect: 100-continue'] : []),
    '',
    '',
  ].join('\r\n')
  socket.write(head)

  if (opts.expectContinue) {
    // A well-behaved client waits for 100 Continue (or an answer) before sending the body.
    await Promise.race([new Promise((r) => setTimeout(r, 1000)), ended, new Promise<void>((r) => socket.on('data', () => r()))])
  }
  const piece = Buffer.alloc(256 * 1024, 0x61)
  let sent = 0
  while (sent < opts.total && !closed && !answered() && !(opts.expectContinue && !received.startsWith('HTTP/1.1 100'))) {
    const n = Math.min(piece.length, opts.total - sent)
    const data = opts.chunked ? Buffer.concat([Buffer.from(`${n.toString(16)}\r\n`), piece.subarray(0, n), Buffer.from('\r\n')]) : piece.subarray(0, n)
    sent += n
    if (!socket.write(data)) await Promise.race([once(socket, 'drain').catch(() => {}), ended, new Promise((r) => setTimeout(r, 50))])
  }
  if (opts.chunked && sent >= opts.total && !closed) socket.write('0\r\n\r\n')
  // Wait for the whole answer: the host closes the connection after a 413; otherwise give up after 5 s.
  await Promise.race([ended, new Promise((r) => setTimeout(r, 5000))])
  socket.destroy()
  const final = received.replace(/^HTTP\/1\.1 100 Continue\r\n\r\n/, '')
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(final)?.[1] ?? 0)
  const headers = final.slice(0, final.indexOf('\r\n\r\n'))
  let body = final.slice(headers.length + 4)
  if (/^transfer-encoding: chunked$/im.test(headers)) body = dechunk(body)
  return { status, body, sent }
}

function dechunk(text: string): string {
  let out = ''
  let i = 0
  for (;;) {
    const eol = text.indexOf('\r\n', i)
    const size = parseInt(text.slice(i, eol), 16)
    if (!(size > 0)) return out
    out += text.slice(eol + 2, eol + 2 + size)
    i = eol + 2 + size + 2
  }
}

async function stillServes(host: HttpHost): Promise<void> {
  const r = await fetch(`http://127.0.0.1:${host.port}/rpc/app.info`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json' },
    body: '{}',
  })
  expect(r.status).toBe(200)
  expect(((await r.json()) as { ok: boolean }).ok).toBe(true)
}

describe('HTTP host request body limit', () => {
  it('is sized for the largest legitimate call: one file at the upload limit, as base64 in import.files', () => {
    const envelope = JSON.stringify({ jobId: 'x'.repeat(100), files: [{ name: 'n'.repeat(1000), contentBase64: '' }] }).length
    expect(UPLOAD_MAX_BASE64_CHARS + envelope).toBeLessThan(RPC_MAX_BODY_BYTES)
    // ...and well below the 60 MB body of the report that read everything before refusing it.
    expect(RPC_MAX_BODY_BYTES).toBeLessThan(60_000_000)
  })

  it('answers 413 to a declared 60 MB body without waiting for it, and keeps serving', async () => {
    const host = await startHost()
    // Only 1 MiB of the declared 60 MB is ever sent: an answer proves the host did not wait to read the rest.
    const r = await rawPost(host, { total: 1 * MiB, contentLength: 60_000_000 })
    expect(r.status).toBe(413)
    expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining('48 MiB') } })
    await stillServes(host)
  })

  it('answers 413 before 100 Continue, so a client that asks first sends nothing', async () => {
    const host = await startHost()
    const r = await rawPost(host, { total: 60_000_000, expectContinue: true })
    expect(r.status).toBe(413)
    expect(r.sent).toBe(0)
    await stillServes(host)
  })

  it('counts a chunked body as it streams and stops reading at the limit, holding no more than the limit', async () => {
    const limit = 1 * MiB
    const host = await startHost(limit)
    const before = process.memoryUsage().arrayBuffers
    let peak = before
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().arrayBuffers)), 5)
    const r = await rawPost(host, { total: 60_000_000, chunked: true })
    clearInterval(sampler)
    expect(r.status).toBe(413)
    expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE' } })
    // The answer came long before the 60 MB were sent: the limit plus what the two sockets' kernel buffers hold
    // (measured: 4 MiB sent for a 1 MiB limit, 5.5 MB peak growth, both sides of the connection in this process).
    expect(r.sent).toBeLessThan(limit + 8 * MiB)
    // Neither the body nor anything near 60 MB was held in memory at any point.
    expect(peak - before).toBeLessThan(16 * MiB)
    await stillServes(host)
  })

  it('still reads a body up to the limit', async () => {
    const limit = 1 * MiB
    const host = await startHost(limit)
    const body = JSON.stringify({ pad: 'x'.repeat(limit - 100) })
    const r = await fetch(`http://127.0.0.1:${host.port}/rpc/app.info`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json' },
      body,
    })
    // Read and handed to dispatch, whose input validation answers (app.info takes no fields).
    expect(r.status).toBe(200)
    expect(((await r.json()) as { ok: boolean; error?: { code: string } }).error?.code).toBe('INVALID_INPUT')
    // A chunked body of exactly the limit is read whole too (and refused as what it is: not JSON).
    const chunked = await rawPost(host, { total: limit, chunked: true })
    expect(chunked.status).toBe(400)
    expect(JSON.parse(chunked.body)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
  })
})
