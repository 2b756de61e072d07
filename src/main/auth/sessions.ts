// Sign-in sessions of the running process (one per browser cookie or app window): who, since when, locked or not.
// Kept in memory on purpose: a restart signs everyone out, and no session token ever reaches the disk.

export interface Session {
  userId: number
  signedInAt: number
  lastActivity: number
  locked: boolean
}

/** A session unused this long is forgotten (signed out), whatever the lock setting. */
export const SESSION_MAX_IDLE_MS = 12 * 60 * 60 * 1000

export type SessionStanding = 'active' | 'locked' | 'idle' | 'expired'

/**
 * Where a session stands at `now`: 'idle' means it has just passed the inactivity limit and must be locked now;
 * 'expired' that it is too old to keep at all.
 */
export function sessionStanding(s: Pick<Session, 'lastActivity' | 'locked'>, now: number, idleLockMs: number): SessionStanding {
  const idle = now - s.lastActivity
  if (idle >= SESSION_MAX_IDLE_MS) return 'expired'
  if (s.locked) return 'locked'
  return idle >= idleLockMs ? 'idle' : 'active'
}

/** Bounds memory if something opens sessions in a loop; the least recently used is dropped first. */
const MAX_SESSIONS = 1000

export class SessionStore {
  private readonly sessions = new Map<string, Session>()

  get(id: string): Session | undefined {
    return this.sessions.get(id)
  }

  set(id: string, session: Session): void {
    this.sessions.delete(id)
    this.sessions.set(id, session)
    while (this.sessions.size > MAX_SESSIONS) {
      const oldest = this.sessions.keys().next().value
      if (oldest === undefined) break
      this.sessions.delete(oldest)
    }
  }

  delete(id: string): void {
    this.sessions.delete(id)
  }

  /** Every session of a user (to lock out a disabled account everywhere at once). */
  idsOf(userId: number): string[] {
    return [...this.sessions].filter(([, s]) => s.userId === userId).map(([id]) => id)
  }
}
