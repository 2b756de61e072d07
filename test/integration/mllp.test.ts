// MLLP over real TCP on 127.0.0.1: random chunking, several connections, ACK after commit, exactly-once storage.
import { connect, type Socket } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startMllpListener, type MllpListener } from '../../src/main/ingest/mllpListener'
import { oru } from '../helpers/hl7'
import { makeServices, type TestServices } from '../helpers/services'

let t: TestServices
let listener: MllpListener
beforeEach(async () => {
  t = makeServices()
  listener = await startMllpListener(t.services, { port: 0 })
})
afterEach(async () => {
  await listener.close()
  t.cleanup()
})

const VT = 0x0b
const FS = 0x1c
const CR = 0x0d
const frame = (msg: string) => Buffer.concat([Buffer.from([VT]), Buffer.from(msg, 'utf8'), Buffer.from([FS, CR])])

/** Deterministic PRNG so a failure can be replayed. */
function rng(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

/** Collects ACK frames from a socket; resolves when `expected` have arrived. */
function collectAcks(sock: Socket, expected: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const acks: string[] = []
    let buf = Buffer.alloc(0)
    sock.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d])
      for (;;) {
        const start = buf.indexOf(VT)
        const end = buf.indexOf(FS)
        if (start < 0 || end < 0) break
        acks.push(buf.subarray(start + 1, end).toString('utf8'))
        buf = buf.subarray(end + 2)
      }
      if (acks.length >= expected) resolve(acks)
    })
    sock.on('error', reject)
  })
}

const msaOf = (ack: string) => ack.split('\r').find((s) => s.startsWith('MSA|'))?.split('|') ?? []

describe('MLLP listener', () => {
  it('binds loopback by default', () => {
    expect(listener.host).toBe('127.0.0.1')
    const addr = listener.server.address()
    expect(addr && typeof addr === 'object' && addr.address).toBe('127.0.0.1')
  })

  it('acknowledges 500 messages split at random byte boundaries over 5 connections, each stored exactly once', async () => {
    const rand = rng(42)
    const connections = 5
    const perConnection = 100
    const all = await Promise.all(
      Array.from({ length: connections }, async (_, c) => {
        const sock = connect({ host: '127.0.0.1', port: listener.port })
        await new Promise((r) => sock.once('connect', r))
        const ids = Array.from({ length: perConnection }, (_, i) => `C${c}-M${i}`)
        const stream = Buffer.concat(ids.map((id, i) => frame(oru({ controlId: id, mrn: `P${c}-${i % 7}`, obxCount: 3 }))))
        const acksP = collectAcks(sock, perConnection)
        // Write in random-sized chunks, so frames straddle TCP segments.
        for (let off = 0; off < stream.length; ) {
          const n = 1 + Math.floor(rand() * 700)
          sock.write(stream.subarray(off, off + n))
          off += n
          if (rand() < 0.1) await new Promise((r) => setImmediate(r))
        }
        const acks = await acksP
        sock.end()
        return { ids, acks }
      }),
    )
    for (const { ids, acks } of all) {
      expect(acks.map((a) => msaOf(a)[1])).toEqual(ids.map(() => 'AA'))
      // MSA-2 echoes each message's MSH-10, in order.
      expect(acks.map((a) => msaOf(a)[2])).toEqual(ids)
      // The ACK swaps sender and receiver.
      expect(acks[0]!.split('\r')[0]!.split('|').slice(2, 6)).toEqual(['READOUT', 'HOSP', 'ANALYSER', 'LAB1'])
    }
    const n = (sql: string) => (t.services.db.prepare(sql).get() as { n: number }).n
    expect(n('SELECT count(*) AS n FROM reports')).toBe(500)
    expect(n('SELECT count(DISTINCT source_key) AS n FROM reports')).toBe(500)
    expect(n('SELECT count(*) AS n FROM observations')).toBe(1500)
  })

  it('answers a resent message with AA without storing it twice', async () => {
    const sock = connect({ host: '127.0.0.1', port: listener.port })
    const acks = collectAcks(sock, 2)
    sock.write(Buffer.concat([frame(oru({ controlId: 'R1' })), frame(oru({ controlId: 'R1' }))]))
    expect((await acks).map((a) => msaOf(a)[1])).toEqual(['AA', 'AA'])
    sock.end()
    expect((t.services.db.prepare('SELECT count(*) AS n FROM reports').get() as { n: number }).n).toBe(1)
  })

  it('answers malformed messages with AE/AR and quarantines them; the connection keeps working', async () => {
    const sock = connect({ host: '127.0.0.1', port: listener.port })
    const acks = collectAcks(sock, 3)
    sock.write(
      Buffer.concat([
        frame(oru({ controlId: 'X1' }).replace('ORU^R01^ORU_R01', 'ADT^A01')),
        frame('this is not hl7 at all'),
        frame(oru({ controlId: 'OK1' })),
      ]),
    )
    const got = (await acks).map(msaOf)
    expect(['AE', 'AR']).toContain(got[0]![1])
    expect(got[0]![2]).toBe('X1')
    expect(got[1]![1]).toBe('AR')
    expect(got[2]!.slice(1, 3)).toEqual(['AA', 'OK1'])
    sock.end()
    const q = t.services.db.prepare('SELECT origin, error FROM quarantine ORDER BY id').all() as { origin: string; error: string }[]
    expect(q).toHaveLength(2)
    expect(q[0]!.origin).toMatch(/^mllp:\/\/127\.0\.0\.1:\d+$/)
  })
})
