// Composition root: everything a handler needs, built from a data folder. No Electron here.
import { join } from 'node:path'
import { EventBus } from './eventBus'
import { ActiveRules } from './findings/activeRules'
import { consoleLogger, type Logger } from './log'
import { openDatabase, type Db } from './store/db'

export interface ServicesOptions {
  dataDir: string
  version: string
  runtime: 'electron' | 'node'
  electronVersion?: string | null
  /** better_sqlite3.node for the current runtime, when it is not the default Node build. */
  sqliteNativeBinding?: string
  logger?: Logger
}

export interface Services {
  readonly dataDir: string
  readonly databasePath: string
  readonly version: string
  readonly runtime: 'electron' | 'node'
  readonly electronVersion: string | null
  readonly db: Db
  readonly events: EventBus
  readonly log: Logger
  /** The rule set findings are computed with. */
  readonly rules: ActiveRules
  close(): void
}

export function createServices(opts: ServicesOptions): Services {
  const databasePath = join(opts.dataDir, 'readout.db')
  const db = openDatabase(databasePath, opts.sqliteNativeBinding ? { nativeBinding: opts.sqliteNativeBinding } : {})
  const closers: (() => void)[] = [() => db.close()]
  return {
    dataDir: opts.dataDir,
    databasePath,
    version: opts.version,
    runtime: opts.runtime,
    electronVersion: opts.electronVersion ?? null,
    db,
    events: new EventBus(),
    log: opts.logger ?? consoleLogger,
    rules: new ActiveRules(db),
    close() {
      for (const c of closers.reverse()) c()
    },
  }
}
