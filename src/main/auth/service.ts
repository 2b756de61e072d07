// Credentials and sessions: sign-in with lock-out, the inactivity lock, password changes, and the password check a
// signature needs. Every outcome is audited by username and ids, never by what was typed.
import type { AuthStatus } from '../../shared/contract/auth'
import type { Role, SessionUser } from '../../shared/domain/roles'
import { passwordProblem } from '../../shared/domain/passwordPolicy'
import { AppError } from '../../shared/errors'
import type { CallContext } from '../handlers/types'
import { appendAudit } from '../store/audit'
import type { Db } from '../store/db'
import { countUsers, findUserByName, getUser, insertUser, setLockState, setPassword, type UserRecord } from '../store/users'
import { burnVerifyTime, DEFAULT_KDF, hashPassword, needsRehash, verifyPasswordHash, type KdfParams } from './kdf'
import { afterFailedAttempt, lockedOutUntil, MAX_FAILED_ATTEMPTS } from './lockout'
import { idleLockSeconds, lockoutMinutes } from './settings'
import { sessionStanding, SessionStore, type Session } from './sessions'

/** What a password is being checked for; recorded with a failure. */
export type CheckPurpose = 'sign-in' | 'unlock' | 'signature' | 'password-change' | 'cli'

export interface ResolvedSession {
  user: SessionUser | null
  state?: 'locked' | 'must-change-password'
}

export interface AuthOptions {
  /** The clock; tests move it to pass lock-outs and inactivity. */
  now?: () => Date
  /** Hash parameters for new passwords (tests may lower them to run faster; never the app). */
  kdf?: KdfParams
}

const UNKNOWN_ACTOR = '(unknown user)'

export function sessionUser(u: Pick<UserRecord, 'id' | 'username' | 'displayName' | 'roles'>): SessionUser {
  return { id: u.id, username: u.username, displayName: u.displayName, roles: [...u.roles] }
}

export class AuthService {
  readonly sessions = new SessionStore()
  readonly now: () => Date
  readonly kdf: KdfParams

  constructor(
    private readonly db: Db,
    opts: AuthOptions = {},
  ) {
    this.now = opts.now ?? (() => new Date())
    this.kdf = opts.kdf ?? DEFAULT_KDF
  }

  hasUsers(): boolean {
    return countUsers(this.db) > 0
  }

  /** A new password that meets the policy, else INVALID_INPUT saying what to change. */
  checkNewPassword(password: string, who: { username: string; displayName: string }): void {
    const problem = passwordProblem(password, who)
    if (problem) throw new AppError('INVALID_INPUT', problem)
  }

  hashNew(password: string) {
    return hashPassword(password, this.kdf)
  }

  /**
   * The user a call is made by. A session past the inactivity limit is locked here (server-side, whatever the
   * renderer does); `activity` (every call but a status poll) keeps an active session alive.
   */
  resolve(sessionId: string | undefined, activity: boolean): ResolvedSession & { named: SessionUser | null } {
    if (!sessionId) return { user: null, named: null }
    const session = this.sessions.get(sessionId)
    if (!session) return { user: null, named: null }
    const now = this.now().getTime()
    const standing = sessionStanding(session, now, idleLockSeconds(this.db) * 1000)
    if (standing === 'expired') {
      this.sessions.delete(sessionId)
      return { user: null, named: null }
    }
    const record = getUser(this.db, session.userId)
    if (!record || record.disabled) {
      this.sessions.delete(sessionId)
      return { user: null, named: null }
    }
    const named = sessionUser(record)
    if (standing === 'idle') {
      session.locked = true
      appendAudit(this.db, { actor: record.username, action: 'auth.lock', entityType: 'user', entityId: record.id, details: { reason: 'inactivity' } })
    }
    if (session.locked) return { user: null, state: 'locked', named }
    if (activity) session.lastActivity = now
    if (record.mustChangePassword) return { user: null, state: 'must-change-password', named }
    return { user: named, named }
  }

  status(sessionId: string | undefined, activity: boolean): AuthStatus {
    const r = this.resolve(sessionId, activity)
    return {
      hasUsers: this.hasUsers(),
      user: r.named,
      locked: r.state === 'locked',
      mustChangePassword: r.state === 'must-change-password',
      idleLockSeconds: idleLockSeconds(this.db),
    }
  }

