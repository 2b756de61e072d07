// The closed set of error codes the contract can return, and the error type handlers throw.

export const ERROR_CODES = [
  'UNKNOWN_METHOD',
  'INVALID_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'UNAUTHORIZED',
  /** Not signed in (or the session expired or was locked). */
  'UNAUTHENTICATED',
  /** Signed in, but without a role the call needs. */
  'FORBIDDEN',
  /** The account is locked after failed sign-ins, or disabled. */
  'ACCOUNT_LOCKED',
  'PAYLOAD_TOO_LARGE',
  /** An export stopped by the residual identifier scan. */
  'EXPORT_BLOCKED',
  /** A remote inference server could not be reached or answered with an error. */
  'REMOTE_UNAVAILABLE',
  'UNSUPPORTED',
  'SCHEMA_TOO_NEW',
  'IMPORT_FAILED',
  'INVALID_MODEL',
  'MODEL_NOT_READY',
  'GENERATION_FAILED',
  'CANCELLED',
  'TIMEOUT',
  'OUT_OF_MEMORY',
  'INTERNAL',
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

/** Thrown by handlers and services; its message is shown to users, so it never carries patient data. */
export class AppError extends Error {
  readonly code: ErrorCode
  constructor(code: ErrorCode, message: string) {
    super(message)
    this.name = 'AppError'
    this.code = code
  }
}
