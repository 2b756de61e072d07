// Handlers for auth.* (the caller's own session: open to callers not yet signed in) and users.* (administrators).
import type { authContract } from '../../shared/contract/auth'
import { requireRole, requireUser } from '../auth/requireRole'
import { userAdmin } from '../auth/userAdmin'
import type { HandlersFor } from './types'

export const authHandlers: HandlersFor<keyof typeof authContract> = {
  // Public: each acts only on the calling session, and checks what it needs itself.
  'auth.status': ({ active }, s, ctx) => s.auth.status(ctx.sessionId, active === true),
  'auth.createFirstAdmin': (input, s, ctx) => s.auth.createFirstAdmin(input, ctx),
  'auth.signIn': ({ username, password }, s, ctx) => s.auth.signIn(username, password, ctx),
  'auth.signOut': (_input, s, ctx) => s.auth.signOut(ctx),
  'auth.lock': (_input, s, ctx) => s.auth.lock(ctx),
  'auth.unlock': ({ password }, s, ctx) => s.auth.unlock(password, ctx),
  'auth.changePassword': ({ currentPassword, newPassword }, s, ctx) => s.auth.changeOwnPassword(currentPassword, newPassword, ctx),

  'users.list': (_input, s, ctx) => {
    requireRole(ctx, 'admin')
    return userAdmin(s.db, s.auth).list()
  },
  'users.reviewers': (_input, s, ctx) => {
    requireUser(ctx)
    return userAdmin(s.db, s.auth)
      .list()
      .filter((u) => !u.disabled && u.roles.some((r) => r === 'clinician' || r === 'technician'))
      .map((u) => ({ id: u.id, displayName: u.displayName }))
  },
  'users.create': (input, s, ctx) => {
    const admin = requireRole(ctx, 'admin')
    return userAdmin(s.db, s.auth).create(input, admin.username)
  },
  'users.update': (input, s, ctx) => {
    const admin = requireRole(ctx, 'admin')
    return userAdmin(s.db, s.auth).update(input, admin.username)
  },
  'users.disable': ({ id }, s, ctx) => {
    const admin = requireRole(ctx, 'admin')
    return userAdmin(s.db, s.auth).setDisabled(id, true, admin.username)
  },
  'users.enable': ({ id }, s, ctx) => {
    const admin = requireRole(ctx, 'admin')
    return userAdmin(s.db, s.auth).setDisabled(id, false, admin.username)
  },
  'users.resetPassword': ({ id, password }, s, ctx) => {
    const admin = requireRole(ctx, 'admin')
    return userAdmin(s.db, s.auth).resetPassword(id, password, admin.username)
  },
}

/** Methods a caller may use without being signed in; every other method must refuse such a caller (test/integration/roles.test.ts walks them). */
export const PUBLIC_METHODS: readonly string[] = [
  'app.info',
  'auth.status',
  'auth.createFirstAdmin',
  'auth.signIn',
  'auth.signOut',
  'auth.lock',
  'auth.unlock',
  'auth.changePassword',
]
