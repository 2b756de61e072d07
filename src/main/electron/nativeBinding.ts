// Finds the Electron-ABI build of better-sqlite3 (scripts/electron-native.cjs makes it at install time).
import { existsSync } from 'node:fs'
import { join } from 'node:path'

export function electronSqliteBinding(appPath: string): string | undefined {
  // Packaged apps keep native files outside the asar archive.
  const base = appPath.replace(/app\.asar$/, 'app.asar.unpacked')
  const file = join(base, 'native', 'electron', 'better_sqlite3.node')
  return existsSync(file) ? file : undefined
}
