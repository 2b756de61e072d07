// Process log: errors with stacks to stderr. Callers pass no patient data; messages are not parsed.
export interface Logger {
  info(msg: string, extra?: Record<string, unknown>): void
  error(msg: string, err?: unknown): void
}

export const consoleLogger: Logger = {
  info(msg, extra) {
    process.stderr.write(`[readout] ${msg}${extra ? ' ' + JSON.stringify(extra) : ''}\n`)
  },
  error(msg, err) {
    const detail = err instanceof Error ? (err.stack ?? err.message) : err === undefined ? '' : String(err)
    process.stderr.write(`[readout] ERROR ${msg}${detail ? '\n' + detail : ''}\n`)
  },
}

export const silentLogger: Logger = { info() {}, error() {} }
