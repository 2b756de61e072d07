// Re-entry of the signer's password at signing (e-signature practice): the one place the review asks the sign-in
// service. A wrong password counts towards the account's lock-out like any other.
import type { SessionUser } from '../../shared/domain/roles'
import type { CallContext } from '../handlers/types'
import type { Services } from '../services'

/** Resolves when `password` is the signer's own; UNAUTHENTICATED or ACCOUNT_LOCKED otherwise. Runs before any write. */
export async function verifySignerPassword(services: Services, ctx: CallContext, user: SessionUser, password: string): Promise<void> {
  await services.auth.verifyPassword(user.id, password, 'signature', ctx.transport)
}
