// MLLP group commit over real TCP on 127.0.0.1 and a real SQLite file: concurrent messages share one durable sync,
// every ACK comes after the message is committed and synced, and a failed sync acknowledges nothing as AA.
import Database from 'better-sqlite3'
import { connect, type Socket } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startMllpListener, type MllpListener } from '../../src/main/ingest/mllpListener'
import type { Db } from '../../src/main/store/db'
import { fsyncWal, GroupSync } from '../../src/main/store/groupSync'
import { oru } from '../helpers/hl7'
import { makeServices, type TestServices } from '../helpers/services'

const VT = 0x0b
const FS = 0x1c
const CR = 0x0d
const frame = (msg: string) => Buffer.concat([Buffer.from([VT]), Buffer.from(msg, 'utf8'), Buffer.from([FS, CR])])
const msaOf = (ack: string) => ack.split('\r').find((s) => s.startsWith('MSA|'))?.split('|') ?? []

/** What was committed when a sync round completed. */
interface Round {
  keys: Set<string>
  maxQuarantineId: number
}

let t: TestServices
let listener: MllpListener | undefined
let reader: Database.Database
let rounds: Round[]
let failing: boolean

/** The real sync (an fsync of the write-ahead log), recording what it covered: what was committed when it began. */
async function recordingSync(db: Db): Promise<void> {
  if (failing) throw new Error('simulated fsync failure')
  const keys = (db.prepare('SELECT source_key FROM reports').pluck().all() as string[]).map((k) => k.split('|')[1]!)
  const maxQuarantineId = (db.prepare('SELECT coalesce(max(id), 0) FROM quarantine').pluck().get() as number) ?? 0
  await fsyncWal(db)
  rounds.push({ keys: new Set(keys), maxQuarantineId })
}

beforeEach(async () => {
  t = makeServices()
  rounds = []
  failing = false
  listener = await startMllpListener(t.services, { port: 0, durability: new GroupSync(t.services.db, recordingSync) })
  // A second connection sees only what was committed.
  reader = new Database(t.services.db.name, { readonly: true })
})
afterEach(async () => {
  reader.close()
  await listener?.close()
  t.cleanup()
})

/** Sends frames one at a time, each after the previous ACK, calling onAck as each ACK arrives (before the next send). */
async function sendInTurn(frames: Buffer[], onAck: (ack: string, i: number) => void): Promise<string[]> {
  const sock: Socket = connect({ host: '127.0.0.1', port: listener!.port })
  await new Promise((r) => sock.once('connect', r))
  const acks: string[] = []
  let buf = Buffer.alloc(0)
  let next: ((ack: string) => void) | null = null
  sock.on('data', (d: Buffer) => {
    buf = Buffer.concat([buf, d])
    const start = buf.indexOf(VT)
    const end = buf.indexOf(FS)
    if (start < 0 || end < 0) return
    const ack = buf.subarray(start + 1, end).toString('utf8')
    buf = buf.subarray(end + 2)
    next?.(ack)
  })
  for (const [i, f] of frames.entries()) {
    const got = new Promise<string>((r) => (next = r))
    sock.write(f)
    const ack = await got
    onAck(ack, i)
    acks.push(ack)
  }
  sock.end()
  return acks
}

describe('MLLP group commit', () => {
  it('acknowledges every message only after it is committed and synced; concurrent connections share syncs', async () => {
    const connections = 4
    const per = 25
    const checks: string[] = []
    await Promise.all(
      Array.from({ length: connections }, (_, c) => {
        const ids = Array.from({ length: per }, (_, i) => `G${c}-${i}`)
        return sendInTurn(
          ids.map((id, i) => frame(oru({ controlId: id, mrn: `P${c}-${i % 5}`, obxCount: 3 }))),
          (ack, i) => {
            const id = ids[i]!
            expect(msaOf(ack).slice(1, 3)).toEqual(['AA', id])
            // Committed: another connection sees it. Durable: a sync round that already completed covered it.
            expect(reader.prepare('SELECT count(*) FROM reports WHERE source_key = ?').pluck().get(`hl7:LAB1|${id}`)).toBe(1)
            expect(rounds.some((r) => r.keys.has(id))).toBe(true)
            checks.push(id)
          },
        )
      }),
    )
    expect(checks).toHaveLength(connections * per)
    // Messages from several connections shared a sync: fewer syncs than messages.
    expect(rounds.length).toBeLessThan(connections * per)
    expect(rounds.some((r, i) => r.keys.size - (rounds[i - 1]?.keys.size ?? 0) > 1)).toBe(true)
  })

  it('answers AR for a quarantined message only after the quarantine row is committed and synced', async () => {
    const acks = await sendInTurn([frame('not hl7 at all'), frame(oru({ controlId: 'OK1' }))], (ack, i) => {
      if (i !== 0) return
      expect(msaOf(ack)[1]).toBe('AR')
      const id = reader.prepare('SELECT max(id) FROM quarantine').pluck().get() as number | null
      expect(id).not.toBeNull()
      expect(rounds.some((r) => r.maxQuarantineId >= id!)).toBe(true)
    })
    expect(msaOf(acks[1]!)[1]).toBe('AA')
  })

  it('when the sync fails, answers AE to every waiting message and AA none; a resend after recovery is stored once', async () => {
    failing = true
    const ids = ['F1', 'F2', 'F3']
    const first = await Promise.all(ids.map((id) => sendInTurn([frame(oru({ controlId: id, mrn: id }))], () => {})))
    expect(first.map((acks) => msaOf(acks[0]!)[1])).toEqual(['AE', 'AE', 'AE'])
    expect(rounds).toHaveLength(0)

    failing = false
    const again = await Promise.all(ids.map((id) => sendInTurn([frame(oru({ controlId: id, mrn: id }))], () => {})))
    expect(again.map((acks) => msaOf(acks[0]!).slice(1, 3))).toEqual(ids.map((id) => ['AA', id]))
    expect(reader.prepare('SELECT count(*) FROM reports').pluck().get()).toBe(3)
  })
})
