// Users, sign-in and sessions through the handler table on a real SQLite file, with a clock the tests move: first
// administrator, KDF parameters, lock-out, disabled accounts, forced change, inactivity lock, switch user, audit.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AuthStatus, UserSummary } from '../../src/shared/contract/auth'
import type { AuditEvent } from '../../src/shared/contract/audit'
import { DEFAULT_KDF, hashPassword } from '../../src/main/auth/kdf'
import type { CallContext } from '../../src/main/handlers/types'
import { addTestUser, callAs, makeServices, sessionCtx, TEST_CTX, TEST_PASSWORD, type TestServices } from '../helpers/services'

const ADMIN_PASSWORD = 'violet anchor meadow 7'
let t: TestServices
let clock: number
const advance = (ms: number) => (clock += ms)

beforeEach(() => {
  clock = Date.parse('2026-03-01T08:00:00.000Z')
  t = makeServices({ now: () => new Date(clock) })
})
afterEach(() => t.cleanup())

async function ok<T>(ctx: CallContext, method: string, input: unknown = {}): Promise<T> {
  const r = await callAs(t, ctx, method, input)
  if (!r.ok) throw new Error(`${method}: ${r.error.code}: ${r.error.message}`)
  return r.value as T
}
async function fails(ctx: CallContext, method: string, input: unknown = {}): Promise<{ code: string; message: string }> {
  const r = await callAs(t, ctx, method, input)
  if (r.ok) throw new Error(`${method} should have failed`)
  return r.error
}
const audit = () => ok<AuditEvent[]>(TEST_CTX, 'audit.list', { limit: 500 })
// The audit anchor's own start row comes first in every new data folder; these tests look at what the auth methods record.
const actions = async () => (await audit()).filter((e) => e.action !== 'audit.anchor_started').map((e) => `${e.actor} ${e.action}`).reverse()

async function firstAdmin(session = 'admin-session'): Promise<CallContext> {
  const ctx = sessionCtx(session)
  await ok<AuthStatus>(ctx, 'auth.createFirstAdmin', { username: 'root', displayName: 'Site Admin', password: ADMIN_PASSWORD })
  return ctx
}

describe('first run', () => {
  it('creates the first administrator only while no user exists, and signs that session in', async () => {
    const anon = sessionCtx('s1')
    expect(await ok<AuthStatus>(anon, 'auth.status')).toEqual({ hasUsers: false, user: null, locked: false, mustChangePassword: false, idleLockSeconds: 600 })
    // No default password and no shortcut: every contract method but the public ones refuses a caller with no user.
    expect((await fails(anon, 'reports.list', {})).code).toBe('UNAUTHENTICATED')
    expect(await fails(anon, 'auth.createFirstAdmin', { username: 'root', displayName: 'Root', password: 'short' })).toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringMatching(/at least 15 characters/),
    })
    const status = await ok<AuthStatus>(anon, 'auth.createFirstAdmin', { username: 'root', displayName: 'Root', password: ADMIN_PASSWORD, roles: ['clinician'] })
    expect(status).toMatchObject({ hasUsers: true, locked: false, user: { username: 'root', roles: ['clinician', 'admin'] } })
    expect(await fails(sessionCtx('s2'), 'auth.createFirstAdmin', { username: 'other', displayName: 'Other', password: ADMIN_PASSWORD })).toMatchObject({ code: 'CONFLICT' })
    expect(await actions()).toEqual(['root users.created', 'root auth.signIn'])
  })

  it('records the KDF and its parameters with each hash (never the hash itself in the contract)', async () => {
    const admin = await firstAdmin()
    const [root] = await ok<UserSummary[]>(admin, 'users.list')
    expect(root!.kdf).toEqual({ name: 'scrypt', n: DEFAULT_KDF.n, r: DEFAULT_KDF.r, p: DEFAULT_KDF.p })
    expect(DEFAULT_KDF).toEqual({ n: 32768, r: 8, p: 1 })
    const row = t.services.db.prepare('SELECT kdf, kdf_n, kdf_r, kdf_p, length(password_salt) AS salt, length(password_hash) AS hash FROM users').get()
    expect(row).toEqual({ kdf: 'scrypt', kdf_n: 32768, kdf_r: 8, kdf_p: 1, salt: 16, hash: 32 })
    expect(JSON.stringify(root)).not.toMatch(/hash|salt/i)
  })

  it('re-hashes a password made with weaker parameters at the next sign-in, keeping the password', async () => {
    await firstAdmin()
    const weak = await hashPassword(ADMIN_PASSWORD, { n: 1024, r: 8, p: 1 })
    t.services.db.prepare('UPDATE users SET kdf_n = ?, password_salt = ?, password_hash = ?').run(weak.n, weak.salt, weak.hash)
    await ok(sessionCtx('s9'), 'auth.signIn', { username: 'root', password: ADMIN_PASSWORD })
    expect(t.services.db.prepare('SELECT kdf_n FROM users').pluck().get()).toBe(32768)
    await ok(sessionCtx('s10'), 'auth.signIn', { username: 'root', password: ADMIN_PASSWORD })
  })
})

