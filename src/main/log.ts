// Process log to stderr: an expected failure (an AppError: a draft cut off, no model loaded) as one line with its
// message for people; a fault with its stack. Callers pass no patient data; messages are not parsed.
import { AppError } from '../shared/errors'

export interface Logger {
  info(msg: string, extra?: Record<string, unknown>): void
  error(msg: string, err?: unknown): void
}

export const consoleLogger: Logger = {
  info(msg, extra) {
    process.stderr.write(`[readout] ${msg}${extra ? ' ' + JSON.stringify(extra) : ''}\n`)
  },
  error(msg, err) {
    const detail =
      err instanceof AppError && err.code !== 'INTERNAL'
        ? `: ${err.message}`
        : err instanceof Error
          ? `\n${err.stack ?? err.message}`
          : err === undefined
            ? ''
            : `: ${String(err)}`
    process.stderr.write(`[readout] ERROR ${msg}${detail}\n`)
  },
}

export const silentLogger: Logger = { info() {}, error() {} }
