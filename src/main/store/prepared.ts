// Prepared-statement cache per connection: compiling SQL costs more than running it on the import hot path.
import type { Statement } from 'better-sqlite3'
import type { Db } from './db'

const caches = new WeakMap<Db, Map<string, Statement>>()

export function prepared(db: Db, sql: string): Statement {
  let cache = caches.get(db)
  if (!cache) caches.set(db, (cache = new Map()))
  let stmt = cache.get(sql)
  if (!stmt) cache.set(sql, (stmt = db.prepare(sql)))
  return stmt
}
