// Opens the Readout database: pragmas, then pending migrations in one transaction each.
import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { AppError } from '../../shared/errors'
import { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from './migrations'
import { transaction } from './prepared'

export type Db = Database.Database

/**
 * Pages the write-ahead log may grow to before a commit folds it back into the database (SQLite's default is 1000).
 * Every report's commit writes about 26 pages, so the default checkpointed every ~40 reports, and each checkpoint cost
 * as much as several commits; 10,000 pages (~40 MiB of log) keeps that a small share of an MLLP feed's time.
 */
export const WAL_AUTOCHECKPOINT_PAGES = 10_000

export interface OpenOptions {
  /** Path to a better_sqlite3.node built for the current runtime (Electron's ABI differs from Node's). */
  nativeBinding?: string
  readonly?: boolean
  /** For tests: migrations to apply instead of the app's own. */
  migrations?: readonly Migration[]
}

export class SchemaTooNewError extends AppError {
  constructor(found: number, supported: number) {
    super(
      'SCHEMA_TOO_NEW',
      `The database has schema version ${found}, but this version of Readout supports up to ${supported}. ` +
        'Install a newer Readout or open a different data folder.',
    )
  }
}

export function openDatabase(path: string, options: OpenOptions = {}): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  const db = new Database(path, {
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    readonly: options.readonly ?? false,
    timeout: 5000,
  })
  try {
    db.pragma('journal_mode = WAL')
    // Must be set on every open: the compiled default only applies to files already in WAL mode.
    // FULL because sign-offs, audit rows and MLLP ACKs must survive power loss once acknowledged.
    db.pragma('synchronous = FULL')
    db.pragma('foreign_keys = ON')
    // 32 MiB page cache: the import path touches many indexes (observations, FTS) per report.
    db.pragma('cache_size = -32768')
    db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`)
    migrate(db, options.migrations ?? MIGRATIONS)
    return db
  } catch (err) {
    db.close()
    throw err
  }
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number
}

export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): void {
  const latest = migrations.length
  const current = schemaVersion(db)
  if (current > latest) throw new SchemaTooNewError(current, latest)
  for (const m of migrations) {
    if (m.version <= current) continue
    db.transaction(() => {
      m.up(db)
      db.pragma(`user_version = ${m.version}`)
    }).immediate()
  }
}

export { LATEST_SCHEMA_VERSION }

/** Runs fn with the connection's synchronous mode set to `level` (1 NORMAL, 2 FULL), then restores the previous mode. */
function withSynchronous<T>(db: Db, level: 1 | 2, fn: () => T): T {
  const previous = db.pragma('synchronous', { simple: true }) as number
  if (previous === level) return fn()
  db.pragma(`synchronous = ${level}`)
  try {
    return fn()
  } finally {
    db.pragma(`synchronous = ${previous}`)
  }
}

/**
 * Runs fn with synchronous=FULL so its commits are on disk before it returns, whatever mode a concurrent
 * batch import left the connection in (syncCommitted uses it before anything is acknowledged to a sender).
 */
export function withDurableCommit<T>(db: Db, fn: () => T): T {
  return withSynchronous(db, 2, fn)
}

/** Runs fn with synchronous=NORMAL (commits survive an application crash, not yet a power loss). */
export function withNormalCommit<T>(db: Db, fn: () => T): T {
  return withSynchronous(db, 1, fn)
}

// Rewrites the header's user_version with the value it already holds: a one-page write, so the commit has a frame to sync.
function rewriteUserVersion(db: Db): void {
  const version = db.pragma('user_version', { simple: true }) as number
  db.pragma(`user_version = ${version}`)
}

/**
 * Makes every commit made on this database so far durable. A commit with synchronous=FULL fsyncs the write-ahead log,
 * which holds all earlier (NORMAL) commits too; an empty transaction would write nothing and sync nothing, so this
 * commits a one-page write. Throws when the write or the sync fails: then nothing may be reported as durable.
 */
export function syncCommitted(db: Db): void {
  withDurableCommit(db, () => transaction(db, rewriteUserVersion).immediate())
}
