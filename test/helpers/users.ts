// Call contexts with a signed-in user holding given roles, so handler tests exercise role checks (until TEST_CTX has one).
import type { CallContext } from '../../src/main/handlers/types'
import type { Role } from '../../src/shared/domain/roles'

let nextId = 100

export function ctxAs(username: string, roles: Role[], sessionId?: string): CallContext {
  return { actor: username, transport: 'test', user: { id: nextId++, username, displayName: username, roles }, ...(sessionId ? { sessionId } : {}) }
}
