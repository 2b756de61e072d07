// Migration 8: users are unique by name ignoring case, keep KDF parameters per hash, and hold only known roles.
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate } from '../db'
import { MIGRATIONS } from './index'

describe('migration 0008-users', () => {
  it('creates users and user_roles with their checks', () => {
    const db = new Database(':memory:')
    db.pragma('foreign_keys = ON')
    migrate(db, MIGRATIONS.slice(0, 8))
    const insert = db.prepare(
      `INSERT INTO users (username, display_name, kdf, kdf_n, kdf_r, kdf_p, password_salt, password_hash, password_changed_at, created_at, created_by, updated_at)
       VALUES (?, 'A', 'scrypt', ?, 8, 1, ?, ?, 'x', 'x', 'x', 'x')`,
    )
    const salt = Buffer.alloc(16, 1)
    const hash = Buffer.alloc(32, 2)
    insert.run('alice', 32768, salt, hash)
    expect(() => insert.run('ALICE', 32768, salt, hash)).toThrow(/UNIQUE/)
    expect(() => insert.run('bob', 16, salt, hash)).toThrow(/CHECK/)
    expect(() => insert.run('bob', 32768, Buffer.alloc(8), hash)).toThrow(/CHECK/)
    expect(() => insert.run('', 32768, salt, hash)).toThrow(/CHECK/)
    const role = db.prepare('INSERT INTO user_roles (user_id, role) VALUES (?, ?)')
    role.run(1, 'admin')
    role.run(1, 'clinician')
    expect(() => role.run(1, 'admin')).toThrow(/UNIQUE|PRIMARY/)
    expect(() => role.run(1, 'superuser')).toThrow(/CHECK/)
    expect(() => role.run(9, 'admin')).toThrow(/FOREIGN KEY/)
    expect(db.prepare('SELECT count(*) FROM user_roles').pluck().get()).toBe(2)
  })
})
