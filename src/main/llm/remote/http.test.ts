// httpRequest against a real HTTP server on 127.0.0.1: a kept-alive socket the server dropped is replaced at once,
// while a reset on a fresh connection still fails (the caller's retry policy judges it).
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { httpRequest, makeAgent } from './http'

let server: http.Server | null = null
let agent: http.Agent | null = null
afterEach(async () => {
  agent?.destroy()
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()))
  server = null
})

/**
 * A server that answers the first request of each connection and drops the connection, unanswered, when a second request
 * arrives on it (as a server that closed an idle keep-alive socket does); `dropFirst` drops every request.
 */
async function start(dropFirst = false): Promise<{ url: URL; connections: () => number; requests: () => number }> {
  let connections = 0
  let requests = 0
  const perSocket = new WeakMap<object, number>()
  server = http.createServer((req, res) => {
    requests++
    const n = (perSocket.get(req.socket) ?? 0) + 1
    perSocket.set(req.socket, n)
    if (dropFirst || n > 1) return void req.socket.destroy()
    req.resume()
    req.on('end', () => res.end(JSON.stringify({ ok: true, n: requests })))
  })
  server.on('connection', () => connections++)
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()))
  const { port } = server.address() as AddressInfo
  return { url: new URL(`http://127.0.0.1:${port}/completion`), connections: () => connections, requests: () => requests }
}

const post = (url: URL, a: http.Agent) => httpRequest({ method: 'POST', url, headers: {}, body: '{"prompt":"x"}', agent: a, signal: new AbortController().signal })

describe('httpRequest', () => {
  it('sends again at once on a new connection when a reused keep-alive socket was dropped by the server', async () => {
    const s = await start()
    agent = makeAgent(s.url, { caBundle: null, maxSockets: 4 })
    expect(JSON.parse(await (await post(s.url, agent)).text())).toEqual({ ok: true, n: 1 })
    // The second request goes out on the pooled socket, which the server drops: answered on a second connection.
    const second = await post(s.url, agent)
    expect(second.status).toBe(200)
    expect(JSON.parse(await second.text())).toEqual({ ok: true, n: 3 })
    expect(s.connections()).toBe(2)
    expect(s.requests()).toBe(3)
  })

  it('does not hide a reset on a fresh connection', async () => {
    const s = await start(true)
    agent = makeAgent(s.url, { caBundle: null, maxSockets: 4 })
    await expect(post(s.url, agent)).rejects.toMatchObject({ code: 'ECONNRESET' })
    expect(s.requests()).toBe(1)
  })
})
