// Durable sync of earlier NORMAL commits, and group commit rounds, on a real SQLite file.
import { rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeTempDir } from '../../../test/helpers/services'
import { openDatabase, syncCommitted, withNormalCommit, type Db } from './db'
import { fsyncWal, GroupSync, groupSyncFor } from './groupSync'

let dir: string
let db: Db
beforeEach(() => {
  dir = makeTempDir()
  db = openDatabase(join(dir, 'readout.db'))
})
afterEach(() => {
  db.close()
  rmSync(dir, { recursive: true, force: true })
})

const walBytes = () => statSync(join(dir, 'readout.db-wal')).size

describe('syncCommitted', () => {
  it('commits a one-page write with synchronous=FULL and restores the mode; the schema version is unchanged', () => {
    const version = db.pragma('user_version', { simple: true })
    withNormalCommit(db, () => db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('k', '1', 'x')").run())
    expect(db.pragma('synchronous', { simple: true })).toBe(2)
    db.pragma('synchronous = NORMAL')
    const before = walBytes()
    syncCommitted(db)
    // A frame was written (an empty transaction would write, and so sync, nothing).
    expect(walBytes()).toBeGreaterThan(before)
    expect(db.pragma('synchronous', { simple: true })).toBe(1)
    expect(db.pragma('user_version', { simple: true })).toBe(version)
  })
})

describe('GroupSync', () => {
  it('serves every caller of one event-loop turn with one sync, and the next turn with another', async () => {
    let syncs = 0
    const g = new GroupSync(db, (d) => {
      syncs++
      syncCommitted(d)
    })
    await Promise.all([g.durable(), g.durable(), g.durable()])
    expect(syncs).toBe(1)
    await g.durable()
    expect(syncs).toBe(2)
  })

  it('rejects every waiter of a failed round; a later round is independent', async () => {
    let fail = true
    const g = new GroupSync(db, (d) => {
      if (fail) throw new Error('fsync failed')
      syncCommitted(d)
    })
    const results = await Promise.allSettled([g.durable(), g.durable()])
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected'])
    fail = false
    await expect(g.durable()).resolves.toBeUndefined()
  })

  it('by default fsyncs the write-ahead log without writing to it', async () => {
    withNormalCommit(db, () => db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('k', '1', 'x')").run())
    const before = walBytes()
    await groupSyncFor(db).durable()
    expect(walBytes()).toBe(before)
    await expect(fsyncWal(db)).resolves.toBeUndefined()
  })

  it('makes callers that arrive while a sync runs wait for the next one', async () => {
    const releases: (() => void)[] = []
    const g = new GroupSync(db, () => new Promise<void>((r) => releases.push(r)))
    let firstDone = false
    let secondDone = false
    const first = g.durable().then(() => (firstDone = true))
    await new Promise((r) => setImmediate(r))
    expect(releases).toHaveLength(1)
    const second = g.durable().then(() => (secondDone = true))
    await new Promise((r) => setImmediate(r))
    // Still one sync: the second caller's commit may be newer than what the running sync covers.
    expect(releases).toHaveLength(1)
    releases[0]!()
    await first
    expect(secondDone).toBe(false)
    await new Promise((r) => setImmediate(r))
    expect(releases).toHaveLength(2)
    releases[1]!()
    await second
    expect([firstDone, secondDone]).toEqual([true, true])
  })
})
