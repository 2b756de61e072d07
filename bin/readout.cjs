#!/usr/bin/env node
// Entry point of the `readout` command: runs the built CLI (npm install builds it).
const { existsSync } = require('node:fs')
const { join } = require('node:path')

const cli = join(__dirname, '..', 'out', 'main', 'cli.js')
if (!existsSync(cli)) {
  process.stderr.write('readout: the app is not built yet. Run `npm run build` in the Readout folder first.\n')
  process.exit(1)
}
require(cli)