describe('sign-in and lock-out', () => {
  it('counts wrong passwords, locks out after 5 for the configured time, and lets the user in after it', async () => {
    const admin = await firstAdmin()
    await ok(admin, 'settings.set', { key: 'auth.lockoutMinutes', value: 2 })
    await addTestUser(t, 'nina', ['clinician'])
    const s = sessionCtx('nina-1')
    for (let i = 1; i <= 4; i++) {
      expect(await fails(s, 'auth.signIn', { username: 'nina', password: 'wrong password number ' + i })).toEqual({ code: 'UNAUTHENTICATED', message: 'Wrong username or password.' })
    }
    expect(t.services.db.prepare("SELECT failed_attempts FROM users WHERE username = 'nina'").pluck().get()).toBe(4)
    const fifth = await fails(s, 'auth.signIn', { username: 'nina', password: 'wrong password number 5' })
    expect(fifth.code).toBe('ACCOUNT_LOCKED')
    expect(fifth.message).toMatch(/5 failed password attempts, until 2026-03-01 08:02 UTC/)
    // The right password does not help while locked out.
    expect((await fails(s, 'auth.signIn', { username: 'nina', password: TEST_PASSWORD })).code).toBe('ACCOUNT_LOCKED')
    advance(119_000)
    expect((await fails(s, 'auth.signIn', { username: 'nina', password: TEST_PASSWORD })).code).toBe('ACCOUNT_LOCKED')
    advance(1_000)
    expect(await ok<AuthStatus>(s, 'auth.signIn', { username: 'nina', password: TEST_PASSWORD })).toMatchObject({ user: { username: 'nina' }, locked: false })
    expect(t.services.db.prepare("SELECT failed_attempts, locked_until FROM users WHERE username = 'nina'").get()).toEqual({ failed_attempts: 0, locked_until: null })
    const log = await actions()
    expect(log.filter((a) => a === 'nina auth.signInFailed')).toHaveLength(7)
    expect(log.filter((a) => a === 'nina auth.lockedOut')).toHaveLength(1)
  })

  it('gives the same answer for an unknown name as for a wrong password, and does not record the typed name', async () => {
    await firstAdmin()
    expect(await fails(sessionCtx('x'), 'auth.signIn', { username: 'nobody', password: 'whatever it is here' })).toEqual({ code: 'UNAUTHENTICATED', message: 'Wrong username or password.' })
    const [last] = await audit()
    expect(last).toMatchObject({ actor: '(unknown user)', action: 'auth.signInFailed', details: { reason: 'unknown-user' } })
    expect(JSON.stringify(await audit())).not.toContain('nobody')
  })

  it('verifyPassword (a signature) counts failures with sign-in: 4 wrong sign-ins and 1 wrong signature lock the account', async () => {
    await firstAdmin()
    const nina = await addTestUser(t, 'nina', ['clinician'])
    for (let i = 0; i < 4; i++) await fails(sessionCtx('n'), 'auth.signIn', { username: 'nina', password: 'not her password ' + i })
    await expect(t.services.auth.verifyPassword(nina.user.id, 'still not her password')).rejects.toMatchObject({ code: 'ACCOUNT_LOCKED' })
    await expect(t.services.auth.verifyPassword(nina.user.id, TEST_PASSWORD)).rejects.toMatchObject({ code: 'ACCOUNT_LOCKED' })
    advance(15 * 60_000)
    await expect(t.services.auth.verifyPassword(nina.user.id, TEST_PASSWORD)).resolves.toBeUndefined()
    await expect(t.services.auth.verifyPassword(nina.user.id, 'wrong again, once')).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: 'Wrong password.' })
  })

  it('refuses a disabled account, ends its open sessions, and lets it in again once enabled', async () => {
    const admin = await firstAdmin()
    const tech = await addTestUser(t, 'tom', ['technician'])
    const s = sessionCtx('tom-1')
    await ok(s, 'auth.signIn', { username: 'tom', password: TEST_PASSWORD })
    await ok(s, 'reports.list', {})
    await ok(admin, 'users.disable', { id: tech.user.id })
    expect((await fails(s, 'reports.list', {})).code).toBe('UNAUTHENTICATED')
    expect(await fails(s, 'auth.signIn', { username: 'tom', password: TEST_PASSWORD })).toEqual({ code: 'ACCOUNT_LOCKED', message: 'This account is disabled; ask an administrator.' })
    // A wrong password is still just wrong: guessing does not tell which accounts are disabled.
    expect((await fails(s, 'auth.signIn', { username: 'tom', password: 'not the password x' })).code).toBe('UNAUTHENTICATED')
    await ok(admin, 'users.enable', { id: tech.user.id })
    await ok(s, 'auth.signIn', { username: 'tom', password: TEST_PASSWORD })
    expect(await actions()).toEqual(expect.arrayContaining(['root users.disabled', 'root users.enabled']))
  })

  it('keeps at least one enabled administrator', async () => {
    const admin = await firstAdmin()
    expect(await fails(admin, 'users.disable', { id: 1 })).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/last enabled administrator/) })
    expect((await fails(admin, 'users.update', { id: 1, roles: ['clinician'] })).code).toBe('CONFLICT')
    const other = await addTestUser(t, 'ada', ['admin'])
    await ok(admin, 'users.update', { id: 1, roles: ['clinician'] })
    expect((await ok<UserSummary[]>(other.ctx, 'users.list')).find((u) => u.id === 1)!.roles).toEqual(['clinician'])
  })
})

