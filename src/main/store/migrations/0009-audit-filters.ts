// Migration 9 (numbered by assignment; registered after the last one on this branch): indexes for the Audit page's and
// `readout audit list`'s filters. The log only grows (every view, draft, review action and sign-in), so a filter by user
// or action must not walk all of it, newest first, to find the page it shows.
import type { Database } from 'better-sqlite3'

export function up(db: Database): void {
  db.exec(`
    CREATE INDEX IF NOT EXISTS audit_events_actor ON audit_events(actor, id);
    CREATE INDEX IF NOT EXISTS audit_events_action ON audit_events(action, id);
    CREATE INDEX IF NOT EXISTS audit_events_at ON audit_events(at);
  `)
}
