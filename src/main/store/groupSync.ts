// Group commit for acknowledgements: many writers' commits made durable by one synced commit.
import { syncCommitted, type Db } from './db'

interface Waiter {
  resolve: () => void
  reject: (err: unknown) => void
}

/**
 * Writers commit with synchronous=NORMAL, then await durable(). Every caller that asked during one turn of the event
 * loop shares one syncCommitted (one fsync of the write-ahead log): several MLLP connections sending at once pay for
 * one sync, not one each. When the sync fails every waiter of that round is rejected, so none of them is acknowledged.
 */
export class GroupSync {
  private waiting: Waiter[] = []
  private scheduled = false

  constructor(
    private readonly db: Db,
    private readonly sync: (db: Db) => void = syncCommitted,
  ) {}

  /** Resolves once every commit made on the connection before this call is on disk; rejects when the sync failed. */
  durable(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ resolve, reject })
      if (!this.scheduled) {
        this.scheduled = true
        // After the current turn's I/O callbacks, so messages that arrived together share the sync.
        setImmediate(() => this.flush())
      }
    })
  }

  private flush(): void {
    const round = this.waiting
    this.waiting = []
    this.scheduled = false
    try {
      this.sync(this.db)
    } catch (err) {
      for (const w of round) w.reject(err)
      return
    }
    for (const w of round) w.resolve()
  }
}

const shared = new WeakMap<Db, GroupSync>()

/** The database's shared group sync (one per connection, so all its writers share rounds). */
export function groupSyncFor(db: Db): GroupSync {
  let g = shared.get(db)
  if (!g) shared.set(db, (g = new GroupSync(db)))
  return g
}
