// `readout users` and `--user` as a site's scripts use them (the built CLI in a child process): the first account must
// be an administrator, commands act as a named user whose password comes from READOUT_PASSWORD, roles are enforced.
import { spawnSync } from 'node:child_process'
import { existsSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLI_TEST_TIMEOUT_MS } from '../helpers/cli'
import { CLI, REPO_ROOT } from '../helpers/serve'
import { makeTempDir } from '../helpers/services'

const BOSS_PASSWORD = 'granite willow canyon 3'
const TECH_PASSWORD = 'saffron tunnel pebble 8'
let dataDir: string

beforeAll(() => {
  expect(existsSync(join(REPO_ROOT, 'out/main/cli.js')), 'run `npm run build` first').toBe(true)
  dataDir = makeTempDir('readout-users-cli-')
})
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

function readout(args: string[], opts: { password?: string; input?: string } = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, READOUT_DATA_DIR: '' }
  delete env.READOUT_PASSWORD
  if (opts.password !== undefined) env.READOUT_PASSWORD = opts.password
  const r = spawnSync(process.execPath, [CLI, ...args, '--data-dir', dataDir], { encoding: 'utf8', env, input: opts.input ?? '' })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

describe('readout users', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  it('refuses acting commands on a database without users, saying how to create the first administrator', () => {
    const r = readout(['reports', 'list', '--user', 'anyone'], { password: 'x' })
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('No user exists yet. Create the first administrator: readout users add NAME --role admin --password-stdin')
    // Public commands still answer.
    expect(readout(['info', '--json']).code).toBe(0)
  })

  it('requires the first user to be an administrator, with a password that meets the policy', () => {
    expect(readout(['users', 'add', 'tina', '--role', 'technician', '--password-stdin'], { input: TECH_PASSWORD }).stderr).toContain('the first user must be an administrator')
    expect(readout(['users', 'add', 'boss', '--role', 'admin', '--password-stdin'], { input: 'short\n' }).stderr).toContain('at least 15 characters')
    const r = readout(['users', 'add', 'boss', '--role', 'admin', '--display-name', 'The Boss', '--password-stdin'], { input: BOSS_PASSWORD + '\n' })
    expect(r.stderr).toBe('')
    expect(r.stdout).toBe('added boss (admin) as the first administrator\n')
  })

  it('later accounts need an administrator named with --user and the password in READOUT_PASSWORD', () => {
    expect(readout(['users', 'add', 'tina', '--role', 'technician', '--password-stdin'], { input: TECH_PASSWORD }).stderr).toContain('give --user NAME')
    expect(readout(['users', 'add', 'tina', '--role', 'technician', '--password-stdin', '--user', 'boss'], { input: TECH_PASSWORD }).stderr).toContain('set READOUT_PASSWORD')
    expect(readout(['users', 'add', 'tina', '--role', 'technician', '--password-stdin', '--user', 'boss'], { input: TECH_PASSWORD, password: 'wrong password here' }).stderr).toContain('Wrong username or password.')
    const r = readout(['users', 'add', 'tina', '--role', 'technician,clinician', '--display-name', 'Tina T', '--password-stdin', '--user', 'boss'], { input: TECH_PASSWORD, password: BOSS_PASSWORD })
    expect(r.code).toBe(0)
    const list = JSON.parse(readout(['users', 'list', '--json', '--user', 'boss'], { password: BOSS_PASSWORD }).stdout) as { username: string; roles: string[]; kdf: { n: number } }[]
    expect(list.map((u) => [u.username, u.roles])).toEqual([
      ['boss', ['admin']],
      ['tina', ['technician', 'clinician']],
    ])
    expect(list[0]!.kdf.n).toBe(32768)
  })

  it('enforces roles: a technician may list reports but not re-run the rules or list users', () => {
    expect(readout(['reports', 'list', '--user', 'tina'], { password: TECH_PASSWORD }).code).toBe(0)
    const rules = readout(['rules', 'run', '--user', 'tina'], { password: TECH_PASSWORD })
    expect(rules.code).toBe(1)
    expect(rules.stderr).toContain('This needs the admin role; tina does not hold it.')
    expect(readout(['users', 'set-roles', 'tina', '--role', 'technician', '--user', 'boss'], { password: BOSS_PASSWORD }).stdout).toMatch(/tina\s+Tina T\s+technician/)
    expect(readout(['users', 'list', '--user', 'tina'], { password: TECH_PASSWORD }).stderr).toContain('needs the admin role')
  })

  it('reset-password forces a change before anything else; change-password takes the new one on stdin', () => {
    const temporary = 'temporary words here 1'
    expect(readout(['users', 'reset-password', 'tina', '--password-stdin', '--user', 'boss'], { password: BOSS_PASSWORD, input: temporary }).stdout).toContain('must change password')
    expect(readout(['reports', 'list', '--user', 'tina'], { password: TECH_PASSWORD }).stderr).toContain('Wrong username or password.')
    expect(readout(['reports', 'list', '--user', 'tina'], { password: temporary }).stderr).toContain('tina must change the password first: readout users change-password')
    expect(readout(['users', 'change-password', '--user', 'tina', '--password-stdin'], { password: temporary, input: TECH_PASSWORD }).stdout).toBe('password changed for tina\n')
    expect(readout(['reports', 'list', '--user', 'tina'], { password: TECH_PASSWORD }).code).toBe(0)
  })

  it('a disabled account cannot act, and can again once enabled', () => {
    expect(readout(['users', 'disable', 'tina', '--user', 'boss'], { password: BOSS_PASSWORD }).stdout).toContain('disabled')
    expect(readout(['reports', 'list', '--user', 'tina'], { password: TECH_PASSWORD }).stderr).toContain('This account is disabled; ask an administrator.')
    expect(readout(['users', 'enable', 'tina', '--user', 'boss'], { password: BOSS_PASSWORD }).code).toBe(0)
    expect(readout(['reports', 'list', '--user', 'tina'], { password: TECH_PASSWORD }).code).toBe(0)
  })
})
