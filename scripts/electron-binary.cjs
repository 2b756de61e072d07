// Finds the installed Electron binary, or null when the download was skipped (ELECTRON_SKIP_BINARY_DOWNLOAD).
const { existsSync } = require('node:fs')

function electronBinary() {
  try {
    const p = require('electron')
    return typeof p === 'string' && existsSync(p) ? p : null
  } catch {
    return null
  }
}

module.exports = { electronBinary }
