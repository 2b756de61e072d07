// openDatabase: migrations apply on an empty file, reopen is a no-op, a newer schema is refused; pragmas are set.
import { readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { makeTempDir } from '../../../test/helpers/services'
import { LATEST_SCHEMA_VERSION, openDatabase, schemaVersion, SchemaTooNewError } from './db'
import { MIGRATIONS } from './migrations'

let dir: string
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('openDatabase', () => {
  it('applies every migration to an empty database and sets the pragmas', () => {
    dir = makeTempDir()
    const db = openDatabase(join(dir, 'readout.db'))
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION)
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(db.pragma('synchronous', { simple: true })).toBe(2) // FULL
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000)
    // Every app table is STRICT.
    const tables = db.prepare("SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%'").all() as {
      name: string
      strict: number
    }[]
    const plain = tables.filter((t) => t.strict !== 1 && !/_fts(_|$)/.test(t.name)).map((t) => t.name)
    expect(plain).toEqual([])
    db.close()
  })

  it('is idempotent on reopen and keeps data', () => {
    dir = makeTempDir()
    const path = join(dir, 'readout.db')
    const db = openDatabase(path)
    db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('k', '1', 'now')").run()
    db.close()
    const again = openDatabase(path)
    expect(schemaVersion(again)).toBe(LATEST_SCHEMA_VERSION)
    expect(again.prepare('SELECT value FROM settings WHERE key = ?').get('k')).toEqual({ value: '1' })
    again.close()
  })

  it('refuses a database from a newer Readout with a clear error and leaves it untouched', () => {
    dir = makeTempDir()
    const path = join(dir, 'readout.db')
    const db = openDatabase(path)
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`)
    db.close()
    expect(() => openDatabase(path)).toThrow(SchemaTooNewError)
    expect(() => openDatabase(path)).toThrow(/schema version \d+, but this version of Readout supports up to \d+/)
  })

  it('rolls back a failing migration as a whole', () => {
    dir = makeTempDir()
    const path = join(dir, 'readout.db')
    const failing = [
      ...MIGRATIONS,
      {
        version: MIGRATIONS.length + 1,
        name: 'broken',
        up: (d: import('better-sqlite3').Database) => {
          d.exec('CREATE TABLE half_done (x INTEGER) STRICT')
          throw new Error('boom')
        },
      },
    ]
    expect(() => openDatabase(path, { migrations: failing })).toThrow('boom')
    const db = openDatabase(path)
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION)
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'half_done'").get()).toEqual({ n: 0 })
    db.close()
  })

  it('has a test file for every migration', () => {
    dir = makeTempDir()
    const files = readdirSync(join(__dirname, 'migrations'))
    // By name: a branch's file keeps its assigned number while its version follows the last merged migration.
    for (const m of MIGRATIONS) {
      expect(files.some((f) => /^\d{4}-/.test(f) && f.endsWith(`-${m.name}.test.ts`)), `test for migration ${m.version} (${m.name})`).toBe(true)
    }
  })
})
