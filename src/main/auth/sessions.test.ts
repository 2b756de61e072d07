// Session standing: hand-worked cases around the inactivity lock and the expiry.
import { describe, expect, it } from 'vitest'
import { SESSION_MAX_IDLE_MS, sessionStanding, SessionStore } from './sessions'

describe('sessionStanding', () => {
  const idleMs = 600_000
  it.each<[string, number, boolean, number, string]>([
    ['just used', 1000, false, 1000, 'active'],
    ['one ms before the lock', 0, false, idleMs - 1, 'active'],
    ['at the lock', 0, false, idleMs, 'idle'],
    ['already locked, used a moment ago', 1000, true, 1001, 'locked'],
    ['locked and past the expiry', 0, true, SESSION_MAX_IDLE_MS, 'expired'],
    ['unlocked and past the expiry', 0, false, SESSION_MAX_IDLE_MS + 5, 'expired'],
  ])('%s', (_label, lastActivity, locked, now, expected) => {
    expect(sessionStanding({ lastActivity, locked }, now, idleMs)).toBe(expected)
  })
})

describe('SessionStore', () => {
  it('finds the sessions of a user', () => {
    const store = new SessionStore()
    store.set('a', { userId: 1, signedInAt: 0, lastActivity: 0, locked: false })
    store.set('b', { userId: 2, signedInAt: 0, lastActivity: 0, locked: false })
    store.set('c', { userId: 1, signedInAt: 0, lastActivity: 0, locked: true })
    expect(store.idsOf(1).sort()).toEqual(['a', 'c'])
    store.delete('a')
    expect(store.idsOf(1)).toEqual(['c'])
  })
})
