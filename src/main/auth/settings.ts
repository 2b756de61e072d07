// The administrator-set limits of sign-in: inactivity lock and lock-out time, with their defaults.
import { getSetting } from '../store/settings'
import type { Db } from '../store/db'

export const DEFAULT_IDLE_LOCK_SECONDS = 600
export const DEFAULT_LOCKOUT_MINUTES = 15

export function idleLockSeconds(db: Db): number {
  return getSetting(db, 'auth.idleLockSeconds', DEFAULT_IDLE_LOCK_SECONDS)
}

export function lockoutMinutes(db: Db): number {
  return getSetting(db, 'auth.lockoutMinutes', DEFAULT_LOCKOUT_MINUTES)
}
