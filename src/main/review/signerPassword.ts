// Re-entry of the signer's password at signing (e-signature practice). The one place the review asks the sign-in
// service; until that service is merged, a verifier is installed by whoever holds the credentials (tests).
import type { SessionUser } from '../../shared/domain/roles'
import { AppError } from '../../shared/errors'
import type { CallContext } from '../handlers/types'
import type { Services } from '../services'

export type PasswordVerifier = (username: string, password: string, transport: string) => Promise<boolean>

let verifier: PasswordVerifier | null = null

/** Installs the check used until the sign-in service is merged (tests); null removes it. */
export function setSignerPasswordVerifier(v: PasswordVerifier | null): void {
  verifier = v
}

/** Resolves when `password` is the signer's own; UNAUTHENTICATED otherwise. Runs before any write. */
export async function verifySignerPassword(_services: Services, ctx: CallContext, user: SessionUser, password: string): Promise<void> {
  if (!verifier) throw new AppError('UNSUPPORTED', 'Signing needs the sign-in service to check the password, and it is not available.')
  if (!(await verifier(user.username, password, ctx.transport))) throw new AppError('UNAUTHENTICATED', 'The password is not correct; the report was not signed.')
}
