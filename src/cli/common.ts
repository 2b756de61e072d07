// Shared plumbing for CLI commands: options, services, output, errors.
import { resolve } from 'node:path'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { defaultDataDir } from '../main/dataDir'
import { sessionUser } from '../main/auth/service'
import { handlers } from '../main/handlers'
import type { CallContext } from '../main/handlers/types'
import { silentLogger, consoleLogger, type Logger } from '../main/log'
import { createServices, type Services, type ServicesOptions } from '../main/services'
import { createDispatch, type Dispatch } from '../main/transport/dispatch'
import { APP_VERSION } from '../main/version'
import { appendAudit } from '../main/store/audit'
import { readPasswordFromTty } from './password'
import { out } from './stdout'

export { out }

let entries: Pick<ServicesOptions, 'llmHostPath' | 'parseWorkerPath' | 'exportWorkerPath'> = {}

/** Where the built model-engine, parse-worker and export-worker entries are; set by the CLI's entry, which sits beside them in out/main. */
export function setBuiltEntries(built: typeof entries): void {
  entries = built
}

/** A failure the user can act on: printed as one line, exit code 1. */
export class CliError extends Error {}

export const GLOBAL_OPTIONS = {
  'data-dir': { type: 'string' },
  user: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies ParseArgsConfig['options']

export const GLOBAL_HELP = `Options:
  --data-dir DIR   data folder (default: $READOUT_DATA_DIR, else the app's own folder)
  --user NAME      act as this user; the password comes from $READOUT_PASSWORD (asked for on a terminal)
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

/** Services for one command, the dispatch, and who the calls are made by. */
export interface CliSession {
  services: Services
  dispatch: Dispatch
  ctx: CallContext
}

export const FIRST_ADMIN_HINT =
  "No user exists yet. Create the first administrator: readout users add NAME --role admin --password-stdin (the password on stdin)."

/**
 * The account a command acts as: --user NAME with the password from $READOUT_PASSWORD, or asked for when stdin is a
 * terminal. Checked with the same lock-out rules as the app's sign-in, and recorded as a sign-in.
 */
export async function signInCli(services: Services, username: string | undefined): Promise<CallContext> {
  if (!services.auth.hasUsers()) throw new CliError(FIRST_ADMIN_HINT)
  if (!username) throw new CliError('This command acts as a user: give --user NAME, with the password in READOUT_PASSWORD.')
  const password = process.env.READOUT_PASSWORD ?? (process.stdin.isTTY ? await readPasswordFromTty(`Password for ${username}: `) : undefined)
  if (!password) throw new CliError(`No password for ${username}: set READOUT_PASSWORD, or run on a terminal to be asked.`)
  const user = await services.auth.authenticate(username, password, 'cli', 'cli')
  if (user.mustChangePassword) {
    throw new CliError(`${user.username} must change the password first: readout users change-password --user ${user.username} --password-stdin (the new one on stdin).`)
  }
  appendAudit(services.db, { actor: user.username, action: 'auth.signIn', entityType: 'user', entityId: user.id, details: { transport: 'cli' } })
  return { actor: user.username, transport: 'cli', user: sessionUser(user) }
}

/**
 * Opens the data folder. With `asUser` (every command that reads or changes clinical data or settings) the caller must
 * sign in first (signInCli); without it calls are anonymous and only public methods answer.
 */
export async function openCliServices(
  values: { 'data-dir'?: string | undefined; user?: string | undefined },
  opts: { quiet?: boolean; runsQueue?: boolean; logger?: Logger; asUser?: boolean } = {},
): Promise<CliSession> {
  const services = createServices({
    dataDir: resolveDataDir(values['data-dir']),
    version: APP_VERSION,
    runtime: 'node',
    logger: opts.quiet ? silentLogger : (opts.logger ?? consoleLogger),
    runsQueue: opts.runsQueue ?? false,
    ...entries,
  })
  try {
    const ctx = opts.asUser === false ? { actor: 'cli', transport: 'cli' as const } : await signInCli(services, values.user)
    return { services, dispatch: createDispatch(handlers, services), ctx }
  } catch (err) {
    services.close()
    throw err
  }
}

/** Call a contract method from the CLI as the session's user; an error envelope becomes a CliError. */
export async function call<T>(cli: Pick<CliSession, 'dispatch' | 'ctx'>, method: string, input: unknown): Promise<T> {
  const r = await cli.dispatch(method, input, cli.ctx)
  if (!r.ok) throw new CliError(r.error.message)
  return r.value as T
}

export function printJson(value: unknown): void {
  out(JSON.stringify(value, null, 2) + '\n')
}
