// The single entry for contract calls: validates input, runs the handler, wraps the result in an envelope.
import { z } from 'zod'
import { contract, isMethodName, type MethodName, type Result } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import type { CallContext, Handler, HandlerTable } from '../handlers/types'
import type { Services } from '../services'

export type Dispatch = (method: string, input: unknown, ctx: CallContext) => Promise<Result<unknown>>

function describeZodError(err: z.ZodError): string {
  return err.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : '(input)'}: ${i.message}`)
    .join('; ')
}

/**
 * The call's user, from its session (HTTP cookie, app window) unless the caller already knows it (CLI, tests). Every
 * call but a status poll counts as activity for the inactivity lock; the actor recorded in the audit log is the user.
 */
function withSessionUser(services: Services, method: string, ctx: CallContext): CallContext {
  if (ctx.user !== undefined || ctx.sessionId === undefined) return ctx
  const r = services.auth.resolve(ctx.sessionId, method !== 'auth.status')
  return { ...ctx, user: r.user, actor: r.user?.username ?? ctx.actor, ...(r.state ? { sessionState: r.state } : {}) }
}

export function createDispatch(handlers: HandlerTable, services: Services): Dispatch {
  return async (method, input, ctx) => {
    if (!isMethodName(method)) {
      return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `Unknown method: ${method.slice(0, 100)}` } }
    }
    const spec = contract[method]
    const parsed = spec.input.safeParse(input ?? {})
    if (!parsed.success) {
      return { ok: false, error: { code: 'INVALID_INPUT', message: `Invalid input for ${method}: ${describeZodError(parsed.error)}` } }
    }
    try {
      const handler = handlers[method] as Handler<MethodName>
      const value: unknown = await handler(parsed.data as never, services, withSessionUser(services, method, ctx))
      // Outputs are checked too: a handler bug must not reach a renderer as malformed data.
      return { ok: true, value: spec.output.parse(value) }
    } catch (err) {
      if (err instanceof AppError) return { ok: false, error: { code: err.code, message: err.message } }
      // Unknown errors may carry patient data in their message: log the stack locally, return a generic message.
      services.log.error(`${method} failed`, err)
      return { ok: false, error: { code: 'INTERNAL', message: `Internal error in ${method}; see the application log.` } }
    }
  }
}
