// The audit log's tamper evidence on real SQLite files: anchors beside the database, altered/deleted/truncated rows named
// by audit.verify, crash tolerance between a commit and the anchor's write, checkpoints, and who may list and export.
import Database from 'better-sqlite3'
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { AUDIT_ANCHOR_FILE, createServices } from '../../src/main/services'
import { silentLogger } from '../../src/main/log'
import { appendAudit } from '../../src/main/store/audit'
import { openDatabase } from '../../src/main/store/db'
import type { AuditCheckpoint, AuditEvent, AuditVerification } from '../../src/shared/contract/audit'
import type { AnchorVault } from '../../src/main/audit/anchorVault'
import type { CallContext } from '../../src/main/handlers/types'
import { makeServices, type TestServices } from '../helpers/services'
import { ctxAs } from '../helpers/users'

const ADMIN = ctxAs('ada', ['admin'])
const CLINICIAN = ctxAs('cleo', ['clinician'])
// Settings need the admin role: cleo changes them while she holds it, and later lists the log as a clinician only.
const CLEO_AS_ADMIN = ctxAs('cleo', ['clinician', 'admin'])

let t: TestServices
afterEach(() => t?.cleanup())

async function as<T>(ctx: CallContext, method: string, input: unknown): Promise<T> {
  const r = await t.dispatch(method, input, ctx)
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`)
  return r.value as T
}
async function refused(ctx: CallContext, method: string, input: unknown): Promise<string> {
  const r = await t.dispatch(method, input, ctx)
  if (r.ok) throw new Error(`${method} should have been refused`)
  return r.error.code
}
const verify = (checkpoint?: AuditCheckpoint) => as<AuditVerification>(CLINICIAN, 'audit.verify', checkpoint ? { checkpoint } : {})
const anchorPath = () => join(t.dataDir, AUDIT_ANCHOR_FILE)
const anchor = () => JSON.parse(readFileSync(anchorPath(), 'utf8')) as { count: number; headHash: string }

/** Someone with the database file and sqlite3: a second connection, the append-only triggers dropped. */
function attacker(): Database.Database {
  const db = new Database(t.services.databasePath)
  db.exec('DROP TRIGGER IF EXISTS audit_events_no_update; DROP TRIGGER IF EXISTS audit_events_no_delete;')
  return db
}

/** Six events by two users about two reports (plus the anchor's start row: 7 rows). */
async function someEvents() {
  for (const [i, ctx] of [ADMIN, CLEO_AS_ADMIN, ADMIN, CLEO_AS_ADMIN, ADMIN, CLEO_AS_ADMIN].entries()) {
    await as(ctx, 'settings.set', { key: 'mllp.port', value: 2575 + i })
  }
  t.services.audit.flush()
}

describe('anchors', () => {
  it('a new data folder keeps an anchor beside the database that follows every append', async () => {
    t = makeServices()
    expect(existsSync(anchorPath())).toBe(true)
    await someEvents()
    const head = t.services.db.prepare('SELECT id, hash FROM audit_events ORDER BY id DESC LIMIT 1').get() as { id: number; hash: string }
    expect(anchor()).toMatchObject({ format: 'readout-audit-anchor', version: 1, count: 7, headHash: head.hash })
    expect(head.id).toBe(7)
    expect(await verify()).toEqual({ ok: true, checked: 7, firstBadId: null, reason: null, message: '7 events intact; matches the anchor file.' })
  })

  it('a crash between a commit and the anchor write is not tampering: the anchor is behind by rows that chain from it', async () => {
    t = makeServices()
    await someEvents()
    // Another process committed two rows and died before writing the anchor (no keeper on this connection).
    const other = new Database(t.services.databasePath)
    appendAudit(other, { actor: 'cli', action: 'settings.set' })
    appendAudit(other, { actor: 'cli', action: 'settings.set' })
    other.close()
    // And a half-written temporary file from an interrupted anchor write lies beside the real one.
    writeFileSync(`${anchorPath()}.4242.tmp`, '{"format":"readout-au')
    expect(anchor().count).toBe(7)
    expect(await verify()).toMatchObject({ ok: true, checked: 9 })
    // The next append here catches the anchor up.
    await as(ADMIN, 'settings.set', { key: 'mllp.port', value: 2600 })
    t.services.audit.flush()
    expect(anchor().count).toBe(10)
  })

  it('a log written before anchors existed gets one on its first start, recorded in the log', async () => {
    t = makeServices()
    t.services.close()
    rmSync(t.dataDir, { recursive: true, force: true })
    // An older Readout: the same table, no anchor file, no row saying one is kept.
    const old = openDatabase(join(t.dataDir, 'readout.db'))
    appendAudit(old, { actor: 'tester', action: 'settings.set' })
    appendAudit(old, { actor: 'tester', action: 'settings.set' })
    old.close()
    const upgraded = createServices({ dataDir: t.dataDir, version: 't', runtime: 'node', logger: silentLogger })
    try {
      expect(await upgraded.audit.verify()).toMatchObject({ ok: true, checked: 3 })
      const rows = upgraded.db.prepare('SELECT id, action, details FROM audit_events ORDER BY id').all()
      expect(rows).toEqual([
        { id: 1, action: 'settings.set', details: '{}' },
        { id: 2, action: 'settings.set', details: '{}' },
        { id: 3, action: 'audit.anchor_started', details: '{"store":"file","count":2}' },
      ])
    } finally {
      upgraded.close()
    }
    expect(anchor().count).toBe(3)
    t = makeServices()
  })
})

describe('a second anchor out of reach of file edits (the OS secure storage in the app)', () => {
  /** Stands in for the Electron safeStorage vault (src/main/electron/secureAnchorVault.ts), which needs the Electron binary. */
  function memoryVault(): AnchorVault & { text: string | null } {
    const v = { source: 'secure' as const, location: 'memory', text: null as string | null, read: () => v.text, write: (x: string) => void (v.text = x) }
    return v
  }

  it('both anchors follow the log; rewriting the anchor file to hide a truncation is caught by the other', async () => {
    t = makeServices()
    t.services.close()
    const vault = memoryVault()
    const s = createServices({ dataDir: t.dataDir, version: 't', runtime: 'node', logger: silentLogger, secureAnchorVault: vault })
    try {
      for (let i = 0; i < 5; i++) appendAudit(s.db, { actor: 'ada', action: 'settings.set' })
      s.audit.flush()
      // Rows 1 and 2 record the two stores' start; then five events.
      expect(JSON.parse(vault.text!)).toMatchObject({ count: 7 })
      expect(anchor().count).toBe(7)
      expect(await s.audit.verify()).toMatchObject({ ok: true, message: '7 events intact; matches the anchor file and the anchor in the system\'s secure storage.' })

      const db = attacker()
      db.prepare('DELETE FROM audit_events WHERE id > 4').run()
      const head = db.prepare('SELECT hash FROM audit_events WHERE id = 4').get() as { hash: string }
      db.close()
      writeFileSync(anchorPath(), JSON.stringify({ format: 'readout-audit-anchor', version: 1, count: 4, headHash: head.hash, at: new Date().toISOString() }))
      expect(await s.audit.verify()).toMatchObject({ ok: false, firstBadId: 5, reason: 'truncated_tail', message: expect.stringContaining("secure storage of") })

      vault.text = null
      expect(await s.audit.verify()).toMatchObject({ ok: false, reason: 'anchor_missing', message: expect.stringContaining('secure storage is missing') })
    } finally {
      s.close()
    }
    t = makeServices()
  })
})

describe('tampering is named by audit.verify', () => {
  const columns: [string, string][] = [
    ['at', "at = '2020-01-01T00:00:00.000Z'"],
    ['actor', "actor = 'mallory'"],
    ['action', "action = 'settings.get'"],
    ['entity_type', "entity_type = 'patient'"],
    ['entity_id', "entity_id = 'mllp.host'"],
    ['details', `details = '{"value":1}'`],
    ['prev_hash', `prev_hash = '${'0'.repeat(64)}'`],
    ['hash', `hash = '${'a'.repeat(64)}'`],
  ]
  it.each(columns)('an altered %s', async (_column, set) => {
    t = makeServices()
    await someEvents()
    const db = attacker()
    db.prepare(`UPDATE audit_events SET ${set} WHERE id = 4`).run()
    db.close()
    expect(await verify()).toMatchObject({ ok: false, checked: 3, firstBadId: 4, reason: 'altered_row' })
  })

  it('a deleted middle row', async () => {
    t = makeServices()
    await someEvents()
    const db = attacker()
    db.prepare('DELETE FROM audit_events WHERE id IN (3, 4)').run()
    db.close()
    expect(await verify()).toMatchObject({ ok: false, checked: 2, firstBadId: 3, reason: 'missing_rows', message: expect.stringContaining('events 3–4 are missing') })
  })

  it('deleted newest rows, and the anchor is not moved over the gap by later appends', async () => {
    t = makeServices()
    await someEvents()
    const db = attacker()
    db.prepare('DELETE FROM audit_events WHERE id > 5').run()
    db.close()
    const v = await verify()
    expect(v).toMatchObject({ ok: false, checked: 5, firstBadId: 6, reason: 'truncated_tail' })
    expect(v.message).toContain('recorded 7 events')
    // The app keeps working and appending; the anchor stays as the evidence.
    await as(ADMIN, 'settings.set', { key: 'mllp.port', value: 3000 })
    await as(ADMIN, 'settings.set', { key: 'mllp.port', value: 3001 })
    await as(ADMIN, 'settings.set', { key: 'mllp.port', value: 3002 })
    t.services.audit.flush()
    expect(anchor().count).toBe(7)
    // Three new rows reach id 8, past the anchor, but row 7 is not the row the anchor recorded.
    expect(await verify()).toMatchObject({ ok: false, firstBadId: 7, reason: 'anchor_mismatch' })
  })

  it('a deleted anchor file, and it is not recreated on the next start', async () => {
    t = makeServices()
    await someEvents()
    t.services.close()
    rmSync(anchorPath())
    const errors: string[] = []
    const again = createServices({ dataDir: t.dataDir, version: 't', runtime: 'node', logger: { info() {}, error: (m) => errors.push(m) } })
    try {
      expect(errors.join('\n')).toMatch(/anchor .* is missing although the log records it/)
      expect(existsSync(anchorPath())).toBe(false)
      expect(await again.audit.verify()).toMatchObject({ ok: false, firstBadId: null, reason: 'anchor_missing' })
    } finally {
      again.close()
    }
    t = makeServices()
  })

  it('a tampered log is logged at start-up and reported by audit.status', async () => {
    t = makeServices()
    await someEvents()
    const db = attacker()
    db.prepare("UPDATE audit_events SET actor = 'mallory' WHERE id = 2").run()
    db.close()
    const errors: string[] = []
    const again = createServices({ dataDir: t.dataDir, version: 't', runtime: 'node', logger: { info() {}, error: (m) => errors.push(m) } })
    try {
      await again.audit.verifyAtStartup()
      expect(errors.join('\n')).toMatch(/Audit log verification failed \(altered_row, first bad event 2\)/)
      expect(again.audit.status().verification).toMatchObject({ ok: false, firstBadId: 2 })
    } finally {
      again.close()
    }
  })
})

describe('checkpoints', () => {
  it('only an admin exports one; it is recorded; it detects a later truncation that the anchor file no longer shows', async () => {
    t = makeServices()
    await someEvents()
    expect(await refused(CLINICIAN, 'audit.exportCheckpoint', {})).toBe('FORBIDDEN')
    const cp = await as<AuditCheckpoint>(ADMIN, 'audit.exportCheckpoint', {})
    expect(cp).toMatchObject({ format: 'readout-audit-checkpoint', version: 1, count: 7, dataDir: t.dataDir })
    const events = await as<AuditEvent[]>(ADMIN, 'audit.list', { action: 'audit.checkpoint_exported' })
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({ actor: 'ada', details: { count: 7 } })
    expect(await verify(cp)).toMatchObject({ ok: true, message: '8 events intact; matches the anchor file and the checkpoint.' })

    // An attacker removes the newest rows and rewrites the anchor file to match.
    const db = attacker()
    db.prepare('DELETE FROM audit_events WHERE id > 4').run()
    const head = db.prepare('SELECT hash FROM audit_events WHERE id = 4').get() as { hash: string }
    db.close()
    writeFileSync(anchorPath(), JSON.stringify({ format: 'readout-audit-anchor', version: 1, count: 4, headHash: head.hash, at: new Date().toISOString() }))
    expect(await verify()).toMatchObject({ ok: true })
    expect(await verify(cp)).toMatchObject({ ok: false, checked: 4, firstBadId: 5, reason: 'truncated_tail', message: expect.stringContaining('the checkpoint of') })
  })

  it('refuses a malformed checkpoint naming the field', async () => {
    t = makeServices()
    const r = await t.dispatch('audit.verify', { checkpoint: { format: 'readout-audit-checkpoint', version: 1, count: 1, headHash: 'xyz', at: 'now' } }, CLINICIAN)
    expect(r.ok || r.error).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('headHash') })
  })
})

describe('audit.list', () => {
  it('filters by user, action, report and time; admins see everyone, others only themselves', async () => {
    t = makeServices()
    await someEvents()
    const all = await as<AuditEvent[]>(ADMIN, 'audit.list', {})
    expect(all.map((e) => e.id)).toEqual([7, 6, 5, 4, 3, 2, 1])
    expect((await as<AuditEvent[]>(ADMIN, 'audit.list', { user: 'cleo' })).map((e) => e.id)).toEqual([7, 5, 3])
    expect((await as<AuditEvent[]>(ADMIN, 'audit.list', { action: 'audit.' })).map((e) => e.action)).toEqual(['audit.anchor_started'])
    expect((await as<AuditEvent[]>(ADMIN, 'audit.list', { action: 'settings.set', limit: 2, beforeId: 6 })).map((e) => e.id)).toEqual([5, 4])
    const at4 = all.find((e) => e.id === 4)!.at
    // Events of the same millisecond share a time stamp: the range [at4, at4] holds exactly those.
    expect((await as<AuditEvent[]>(ADMIN, 'audit.list', { since: at4, until: at4 })).map((e) => e.id)).toEqual(all.filter((e) => e.at === at4).map((e) => e.id))
    expect(all.filter((e) => e.at === at4).map((e) => e.id)).toContain(4)
    expect((await as<AuditEvent[]>(ADMIN, 'audit.list', { until: '2000-01-01' }))).toEqual([])
    expect(await refused(ADMIN, 'audit.list', { since: 'last week' })).toBe('INVALID_INPUT')

    // Not an admin: their own events, whatever they ask for, and a clear refusal for someone else's.
    expect((await as<AuditEvent[]>(CLINICIAN, 'audit.list', {})).map((e) => e.actor)).toEqual(['cleo', 'cleo', 'cleo'])
    expect(await refused(CLINICIAN, 'audit.list', { user: 'ada' })).toBe('FORBIDDEN')
    expect(await refused({ actor: 'x', transport: 'test' }, 'audit.list', {})).toBe('UNAUTHENTICATED')
    expect(await refused({ actor: 'x', transport: 'test' }, 'audit.verify', {})).toBe('UNAUTHENTICATED')

  })
})
