// `readout audit verify|list|checkpoint` as a user runs it (the built CLI in a child process), on a real data folder
// tampered with through a second SQLite connection: each kind of damage is named, with exit status 3.
import Database from 'better-sqlite3'
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AuditCheckpoint, AuditEvent, AuditVerification } from '../../src/shared/contract/audit'
import { CLI_TEST_TIMEOUT_MS, CLI_USER, createCliUser, runCli } from '../helpers/cli'
import { oru } from '../helpers/hl7'
import { CLI, REPO_ROOT } from '../helpers/serve'
import { makeTempDir } from '../helpers/services'

let dataDir: string
let work: string
beforeEach(() => {
  expect(existsSync(join(REPO_ROOT, 'out/main/cli.js')), 'run `npm run build` first').toBe(true)
  dataDir = makeTempDir('readout-audit-cli-')
  work = makeTempDir('readout-audit-cli-files-')
  createCliUser(dataDir)
})
afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true })
  rmSync(work, { recursive: true, force: true })
})

/** `readout audit …` needs no sign-in (it reads the database file itself), and its --user is a filter. */
function readout(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args, '--data-dir', dataDir], { encoding: 'utf8', env: { ...process.env, READOUT_DATA_DIR: '' } })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}
const verifyJson = (...args: string[]) => {
  const r = readout('audit', 'verify', '--json', ...args)
  return { code: r.code, v: JSON.parse(r.stdout) as AuditVerification }
}

/**
 * After the anchor's start row (1) and the first administrator's creation (2), two imports as that administrator, each
 * a sign-in, two report rows and a batch row: 10 rows. Reports 1, 2 are rows 4, 5 (batch 6); reports 3, 4 rows 8, 9 (batch 10).
 */
function importTwice() {
  writeFileSync(join(work, 'a.hl7'), oru({ controlId: 'C1' }) + oru({ controlId: 'C2', observedAt: '20260102083000' }))
  expect(runCli(dataDir, ['import', join(work, 'a.hl7')]).status).toBe(0)
  writeFileSync(join(work, 'b.hl7'), oru({ controlId: 'C3' }) + oru({ controlId: 'C4', observedAt: '20260103083000' }))
  expect(runCli(dataDir, ['import', join(work, 'b.hl7')]).status).toBe(0)
}

function tamper(sql: string) {
  const db = new Database(join(dataDir, 'readout.db'))
  db.exec('DROP TRIGGER IF EXISTS audit_events_no_update; DROP TRIGGER IF EXISTS audit_events_no_delete;')
  db.exec(sql)
  db.close()
}

