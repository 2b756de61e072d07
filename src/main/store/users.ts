// Users repository: accounts, roles, password hashes and lock-out state. Decisions live in src/main/auth.
import { ROLES, type Role, type SessionUser } from '../../shared/domain/roles'
import type { PasswordHash } from '../auth/kdf'
import type { Db } from './db'
import { prepared } from './prepared'

export interface UserRecord extends SessionUser {
  disabled: boolean
  mustChangePassword: boolean
  failedAttempts: number
  lockedUntil: string | null
  passwordChangedAt: string
  createdAt: string
  createdBy: string
  password: PasswordHash
}

interface UserRow {
  id: number
  username: string
  display_name: string
  kdf: 'scrypt'
  kdf_n: number
  kdf_r: number
  kdf_p: number
  password_salt: Buffer
  password_hash: Buffer
  password_changed_at: string
  must_change_password: number
  disabled: number
  failed_attempts: number
  locked_until: string | null
  created_at: string
  created_by: string
  roles: string | null
}

const SELECT = `SELECT u.*, (SELECT group_concat(role) FROM user_roles WHERE user_id = u.id) AS roles FROM users u`

function toRecord(r: UserRow): UserRecord {
  const held = new Set((r.roles ?? '').split(','))
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    // In ROLES order, so lists and comparisons are stable.
    roles: ROLES.filter((role) => held.has(role)),
    disabled: r.disabled === 1,
    mustChangePassword: r.must_change_password === 1,
    failedAttempts: r.failed_attempts,
    lockedUntil: r.locked_until,
    passwordChangedAt: r.password_changed_at,
    createdAt: r.created_at,
    createdBy: r.created_by,
    password: { kdf: r.kdf, n: r.kdf_n, r: r.kdf_r, p: r.kdf_p, salt: r.password_salt, hash: r.password_hash },
  }
}

export function countUsers(db: Db): number {
  return (prepared(db, 'SELECT count(*) AS n FROM users').get() as { n: number }).n
}

export function getUser(db: Db, id: number): UserRecord | null {
  const row = prepared(db, `${SELECT} WHERE u.id = ?`).get(id) as UserRow | undefined
  return row ? toRecord(row) : null
}

export function findUserByName(db: Db, username: string): UserRecord | null {
  const row = prepared(db, `${SELECT} WHERE u.username = ?`).get(username) as UserRow | undefined
  return row ? toRecord(row) : null
}

export function listUsers(db: Db): UserRecord[] {
  return (prepared(db, `${SELECT} ORDER BY u.username`).all() as UserRow[]).map(toRecord)
}

export interface NewUser {
  username: string
  displayName: string
  roles: Role[]
  password: PasswordHash
  mustChangePassword: boolean
  createdBy: string
  now: string
}

export function insertUser(db: Db, u: NewUser): number {
  const info = prepared(db,
    `INSERT INTO users (username, display_name, kdf, kdf_n, kdf_r, kdf_p, password_salt, password_hash, password_changed_at,
                        must_change_password, created_at, created_by, updated_at)
     VALUES (@username, @displayName, @kdf, @n, @r, @p, @salt, @hash, @now, @mustChange, @now, @createdBy, @now)`,
  ).run({
    username: u.username,
    displayName: u.displayName,
    kdf: u.password.kdf,
    n: u.password.n,
    r: u.password.r,
    p: u.password.p,
    salt: u.password.salt,
    hash: u.password.hash,
    now: u.now,
    mustChange: u.mustChangePassword ? 1 : 0,
    createdBy: u.createdBy,
  })
  const id = Number(info.lastInsertRowid)
  setRoles(db, id, u.roles)
  return id
}

export function setRoles(db: Db, userId: number, roles: readonly Role[]): void {
  prepared(db, 'DELETE FROM user_roles WHERE user_id = ?').run(userId)
  for (const role of new Set(roles)) prepared(db, 'INSERT INTO user_roles (user_id, role) VALUES (?, ?)').run(userId, role)
}

export function setDisplayName(db: Db, userId: number, displayName: string, now: string): void {
  prepared(db, 'UPDATE users SET display_name = ?, updated_at = ? WHERE id = ?').run(displayName, now, userId)
}

export function setDisabled(db: Db, userId: number, disabled: boolean, now: string): void {
  prepared(db, 'UPDATE users SET disabled = ?, updated_at = ? WHERE id = ?').run(disabled ? 1 : 0, now, userId)
}

export function setPassword(db: Db, userId: number, password: PasswordHash, mustChange: boolean, now: string): void {
  prepared(db,
    `UPDATE users SET kdf = @kdf, kdf_n = @n, kdf_r = @r, kdf_p = @p, password_salt = @salt, password_hash = @hash,
       password_changed_at = @now, must_change_password = @mustChange, failed_attempts = 0, locked_until = NULL, updated_at = @now
     WHERE id = @id`,
  ).run({ id: userId, kdf: password.kdf, n: password.n, r: password.r, p: password.p, salt: password.salt, hash: password.hash, now, mustChange: mustChange ? 1 : 0 })
}

export function setLockState(db: Db, userId: number, failedAttempts: number, lockedUntil: string | null): void {
  prepared(db, 'UPDATE users SET failed_attempts = ?, locked_until = ? WHERE id = ?').run(failedAttempts, lockedUntil, userId)
}

/** Active accounts holding `role` (used to keep at least one administrator). */
export function countActiveWithRole(db: Db, role: Role): number {
  return (
    prepared(db, 'SELECT count(*) AS n FROM users u JOIN user_roles r ON r.user_id = u.id WHERE r.role = ? AND u.disabled = 0').get(role) as { n: number }
  ).n
}