  /** The first administrator, only while no account exists; the calling session is signed in as them. */
  async createFirstAdmin(input: { username: string; displayName: string; password: string; roles?: Role[] }, ctx: CallContext): Promise<AuthStatus> {
    if (this.hasUsers()) throw new AppError('CONFLICT', 'An administrator already exists: sign in, or ask an administrator for an account.')
    this.checkNewPassword(input.password, input)
    const password = await this.hashNew(input.password)
    const roles: Role[] = ['admin', ...(input.roles ?? []).filter((r) => r !== 'admin')]
    // IMMEDIATE: two first-run screens (two tabs) racing here must not both create an administrator.
    const id = this.db
      .transaction(() => {
        if (countUsers(this.db) > 0) throw new AppError('CONFLICT', 'An administrator was created meanwhile: sign in with that account.')
        const userId = insertUser(this.db, { username: input.username, displayName: input.displayName, roles, password, mustChangePassword: false, createdBy: input.username, now: this.now().toISOString() })
        appendAudit(this.db, { actor: input.username, action: 'users.created', entityType: 'user', entityId: userId, details: { roles, firstAdmin: true } })
        return userId
      })
      .immediate()
    const user = getUser(this.db, id)
    if (!user) throw new AppError('INTERNAL', 'The new administrator was not stored.')
    return this.startSession(user, ctx)
  }

  /** Checks a username and password with the lock-out rules; the account, else an AppError (the same for a wrong name or password). */
  async authenticate(username: string, password: string, purpose: CheckPurpose, transport: string): Promise<UserRecord> {
    const user = findUserByName(this.db, username)
    if (!user) {
      await burnVerifyTime(password)
      // The typed name is not recorded: people type passwords into the name field.
      appendAudit(this.db, { actor: UNKNOWN_ACTOR, action: 'auth.signInFailed', details: { purpose, reason: 'unknown-user', transport } })
      throw new AppError('UNAUTHENTICATED', 'Wrong username or password.')
    }
    await this.checkPassword(user, password, purpose, transport)
    return user
  }

  /** Sign a session in (or switch it to another user); the status it then has. */
  async signIn(username: string, password: string, ctx: CallContext): Promise<AuthStatus> {
    const user = await this.authenticate(username, password, 'sign-in', ctx.transport)
    return this.startSession(user, ctx)
  }

  private startSession(user: UserRecord, ctx: CallContext): AuthStatus {
    if (!ctx.sessionId) throw new AppError('UNSUPPORTED', 'This connection has no session to sign in.')
    const previous = this.sessions.get(ctx.sessionId)
    if (previous) this.endSession(ctx.sessionId, 'switch-user')
    const id = ctx.renewSession ? ctx.renewSession() : ctx.sessionId
    const now = this.now().getTime()
    this.sessions.set(id, { userId: user.id, signedInAt: now, lastActivity: now, locked: false })
    appendAudit(this.db, { actor: user.username, action: 'auth.signIn', entityType: 'user', entityId: user.id, details: { transport: ctx.transport } })
    return this.status(id, false)
  }

  signOut(ctx: CallContext): AuthStatus {
    if (ctx.sessionId) this.endSession(ctx.sessionId, 'sign-out')
    return this.status(undefined, false)
  }

  private endSession(sessionId: string, reason: 'sign-out' | 'switch-user' | 'locked-out'): void {
    const session = this.sessions.get(sessionId)
    if (!session) return
    this.sessions.delete(sessionId)
    const user = getUser(this.db, session.userId)
    appendAudit(this.db, { actor: user?.username ?? UNKNOWN_ACTOR, action: 'auth.signOut', entityType: 'user', entityId: session.userId, details: { reason } })
  }

  private requireSession(ctx: CallContext): { id: string; session: Session; user: UserRecord } {
    const id = ctx.sessionId
    const session = id ? this.sessions.get(id) : undefined
    const user = session ? getUser(this.db, session.userId) : null
    if (!id || !session || !user) throw new AppError('UNAUTHENTICATED', 'Sign in first.')
    return { id, session, user }
  }

  lock(ctx: CallContext): AuthStatus {
    // Resolving first applies an inactivity lock that is already due, so it is recorded once, as inactivity.
    this.resolve(ctx.sessionId, false)
    const { id, session, user } = this.requireSession(ctx)
    if (!session.locked) {
      session.locked = true
      appendAudit(this.db, { actor: user.username, action: 'auth.lock', entityType: 'user', entityId: user.id, details: { reason: 'manual' } })
    }
    return this.status(id, false)
  }

  /** Unlock with the session user's password; a lock-out or disabled account ends the session instead. */
  async unlock(password: string, ctx: CallContext): Promise<AuthStatus> {
    this.resolve(ctx.sessionId, false)
    const { id, session, user } = this.requireSession(ctx)
    if (!session.locked) return this.status(id, false)
    try {
      await this.checkPassword(user, password, 'unlock', ctx.transport)
    } catch (err) {
      if (err instanceof AppError && err.code === 'ACCOUNT_LOCKED') this.endSession(id, 'locked-out')
      throw err
    }
    session.locked = false
    session.lastActivity = this.now().getTime()
    appendAudit(this.db, { actor: user.username, action: 'auth.unlock', entityType: 'user', entityId: user.id })
    return this.status(id, false)
  }