describe('readout audit', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  it('verify: intact (exit 0), then an altered row, a deleted middle row and a truncated tail each named (exit 3)', () => {
    importTwice()
    const intact = readout('audit', 'verify')
    expect(intact).toMatchObject({ code: 0, stdout: 'Audit log intact: 10 events intact; matches the anchor file.\n' })

    const db = join(dataDir, 'readout.db')
    const pristine = readFileSync(db)
    const restore = () => {
      rmSync(`${db}-wal`, { force: true })
      rmSync(`${db}-shm`, { force: true })
      writeFileSync(db, pristine)
    }
    // The database file alone holds everything once the CLI closed it (the log was checkpointed on close).
    expect(verifyJson()).toMatchObject({ code: 0, v: { ok: true, checked: 10 } })

    tamper("UPDATE audit_events SET details = '{}' WHERE id = 4")
    expect(verifyJson()).toEqual({ code: 3, v: { ok: false, checked: 3, firstBadId: 4, reason: 'altered_row', message: expect.stringContaining('Event 4 was altered') } })
    const text = readout('audit', 'verify')
    expect(text.code).toBe(3)
    expect(text.stdout).toBe('Audit log BROKEN (altered_row, first bad event 4): Event 4 was altered after it was written: its content no longer matches its hash.\n')
    restore()

    tamper('DELETE FROM audit_events WHERE id = 6')
    expect(verifyJson()).toMatchObject({ code: 3, v: { ok: false, checked: 5, firstBadId: 6, reason: 'missing_rows' } })
    restore()

    tamper('DELETE FROM audit_events WHERE id >= 9')
    expect(verifyJson()).toMatchObject({ code: 3, v: { ok: false, checked: 8, firstBadId: 9, reason: 'truncated_tail' } })
  })

  it('checkpoint: written to a file, recorded; verify --checkpoint detects a truncation the anchor file was rewritten to hide', () => {
    importTwice()
    const file = join(work, 'checkpoint.json')
    const r = readout('audit', 'checkpoint', '--out', file)
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(`Checkpoint of 10 events written to ${file}`)
    const cp = JSON.parse(readFileSync(file, 'utf8')) as AuditCheckpoint
    expect(cp).toMatchObject({ format: 'readout-audit-checkpoint', version: 1, count: 10, dataDir })
    expect(verifyJson('--checkpoint', file)).toMatchObject({ code: 0, v: { ok: true, checked: 11 } })

    tamper('DELETE FROM audit_events WHERE id >= 8')
    const db = new Database(join(dataDir, 'readout.db'))
    const head = db.prepare('SELECT hash FROM audit_events WHERE id = 7').get() as { hash: string }
    db.close()
    writeFileSync(join(dataDir, 'audit-anchor.json'), JSON.stringify({ format: 'readout-audit-anchor', version: 1, count: 7, headHash: head.hash, at: '2026-03-01T00:00:00Z' }))
    expect(verifyJson().code).toBe(0)
    expect(verifyJson('--checkpoint', file)).toMatchObject({ code: 3, v: { ok: false, firstBadId: 8, reason: 'truncated_tail' } })

    writeFileSync(join(work, 'bad.json'), JSON.stringify({ ...cp, headHash: 'nope' }))
    const bad = readout('audit', 'verify', '--checkpoint', join(work, 'bad.json'))
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/bad\.json: headHash: a SHA-256 hash/)
  })

  it('list: newest first, filtered by action, report and date; bad options refused with the option named', () => {
    importTwice()
    const all = JSON.parse(readout('audit', 'list', '--json').stdout) as AuditEvent[]
    expect(all.map((e) => e.action)).toEqual([
      'import.batch',
      'report.imported',
      'report.imported',
      'auth.signIn',
      'import.batch',
      'report.imported',
      'report.imported',
      'auth.signIn',
      'users.created',
      'audit.anchor_started',
    ])
    const batches = JSON.parse(readout('audit', 'list', '--json', '--action', 'import.batch', '--limit', '1').stdout) as AuditEvent[]
    expect(batches).toHaveLength(1)
    expect(batches[0]!.details).toMatchObject({ imported: 2, reportIds: [3, 4] })
    const aboutReport = JSON.parse(readout('audit', 'list', '--json', '--report', '2').stdout) as AuditEvent[]
    expect(aboutReport.map((e) => [e.action, e.entityId])).toEqual([['report.imported', '2']])
    const today = new Date().toISOString().slice(0, 10)
    // Everything but the anchor's start row (the system's) was the administrator's.
    expect(JSON.parse(readout('audit', 'list', '--json', '--since', today, '--user', CLI_USER).stdout)).toHaveLength(9)
    expect(JSON.parse(readout('audit', 'list', '--json', '--user', 'someone-else').stdout)).toEqual([])
    expect(JSON.parse(readout('audit', 'list', '--json', '--until', '2000-01-01').stdout)).toEqual([])
    const text = readout('audit', 'list', '--action', 'report.')
    expect(text.stdout).toMatch(/^\s+9 {2}\d{4}-\d\d-\d\dT[\d:.]+Z {2}cli-admin +report\.imported +report 4 +\{"sha256":"[0-9a-f]{64}","format":"hl7v2"\}$/m)
    expect(text.stdout).toContain('4 events, newest first')
    const bad = readout('audit', 'list', '--since', 'yesterday')
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/since: use a date/)
    expect(readout('audit', 'list', '--limit', '0')).toMatchObject({ code: 1, stderr: expect.stringContaining('--limit must be a whole number') })
    expect(readout('audit', 'frobnicate').code).toBe(1)
  })
})
