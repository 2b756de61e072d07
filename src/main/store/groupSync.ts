// Group commit for acknowledgements: many writers' commits made durable by one sync of the write-ahead log.
import { open } from 'node:fs/promises'
import { syncCommitted, type Db } from './db'

interface Waiter {
  resolve: () => void
  reject: (err: unknown) => void
}

/** Makes every commit made on the database before the call durable; rejects when that cannot be confirmed. */
export type SyncFn = (db: Db) => Promise<void> | void

/**
 * fsyncs the write-ahead log on the thread pool, so the app goes on storing further messages meanwhile. Every commit
 * written to the log before the call is then on disk; a commit the log no longer holds was moved into the database by a
 * checkpoint, which syncs the database file before the log is reused (SQLite does so with synchronous=NORMAL).
 * Opened read-write: Windows flushes only handles that may write.
 */
export async function fsyncWal(db: Db): Promise<void> {
  const file = await open(`${db.name}-wal`, 'r+')
  try {
    await file.sync()
  } finally {
    await file.close()
  }
}

/** fsyncWal where the database runs a write-ahead log, else a synchronous=FULL commit (syncCommitted). */
function defaultSync(db: Db): SyncFn {
  return String(db.pragma('journal_mode', { simple: true })).toLowerCase() === 'wal' ? fsyncWal : syncCommitted
}

/**
 * Writers commit with synchronous=NORMAL, then await durable(). One sync serves every caller waiting when it starts:
 * several MLLP connections sending at once pay for one fsync, not one each, and while it runs the event loop keeps
 * storing new messages, which wait for the next round. When a sync fails every waiter of that round is rejected, so
 * none of them is acknowledged.
 */
export class GroupSync {
  private waiting: Waiter[] = []
  private scheduled = false
  private inFlight = false
  private readonly sync: SyncFn

  constructor(
    private readonly db: Db,
    sync?: SyncFn,
  ) {
    this.sync = sync ?? defaultSync(db)
  }

  /** Resolves once every commit made on the connection before this call is on disk; rejects when the sync failed. */
  durable(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ resolve, reject })
      this.schedule()
    })
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight) return
    this.scheduled = true
    // After the current turn's I/O callbacks, so messages that arrived together share the sync.
    setImmediate(() => {
      this.scheduled = false
      void this.flush()
    })
  }

  private async flush(): Promise<void> {
    const round = this.waiting
    this.waiting = []
    if (round.length === 0) return
    this.inFlight = true
    let failure: { err: unknown } | null = null
    try {
      await this.sync(this.db)
    } catch (err) {
      failure = { err }
    }
    this.inFlight = false
    // Callers that committed while this sync ran are not covered by it: they get the next round.
    if (this.waiting.length > 0) this.schedule()
    for (const w of round) {
      if (failure) w.reject(failure.err)
      else w.resolve()
    }
  }
}

const shared = new WeakMap<Db, GroupSync>()

/** The database's shared group sync (one per connection, so all its writers share rounds). */
export function groupSyncFor(db: Db): GroupSync {
  let g = shared.get(db)
  if (!g) shared.set(db, (g = new GroupSync(db)))
  return g
}
