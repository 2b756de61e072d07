// Shared plumbing for CLI commands: options, services, output, errors.
import { resolve } from 'node:path'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { defaultDataDir } from '../main/dataDir'
import { handlers } from '../main/handlers'
import { silentLogger, consoleLogger, type Logger } from '../main/log'
import { createServices, type Services, type ServicesOptions } from '../main/services'
import { createDispatch, type Dispatch } from '../main/transport/dispatch'
import { APP_VERSION } from '../main/version'
import { out } from './stdout'

export { out }

let entries: Pick<ServicesOptions, 'llmHostPath' | 'parseWorkerPath'> = {}

/** Where the built model-engine and parse-worker entries are; set by the CLI's entry, which sits beside them in out/main. */
export function setBuiltEntries(built: typeof entries): void {
  entries = built
}

/** A failure the user can act on: printed as one line, exit code 1. */
export class CliError extends Error {}

export const GLOBAL_OPTIONS = {
  'data-dir': { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies ParseArgsConfig['options']

export const GLOBAL_HELP = `Options:
  --data-dir DIR   data folder (default: $READOUT_DATA_DIR, else the app's own folder)
  --json           machine-readable output
  -h, --help       show help`

export interface Command {
  name: string
  summary: string
  usage: string
  run(argv: string[]): Promise<number>
}

export function parseCommandArgs<O extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options: { ...GLOBAL_OPTIONS, ...options }, allowPositionals, strict: true })
  } catch (err) {
    throw new CliError(err instanceof Error ? err.message : String(err))
  }
}

export function resolveDataDir(flag: string | undefined): string {
  return resolve(flag ?? defaultDataDir())
}

export function openCliServices(
  dataDirFlag: string | undefined,
  opts: { quiet?: boolean; runsQueue?: boolean; logger?: Logger } = {},
): { services: Services; dispatch: Dispatch } {
  const services = createServices({
    dataDir: resolveDataDir(dataDirFlag),
    version: APP_VERSION,
    runtime: 'node',
    logger: opts.quiet ? silentLogger : (opts.logger ?? consoleLogger),
    runsQueue: opts.runsQueue ?? false,
    ...entries,
  })
  return { services, dispatch: createDispatch(handlers, services) }
}

/** Call a contract method from the CLI; an error envelope becomes a CliError. */
export async function call<T>(dispatch: Dispatch, method: string, input: unknown): Promise<T> {
  const r = await dispatch(method, input, { actor: 'cli', transport: 'cli' })
  if (!r.ok) throw new CliError(r.error.message)
  return r.value as T
}

export function printJson(value: unknown): void {
  out(JSON.stringify(value, null, 2) + '\n')
}
