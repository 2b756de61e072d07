// Lock-out decisions: hand-worked sequences of failures against a fixed clock.
import { describe, expect, it } from 'vitest'
import { afterFailedAttempt, lockedOutUntil, type LockState } from './lockout'

const T0 = new Date('2026-01-01T10:00:00.000Z')
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000)

describe('afterFailedAttempt', () => {
  it.each<[string, LockState, Date, LockState & { lockedOut: boolean }]>([
    ['first failure', { failedAttempts: 0, lockedUntil: null }, T0, { failedAttempts: 1, lockedUntil: null, lockedOut: false }],
    ['fourth failure', { failedAttempts: 3, lockedUntil: null }, T0, { failedAttempts: 4, lockedUntil: null, lockedOut: false }],
    ['fifth failure locks for 15 minutes', { failedAttempts: 4, lockedUntil: null }, T0, { failedAttempts: 0, lockedUntil: '2026-01-01T10:15:00.000Z', lockedOut: true }],
    ['a failure after the lock-out ran out starts a fresh count', { failedAttempts: 0, lockedUntil: '2026-01-01T09:59:00.000Z' }, T0, { failedAttempts: 1, lockedUntil: null, lockedOut: false }],
  ])('%s', (_label, state, now, expected) => {
    expect(afterFailedAttempt(state, now, 15)).toEqual(expected)
  })
})

describe('lockedOutUntil', () => {
  const locked = { failedAttempts: 0, lockedUntil: at(15).toISOString() }
  it.each<[string, LockState, Date, Date | null]>([
    ['never locked', { failedAttempts: 2, lockedUntil: null }, T0, null],
    ['locked, one minute in', locked, at(1), at(15)],
    ['locked, at the last millisecond', locked, new Date(at(15).getTime() - 1), at(15)],
    ['the lock-out has just ended', locked, at(15), null],
  ])('%s', (_label, state, now, expected) => {
    expect(lockedOutUntil(state, now)).toEqual(expected)
  })
})
