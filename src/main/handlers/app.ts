// Handlers for app.* methods.
import type { appContract } from '../../shared/contract/app'
import { schemaVersion } from '../store/db'
import type { HandlersFor } from './types'

export const appHandlers: HandlersFor<keyof typeof appContract> = {
  // Public: the sign-in screen shows the version, and `readout info` needs no account.
  'app.info': (_input, s) => ({
    name: 'Readout',
    version: s.version,
    dataDir: s.dataDir,
    databasePath: s.databasePath,
    schemaVersion: schemaVersion(s.db),
    runtime: s.runtime,
    versions: {
      node: process.versions.node,
      electron: s.electronVersion,
      sqlite: (s.db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v,
    },
    platform: `${process.platform}-${process.arch}`,
  }),
}
