// Administration of accounts: add, change roles and name, disable/enable, reset a password. Every change is audited
// by the administrator's username with ids and roles only.
import type { UserSummary } from '../../shared/contract/auth'
import type { Role } from '../../shared/domain/roles'
import { AppError } from '../../shared/errors'
import { appendAudit } from '../store/audit'
import type { Db } from '../store/db'
import { countActiveWithRole, findUserByName, getUser, insertUser, listUsers, setDisabled, setDisplayName, setPassword, setRoles, type UserRecord } from '../store/users'
import type { AuthService } from './service'

export function userSummary(u: UserRecord): UserSummary {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    roles: [...u.roles],
    disabled: u.disabled,
    mustChangePassword: u.mustChangePassword,
    lockedUntil: u.lockedUntil,
    createdAt: u.createdAt,
    createdBy: u.createdBy,
    passwordChangedAt: u.passwordChangedAt,
    kdf: { name: u.password.kdf, n: u.password.n, r: u.password.r, p: u.password.p },
  }
}

function existing(db: Db, id: number): UserRecord {
  const u = getUser(db, id)
  if (!u) throw new AppError('NOT_FOUND', `No user with id ${id}`)
  return u
}

/** Refuses a change that would leave no enabled administrator: nobody could then manage accounts or settings. */
function keepAnAdmin(db: Db, target: UserRecord): void {
  if (countActiveWithRole(db, 'admin') === 0) {
    throw new AppError('CONFLICT', `${target.username} is the last enabled administrator; make another user an administrator first.`)
  }
}

export interface UserAdmin {
  list(): UserSummary[]
  create(input: { username: string; displayName: string; roles: Role[]; password: string; mustChangePassword: boolean }, actor: string): Promise<UserSummary>
  update(input: { id: number; displayName?: string | undefined; roles?: Role[] | undefined }, actor: string): UserSummary
  setDisabled(id: number, disabled: boolean, actor: string): UserSummary
  resetPassword(id: number, password: string, actor: string): Promise<UserSummary>
}

export function userAdmin(db: Db, auth: AuthService): UserAdmin {
  const now = () => auth.now().toISOString()
  return {
    list: () => listUsers(db).map(userSummary),

    async create(input, actor) {
      if (findUserByName(db, input.username)) throw new AppError('CONFLICT', `A user named ${input.username} already exists.`)
      auth.checkNewPassword(input.password, input)
      const password = await auth.hashNew(input.password)
      const id = db.transaction(() => {
        if (findUserByName(db, input.username)) throw new AppError('CONFLICT', `A user named ${input.username} already exists.`)
        const userId = insertUser(db, { ...input, password, createdBy: actor, now: now() })
        appendAudit(db, { actor, action: 'users.created', entityType: 'user', entityId: userId, details: { roles: input.roles, mustChangePassword: input.mustChangePassword } })
        return userId
      })()
      return userSummary(existing(db, id))
    },

    update(input, actor) {
      return db.transaction(() => {
        const before = existing(db, input.id)
        const changed: string[] = []
        if (input.displayName !== undefined && input.displayName !== before.displayName) {
          setDisplayName(db, before.id, input.displayName, now())
          changed.push('displayName')
        }
        if (input.roles !== undefined && [...new Set(input.roles)].sort().join() !== [...before.roles].sort().join()) {
          setRoles(db, before.id, input.roles)
          keepAnAdmin(db, before)
          changed.push('roles')
        }
        const after = existing(db, before.id)
        if (changed.length > 0) {
          appendAudit(db, {
            actor,
            action: changed.includes('roles') ? 'users.rolesChanged' : 'users.updated',
            entityType: 'user',
            entityId: before.id,
            details: { changed, ...(changed.includes('roles') ? { rolesBefore: before.roles, rolesAfter: after.roles } : {}) },
          })
        }
        return userSummary(after)
      })()
    },

    setDisabled(id, disabled, actor) {
      const result = db.transaction(() => {
        const before = existing(db, id)
        if (before.disabled === disabled) return userSummary(before)
        setDisabled(db, id, disabled, now())
        if (disabled) keepAnAdmin(db, before)
        appendAudit(db, { actor, action: disabled ? 'users.disabled' : 'users.enabled', entityType: 'user', entityId: id })
        return userSummary(existing(db, id))
      })()
      // A disabled account's open sessions end at once, not at their next call.
      if (disabled) for (const s of auth.sessions.idsOf(id)) auth.sessions.delete(s)
      return result
    },

    async resetPassword(id, password, actor) {
      const user = existing(db, id)
      auth.checkNewPassword(password, user)
      const hash = await auth.hashNew(password)
      db.transaction(() => {
        setPassword(db, id, hash, true, now())
        appendAudit(db, { actor, action: 'users.passwordReset', entityType: 'user', entityId: id })
      })()
      return userSummary(existing(db, id))
    },
  }
}
