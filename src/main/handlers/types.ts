// Handler typing: each handler takes the parsed input and the services, and returns the method's output.
import type { Contract, MethodName, MethodOutput, MethodParsedInput } from '../../shared/contract'
import type { SessionUser } from '../../shared/domain/roles'
import type { Services } from '../services'

/** Who is calling: recorded in the audit log. */
export interface CallContext {
  actor: string
  transport: 'ipc' | 'http' | 'cli' | 'test'
  /** The signed-in user; null or absent for a caller that has not signed in. Roles are checked with requireRole. */
  user?: SessionUser | null
  /** The transport's session this call belongs to (sign-in, lock and sign-out act on it). */
  sessionId?: string
  /**
   * Why a session that belongs to someone gives no user: locked (inactivity or by hand) or waiting for a forced
   * password change. requireUser names it, so the renderer can show the lock or the change screen.
   */
  sessionState?: 'locked' | 'must-change-password'
  /** HTTP: issue a new session id (and its cookie) at sign-in, so an id set before sign-in is never signed in. */
  renewSession?: () => string
}

export type Handler<M extends MethodName> = (
  input: MethodParsedInput<M>,
  services: Services,
  ctx: CallContext,
) => Promise<MethodOutput<M>> | MethodOutput<M>

/** Handlers for a subset of the contract (one domain file). */
export type HandlersFor<K extends keyof Contract> = { [M in K]: Handler<M> }

export type HandlerTable = HandlersFor<MethodName>
