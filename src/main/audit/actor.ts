// Who an audit row names: the signed-in user's username, else the transport's actor (a CLI call, a test, the system).
import type { CallContext } from '../handlers/types'

export function actorOf(ctx: CallContext): string {
  return ctx.user?.username ?? ctx.actor
}
