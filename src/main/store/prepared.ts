// Prepared-statement and transaction caches per connection: compiling SQL costs more than running it on the import
// hot path, and better-sqlite3 builds a new wrapper on every db.transaction() call.
import type { Statement, Transaction } from 'better-sqlite3'
import type { Db } from './db'

const caches = new WeakMap<Db, Map<string, Statement>>()

export function prepared(db: Db, sql: string): Statement {
  let cache = caches.get(db)
  if (!cache) caches.set(db, (cache = new Map()))
  let stmt = cache.get(sql)
  if (!stmt) cache.set(sql, (stmt = db.prepare(sql)))
  return stmt
}

// Keyed by the body function itself; bodies of every signature share one map per connection.
const transactions = new WeakMap<Db, Map<object, Transaction<(...args: never[]) => unknown>>>()

/** The connection's transaction wrapper around `body` (a module-level function taking the connection first), built once. */
export function transaction<A extends unknown[], R>(db: Db, body: (db: Db, ...args: A) => R): Transaction<(...args: A) => R> {
  let cache = transactions.get(db)
  if (!cache) transactions.set(db, (cache = new Map()))
  let tx = cache.get(body)
  if (!tx) cache.set(body, (tx = db.transaction((...args: A) => body(db, ...args)) as Transaction<(...args: never[]) => unknown>))
  return tx as unknown as Transaction<(...args: A) => R>
}
