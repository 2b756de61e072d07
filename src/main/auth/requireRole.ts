// Role checks for handlers: the handler layer, not the UI, decides who may do what.
import { AppError } from '../../shared/errors'
import type { Role, SessionUser } from '../../shared/domain/roles'
import type { CallContext } from '../handlers/types'

/** The signed-in user of a call, or UNAUTHENTICATED. */
export function requireUser(ctx: CallContext): SessionUser {
  if (ctx.sessionState === 'locked') throw new AppError('UNAUTHENTICATED', 'The session is locked: unlock it with your password.')
  if (ctx.sessionState === 'must-change-password') throw new AppError('UNAUTHENTICATED', 'Change your password first: an administrator reset it.')
  if (!ctx.user) throw new AppError('UNAUTHENTICATED', 'Sign in first.')
  return ctx.user
}

/** The signed-in user when they hold at least one of `roles`, else FORBIDDEN naming the roles that would do. */
export function requireRole(ctx: CallContext, ...roles: Role[]): SessionUser {
  const user = requireUser(ctx)
  if (!roles.some((r) => user.roles.includes(r))) {
    throw new AppError('FORBIDDEN', `This needs the ${roles.join(' or ')} role; ${user.username} does not hold it.`)
  }
  return user
}
