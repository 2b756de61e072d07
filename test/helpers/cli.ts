// Running the built `readout` command in tests as a signed-in user: one administrator holding every role, created
// first with `readout users add`, and every later command run with --user and READOUT_PASSWORD.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process'
import { CLI } from './serve'
import { TEST_PASSWORD } from './services'

export const CLI_USER = 'cli-admin'

/**
 * A limit for a test or hook that runs the CLI several times: each run starts Node and signs in (a deliberately slow
 * password hash), which takes seconds on a loaded shared machine, so vitest's default 30 s is too tight for ~5 runs.
 */
export const CLI_TEST_TIMEOUT_MS = 120_000
export const CLI_PASSWORD = TEST_PASSWORD

/** The environment for a CLI child: no inherited data folder, the test user's password. */
export function cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, READOUT_DATA_DIR: '', READOUT_PASSWORD: CLI_PASSWORD, ...extra }
}

/** The arguments of a command run as the test user on `dataDir`. */
export function cliArgs(dataDir: string, args: string[]): string[] {
  return [CLI, ...args, '--data-dir', dataDir, '--user', CLI_USER]
}

/** `readout ARGS` as the test user; `input` goes to stdin (a password for --password-stdin). */
export function runCli(dataDir: string, args: string[], opts: { input?: string; env?: Record<string, string> } = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, cliArgs(dataDir, args), { encoding: 'utf8', env: cliEnv(opts.env), input: opts.input ?? '' })
}

/** Creates the first administrator (with every role) on a new data folder, as a site would before anything else. */
export function createCliUser(dataDir: string): void {
  const r = spawnSync(
    process.execPath,
    [CLI, 'users', 'add', CLI_USER, '--role', 'admin,technician,clinician,ml', '--display-name', 'CLI Admin', '--password-stdin', '--data-dir', dataDir],
    { encoding: 'utf8', env: cliEnv(), input: CLI_PASSWORD },
  )
  if (r.status !== 0) throw new Error(`readout users add failed: ${r.stderr}`)
}
