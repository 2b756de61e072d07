// Lock-out decisions after failed password checks: pure functions of the account's state and the clock.

/** Failed checks in a row that lock an account (the figure). */
export const MAX_FAILED_ATTEMPTS = 5

export interface LockState {
  failedAttempts: number
  lockedUntil: string | null
}

/** The time until which the account is locked out, or null when it is not (a lock-out that has passed is over). */
export function lockedOutUntil(state: LockState, now: Date): Date | null {
  if (state.lockedUntil === null) return null
  const until = new Date(state.lockedUntil)
  return until.getTime() > now.getTime() ? until : null
}

/**
 * The state after one more failed check. A lock-out that has run out starts a fresh count; the fifth failure in a row
 * locks the account for `lockoutMinutes` and resets the count, so the next lock-out again needs five failures.
 */
export function afterFailedAttempt(state: LockState, now: Date, lockoutMinutes: number): LockState & { lockedOut: boolean } {
  const expired = state.lockedUntil !== null && lockedOutUntil(state, now) === null
  const failed = (expired ? 0 : state.failedAttempts) + 1
  if (failed >= MAX_FAILED_ATTEMPTS) {
    return { failedAttempts: 0, lockedUntil: new Date(now.getTime() + lockoutMinutes * 60_000).toISOString(), lockedOut: true }
  }
  return { failedAttempts: failed, lockedUntil: null, lockedOut: false }
}