describe('reviewers', () => {
  it('lists enabled reviewing colleagues by display name to any signed-in user, and nothing else of their accounts', async () => {
    const admin = await firstAdmin()
    const nina = await addTestUser(t, 'nina', ['clinician'])
    const tom = await addTestUser(t, 'tom', ['technician'])
    const mia = await addTestUser(t, 'mia', ['ml'])
    const gone = await addTestUser(t, 'gone', ['clinician'])
    await ok(admin, 'users.disable', { id: gone.user.id })
    const seen = await ok<{ id: number; displayName: string }[]>(mia.ctx, 'users.reviewers')
    expect(seen.map((u) => u.id).sort()).toEqual([nina.user.id, tom.user.id].sort())
    for (const u of seen) expect(Object.keys(u).sort()).toEqual(['displayName', 'id'])
    expect(seen.find((u) => u.id === nina.user.id)!.displayName).toBe(nina.user.displayName)
    expect((await fails(sessionCtx('nobody'), 'users.reviewers')).code).toBe('UNAUTHENTICATED')
  })
})

describe('forced password change', () => {
  it('after an admin reset, the user can do nothing but change the password, which must then differ and meet the policy', async () => {
    const admin = await firstAdmin()
    const nina = await addTestUser(t, 'nina', ['clinician'])
    const temporary = 'temporary pass 2026 x'
    const reset = await ok<UserSummary>(admin, 'users.resetPassword', { id: nina.user.id, password: temporary })
    expect(reset.mustChangePassword).toBe(true)
    expect((await fails(sessionCtx('n'), 'auth.signIn', { username: 'nina', password: TEST_PASSWORD })).code).toBe('UNAUTHENTICATED')
    const s = sessionCtx('n')
    expect(await ok<AuthStatus>(s, 'auth.signIn', { username: 'nina', password: temporary })).toMatchObject({ mustChangePassword: true, user: { username: 'nina' } })
    expect(await fails(s, 'reports.list', {})).toEqual({ code: 'UNAUTHENTICATED', message: 'Change your password first: an administrator reset it.' })
    expect((await fails(s, 'auth.changePassword', { currentPassword: temporary, newPassword: temporary })).message).toMatch(/must differ/)
    expect((await fails(s, 'auth.changePassword', { currentPassword: temporary, newPassword: 'nina is my name ok' })).message).toMatch(/username/)
    expect((await fails(s, 'auth.changePassword', { currentPassword: 'wrong current one', newPassword: 'quartz lemon violin 9' })).code).toBe('UNAUTHENTICATED')
    expect(await ok<AuthStatus>(s, 'auth.changePassword', { currentPassword: temporary, newPassword: 'quartz lemon violin 9' })).toMatchObject({ mustChangePassword: false })
    await ok(s, 'reports.list', {})
    expect(await actions()).toEqual(expect.arrayContaining(['root users.passwordReset', 'nina auth.passwordChanged']))
  })
})

