// postinstall: build better-sqlite3 a second time for Electron's ABI, into native/electron/, when Electron is installed.
// The Node build in node_modules stays untouched, so `npm test` (Node) and `npm start` (Electron) both work without a
// rebuild step between them; the Electron main process passes this file as better-sqlite3's `nativeBinding`.
const { cpSync, existsSync, mkdirSync, copyFileSync, rmSync, mkdtempSync } = require('node:fs')
const { tmpdir } = require('node:os')
const { join } = require('node:path')
const { execFileSync } = require('node:child_process')
const { electronBinary } = require('./electron-binary.cjs')

const root = join(__dirname, '..')
const target = join(root, 'native', 'electron', 'better_sqlite3.node')

function main() {
  if (!electronBinary()) {
    console.log('[readout] Electron binary not installed: skipping the Electron build of better-sqlite3 (tests and `readout serve` use the Node build).')
    return
  }
  const electronVersion = require('electron/package.json').version
  const stamp = join(root, 'native', 'electron', `electron-${electronVersion}`)
  if (existsSync(target) && existsSync(stamp)) return
  console.log(`[readout] Building better-sqlite3 for Electron ${electronVersion} into native/electron/ ...`)
  const work = mkdtempSync(join(tmpdir(), 'readout-sqlite-electron-'))
  try {
    cpSync(join(root, 'node_modules', 'better-sqlite3'), work, { recursive: true, filter: (src) => !src.includes(`${join('better-sqlite3', 'build')}`) })
    const nodeGyp = require.resolve('node-gyp/bin/node-gyp.js')
    execFileSync(
      process.execPath,
      [nodeGyp, 'rebuild', '--release', `--target=${electronVersion}`, '--dist-url=https://electronjs.org/headers', `--arch=${process.arch}`],
      { cwd: work, stdio: 'inherit', env: { ...process.env, npm_config_runtime: 'electron' } },
    )
    mkdirSync(join(root, 'native', 'electron'), { recursive: true })
    copyFileSync(join(work, 'build', 'Release', 'better_sqlite3.node'), target)
    copyFileSync(target, stamp)
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

try {
  main()
} catch (err) {
  // Never fail the whole install: the app reports the missing binding when it starts.
  console.warn(`[readout] Could not build better-sqlite3 for Electron: ${err && err.message}`)
}