  /** The session user's own password change (allowed while a forced change is pending, not while locked). */
  async changeOwnPassword(currentPassword: string, newPassword: string, ctx: CallContext): Promise<AuthStatus> {
    const r = this.resolve(ctx.sessionId, true)
    if (r.state === 'locked') throw new AppError('UNAUTHENTICATED', 'The session is locked: unlock it with your password.')
    const { id, user } = this.requireSession(ctx)
    await this.changePassword(user, currentPassword, newPassword, ctx.transport)
    return this.status(id, false)
  }

  async changePassword(user: UserRecord, currentPassword: string, newPassword: string, transport: string): Promise<void> {
    await this.checkPassword(user, currentPassword, 'password-change', transport)
    this.checkNewPassword(newPassword, user)
    if (newPassword.normalize('NFKC') === currentPassword.normalize('NFKC')) throw new AppError('INVALID_INPUT', 'The new password must differ from the current one.')
    const hash = await this.hashNew(newPassword)
    this.db.transaction(() => {
      setPassword(this.db, user.id, hash, false, this.now().toISOString())
      appendAudit(this.db, { actor: user.username, action: 'auth.passwordChanged', entityType: 'user', entityId: user.id, details: { kdf: 'scrypt', n: hash.n, r: hash.r, p: hash.p } })
    })()
  }

  /**
   * Confirms a user's password (e.g. re-entered to sign a report) under the same lock-out rules as sign-in; throws
   * UNAUTHENTICATED for a wrong password and ACCOUNT_LOCKED for a locked-out or disabled account.
   */
  async verifyPassword(userId: number, password: string, purpose: CheckPurpose = 'signature', transport = 'internal'): Promise<void> {
    const user = getUser(this.db, userId)
    if (!user) throw new AppError('NOT_FOUND', `No user with id ${userId}`)
    await this.checkPassword(user, password, purpose, transport)
  }

  private async checkPassword(user: UserRecord, password: string, purpose: CheckPurpose, transport: string): Promise<void> {
    const now = this.now()
    const lockedUntil = lockedOutUntil(user, now)
    if (lockedUntil) {
      appendAudit(this.db, { actor: user.username, action: 'auth.signInFailed', entityType: 'user', entityId: user.id, details: { purpose, reason: 'locked-out', transport } })
      throw new AppError('ACCOUNT_LOCKED', lockedOutMessage(lockedUntil))
    }
    const ok = await verifyPasswordHash(password, user.password)
    if (!ok) {
      const next = this.recordFailure(user.id, purpose, transport)
      if (next.lockedOut && next.lockedUntil) throw new AppError('ACCOUNT_LOCKED', lockedOutMessage(new Date(next.lockedUntil)))
      throw new AppError('UNAUTHENTICATED', purpose === 'sign-in' || purpose === 'cli' ? 'Wrong username or password.' : 'Wrong password.')
    }
    // Checked after the password, so guessing does not tell which accounts are disabled.
    if (user.disabled) {
      appendAudit(this.db, { actor: user.username, action: 'auth.signInFailed', entityType: 'user', entityId: user.id, details: { purpose, reason: 'disabled', transport } })
      throw new AppError('ACCOUNT_LOCKED', 'This account is disabled; ask an administrator.')
    }
    if (user.failedAttempts > 0 || user.lockedUntil !== null) setLockState(this.db, user.id, 0, null)
    if (needsRehash(user.password, this.kdf)) {
      setPassword(this.db, user.id, await this.hashNew(password), user.mustChangePassword, now.toISOString())
    }
  }

  /** Counts a failure against the account's current state (read in the same transaction, so parallel failures all count). */
  private recordFailure(userId: number, purpose: CheckPurpose, transport: string) {
    return this.db
      .transaction(() => {
        const fresh = getUser(this.db, userId)
        if (!fresh) throw new AppError('NOT_FOUND', `No user with id ${userId}`)
        const next = afterFailedAttempt(fresh, this.now(), lockoutMinutes(this.db))
        setLockState(this.db, userId, next.failedAttempts, next.lockedUntil)
        appendAudit(this.db, { actor: fresh.username, action: 'auth.signInFailed', entityType: 'user', entityId: userId, details: { purpose, reason: 'wrong-password', transport } })
        if (next.lockedOut) {
          appendAudit(this.db, { actor: fresh.username, action: 'auth.lockedOut', entityType: 'user', entityId: userId, details: { failures: MAX_FAILED_ATTEMPTS, until: next.lockedUntil } })
          for (const id of this.sessions.idsOf(userId)) this.sessions.delete(id)
        }
        return next
      })
      .immediate()
  }
}

function lockedOutMessage(until: Date): string {
  return `Account locked after ${MAX_FAILED_ATTEMPTS} failed password attempts, until ${until.toISOString().slice(0, 16).replace('T', ' ')} UTC; an administrator can reset the password sooner.`
}