describe('roles', () => {
  it('a technician gets FORBIDDEN for administrators\' methods, naming the role needed', async () => {
    await firstAdmin()
    const tech = await addTestUser(t, 'tom', ['technician'])
    const s = sessionCtx('tom')
    await ok(s, 'auth.signIn', { username: 'tom', password: TEST_PASSWORD })
    expect(await fails(s, 'users.create', { username: 'x', displayName: 'X', roles: ['admin'], password: TEST_PASSWORD })).toEqual({
      code: 'FORBIDDEN',
      message: 'This needs the admin role; tom does not hold it.',
    })
    expect((await fails(tech.ctx, 'settings.set', { key: 'auth.idleLockSeconds', value: 5 })).code).toBe('FORBIDDEN')
    expect((await fails(s, 'models.remove', { id: 1 })).code).toBe('FORBIDDEN')
  })

  it('records role changes with the roles before and after, by the administrator', async () => {
    const admin = await firstAdmin()
    const nina = await addTestUser(t, 'nina', ['technician'])
    await ok(admin, 'users.update', { id: nina.user.id, roles: ['technician', 'clinician'] })
    const [last] = await audit()
    expect(last).toMatchObject({ actor: 'root', action: 'users.rolesChanged', entityId: String(nina.user.id), details: { rolesBefore: ['technician'], rolesAfter: ['technician', 'clinician'] } })
    // A role granted takes effect on the user's open sessions at their next call.
    const s = sessionCtx('n')
    await ok(s, 'auth.signIn', { username: 'nina', password: TEST_PASSWORD })
    await ok(admin, 'users.update', { id: nina.user.id, roles: ['clinician'] })
    expect((await ok<AuthStatus>(s, 'auth.status')).user!.roles).toEqual(['clinician'])
  })
})

