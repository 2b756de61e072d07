// The result envelope every transport returns for a contract call.
import { z } from 'zod'
import { ERROR_CODES, type ErrorCode } from '../errors'

export type Result<T> = { ok: true; value: T } | { ok: false; error: { code: ErrorCode; message: string } }

export const ErrorEnvelopeSchema = z.object({
  ok: z.literal(false),
  error: z.object({ code: z.enum(ERROR_CODES), message: z.string() }),
})
