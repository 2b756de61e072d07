// `readout models remote …` and `models use --remote`: the subcommands run in-process on real services, through one
// helper that calls the contract as an administrator (the CLI's sign-in, --user NAME, arrives with the auth branch;
// then this helper becomes the spawned CLI with --user). The spawned CLI's refusal without sign-in is checked in cli.test.ts' style below.
import { spawnSync } from 'node:child_process'
import { existsSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CliError } from '../../src/cli/common'
import { parseAdapterMapArg, runRemote, useRemote, type RemoteCliIo } from '../../src/cli/commands/remote'
import type { CallContext } from '../../src/main/handlers/types'
import { CLI, REPO_ROOT } from '../helpers/serve'
import { makeServices, makeTempDir, type TestServices } from '../helpers/services'
import { createCliUser, runCli } from '../helpers/cli'

const ADMIN: CallContext = { actor: 'admin1', transport: 'cli', user: { id: 1, username: 'admin1', displayName: 'Admin One', roles: ['admin'] } }
const KEY = 'sk-from-stdin-0123456789'

let t: TestServices
let out: string[]

/** The one place the CLI tests reach the contract: swap for the spawned CLI with --user once sign-in lands. */
function adminIo(stdin = ''): RemoteCliIo {
  return {
    async call<T>(method: string, input: unknown): Promise<T> {
      const r = await t.dispatch(method, input, ADMIN)
      if (!r.ok) throw new CliError(r.error.message)
      return r.value as T
    },
    readStdin: async () => stdin,
    out: (text) => out.push(text),
  }
}

beforeAll(() => {
  t = makeServices()
})
afterAll(() => t?.cleanup())

describe('readout models remote', () => {
  it('add reads the key from standard input and never prints it; list masks it', async () => {
    out = []
    const code = await runRemote(['add', '--name', 'gpu', '--kind', 'llama-server', '--url', 'http://127.0.0.1:9', '--model', 'base.gguf', '--api-key-stdin'], adminIo(`${KEY}\n`))
    expect(code).toBe(0)
    expect(out.join('')).toMatch(/^added remote backend 1: gpu \(llama-server, http:\/\/127\.0\.0\.1:9\)\nPatient data is sent to it only once it is made active/)
    out = []
    expect(await runRemote(['list'], adminIo())).toBe(0)
    expect(out.join('')).toMatch(/^ {4}1 {2}gpu .*llama-server .*http:\/\/127\.0\.0\.1:9 {2}model base\.gguf {2}key stored \(…6789\)\n$/)
    out = []
    await runRemote(['list', '--json'], adminIo())
    expect(out.join('')).not.toContain(KEY)
  })

  it('test prints each check and exits non-zero when the server does not answer', async () => {
    out = []
    expect(await runRemote(['test', 'gpu'], adminIo())).toBe(1)
    expect(out.join('')).toMatch(/^FAIL reachable {8}Nothing answers at 127\.0\.0\.1:9 \(connection refused\)/)
  })

  it('use --remote makes it draft; remove is refused while it does; unknown names and bad maps are explained', async () => {
    out = []
    expect(await useRemote(adminIo(), 'gpu', [], false)).toBe(0)
    expect(out.join('')).toBe('active: remote backend 1 (drafts are sent to it)\n')
    await expect(runRemote(['remove', 'gpu'], adminIo())).rejects.toThrow(/drafting now; choose a local model/)
    await expect(runRemote(['test', 'nope'], adminIo())).rejects.toThrow(/No remote backend named "nope"/)
    await expect(runRemote(['add', '--name', 'x'], adminIo())).rejects.toThrow(/usage:/)
    await expect(runRemote(['add', '--name', 'x', '--kind', 'vllm', '--url', 'https://h/v1', '--model', 'm', '--api-key-stdin'], adminIo(''))).rejects.toThrow(/standard input was empty/)
    expect(parseAdapterMapArg('3=cardio-lora')).toEqual(['3', 'cardio-lora'])
    expect(() => parseAdapterMapArg('cardio')).toThrow(/ID=NAME/)
  })
})

const TECH_PASSWORD = 'a technician passphrase of some length'

describe('the built CLI', () => {
  it('refuses remote configuration to a caller who has not signed in, and to one without the admin role', () => {
    if (!existsSync(join(REPO_ROOT, 'out/main/cli.js'))) throw new Error('run `npm run build` first')
    const dataDir = makeTempDir('readout-remote-cli-')
    try {
      const env = { ...process.env, READOUT_DATA_DIR: '' }
      const anonymous = spawnSync(process.execPath, [CLI, 'models', 'remote', 'list', '--data-dir', dataDir], { encoding: 'utf8', env })
      expect(anonymous.status).toBe(1)
      expect(anonymous.stderr).toMatch(/^readout models: No user exists yet/)
      createCliUser(dataDir)
      const tech = runCli(dataDir, ['users', 'add', 'tina', '--role', 'technician', '--password-stdin'], { input: TECH_PASSWORD })
      expect(tech.status, tech.stderr).toBe(0)
      const noUser = spawnSync(process.execPath, [CLI, 'models', 'remote', 'list', '--data-dir', dataDir], { encoding: 'utf8', env })
      expect(noUser.status).toBe(1)
      expect(noUser.stderr).toMatch(/--user NAME/)
      const r = spawnSync(process.execPath, [CLI, 'models', 'remote', 'add', '--name', 'gpu', '--kind', 'llama-server', '--url', 'http://127.0.0.1:9', '--model', 'm', '--data-dir', dataDir, '--user', 'tina'], {
        encoding: 'utf8',
        env: { ...env, READOUT_PASSWORD: TECH_PASSWORD },
      })
      expect(r.status).toBe(1)
      expect(r.stderr).toMatch(/^readout models: This needs the admin role/)
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
