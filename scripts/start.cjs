// `npm start`: launch the desktop app, or explain how to run without Electron when its binary is absent.
const { spawn } = require('node:child_process')
const { existsSync } = require('node:fs')
const { join } = require('node:path')
const { electronBinary } = require('./electron-binary.cjs')

const root = join(__dirname, '..')
const binary = electronBinary()
if (!binary) {
  process.stderr.write(
    'Readout: the Electron binary is not installed (it is skipped with ELECTRON_SKIP_BINARY_DOWNLOAD=1 or when\n' +
      "Electron's download site cannot be reached). Run the same app in your browser instead:\n\n" +
      '    npm run serve\n\n' +
      'or install Electron on a machine with internet access: npm install (without ELECTRON_SKIP_BINARY_DOWNLOAD).\n',
  )
  process.exit(1)
}
if (!existsSync(join(root, 'out', 'main', 'index.js'))) {
  process.stderr.write('Readout is not built yet: run `npm run build` first.\n')
  process.exit(1)
}
const child = spawn(binary, [root, ...process.argv.slice(2)], { stdio: 'inherit' })
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)))