describe('sessions', () => {
  it('lock after the configured inactivity (server-side), hide data while locked, and unlock with the password', async () => {
    const admin = await firstAdmin()
    await ok(admin, 'settings.set', { key: 'auth.idleLockSeconds', value: 5 })
    await addTestUser(t, 'nina', ['clinician'])
    const s = sessionCtx('n')
    await ok(s, 'auth.signIn', { username: 'nina', password: TEST_PASSWORD })
    advance(4_000)
    await ok(s, 'reports.list', {})
    advance(4_000)
    // Status polls are not activity: they cannot keep an unattended screen open.
    await ok(s, 'auth.status')
    advance(1_500)
    expect(await fails(s, 'reports.list', {})).toEqual({ code: 'UNAUTHENTICATED', message: 'The session is locked: unlock it with your password.' })
    expect(await ok<AuthStatus>(s, 'auth.status')).toMatchObject({ locked: true, user: { username: 'nina' }, idleLockSeconds: 5 })
    expect((await fails(s, 'auth.unlock', { password: 'not her password x' })).code).toBe('UNAUTHENTICATED')
    expect(await ok<AuthStatus>(s, 'auth.unlock', { password: TEST_PASSWORD })).toMatchObject({ locked: false })
    await ok(s, 'reports.list', {})
    await ok(s, 'auth.lock')
    expect((await fails(s, 'reports.list', {})).message).toMatch(/locked/)
    const log = (await audit()).filter((e) => e.actor === 'nina').map((e) => `${e.action}${e.details.reason ? `:${String(e.details.reason)}` : ''}`).reverse()
    expect(log).toEqual(['auth.signIn', 'auth.lock:inactivity', 'auth.signInFailed:wrong-password', 'auth.unlock', 'auth.lock:manual'])
  })

  it('expire after 12 hours unused, and end at sign-out', async () => {
    await firstAdmin()
    await addTestUser(t, 'nina', ['clinician'])
    const s = sessionCtx('n')
    await ok(s, 'auth.signIn', { username: 'nina', password: TEST_PASSWORD })
    advance(12 * 3600_000)
    expect(await ok<AuthStatus>(s, 'auth.status')).toMatchObject({ user: null, locked: false })
    await ok(s, 'auth.signIn', { username: 'nina', password: TEST_PASSWORD })
    expect(await ok<AuthStatus>(s, 'auth.signOut')).toMatchObject({ user: null })
    expect((await fails(s, 'reports.list', {})).message).toBe('Sign in first.')
  })

  it('switch user: a second sign-in on a session replaces the first user, and each stored action names its user', async () => {
    await firstAdmin()
    await addTestUser(t, 'nina', ['clinician'])
    await addTestUser(t, 'tom', ['technician'])
    const s = sessionCtx('shared-window')
    await ok(s, 'auth.signIn', { username: 'nina', password: TEST_PASSWORD })
    await ok(s, 'auth.lock')
    // From the lock screen, another person signs in without closing the app.
    expect(await ok<AuthStatus>(s, 'auth.signIn', { username: 'tom', password: TEST_PASSWORD })).toMatchObject({ user: { username: 'tom' }, locked: false })
    await ok(s, 'import.files', { files: [{ name: 'x.txt', contentBase64: Buffer.from('not a report').toString('base64') }] })
    const log = await actions()

    expect(log).toEqual(expect.arrayContaining(['nina auth.signOut', 'tom auth.signIn', 'tom import.batch']))
  })

  it('several sessions of one user are independent: locking one leaves the other open', async () => {
    await firstAdmin()
    await addTestUser(t, 'nina', ['clinician'])
    const a = sessionCtx('tab-a')
    const b = sessionCtx('tab-b')
    await ok(a, 'auth.signIn', { username: 'nina', password: TEST_PASSWORD })
    await ok(b, 'auth.signIn', { username: 'nina', password: TEST_PASSWORD })
    await ok(a, 'auth.lock')
    expect((await fails(a, 'reports.list', {})).code).toBe('UNAUTHENTICATED')
    await ok(b, 'reports.list', {})
  })

  it('at sign-in, a transport that can renew the session id gets a fresh one (an id known before sign-in is never signed in)', async () => {
    await firstAdmin()
    await addTestUser(t, 'nina', ['clinician'])
    const planted: CallContext = { ...sessionCtx('planted-id'), renewSession: () => 'fresh-id' }
    await ok(planted, 'auth.signIn', { username: 'nina', password: TEST_PASSWORD })
    expect((await fails(sessionCtx('planted-id'), 'reports.list', {})).code).toBe('UNAUTHENTICATED')
    await ok(sessionCtx('fresh-id'), 'reports.list', {})
  })

  it('never writes a password into the audit log', async () => {
    const admin = await firstAdmin()
    const nina = await addTestUser(t, 'nina', ['clinician'])
    await fails(sessionCtx('n'), 'auth.signIn', { username: 'nina', password: 'typo in the password' })
    await ok(admin, 'users.resetPassword', { id: nina.user.id, password: 'reset temp password 1' })
    const text = JSON.stringify(await audit())
    for (const secret of [ADMIN_PASSWORD, TEST_PASSWORD, 'typo in the password', 'reset temp password 1']) expect(text).not.toContain(secret)
  })
})
