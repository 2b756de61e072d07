// The signed-in user as the renderer sees it, and which pages their roles open (the handlers enforce the same).
import { createContext, useContext } from 'react'
import type { AuthStatus } from '../../../../shared/contract/auth'
import type { Role, SessionUser } from '../../../../shared/domain/roles'

export interface SessionContextValue {
  user: SessionUser
  status: AuthStatus
}

export const SessionContext = createContext<SessionContextValue | null>(null)

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext)
  if (!value) throw new Error('useSession outside a signed-in session')
  return value
}

export function holdsAny(user: Pick<SessionUser, 'roles'>, roles: readonly Role[] | undefined): boolean {
  return roles === undefined || roles.some((r) => user.roles.includes(r))
}
