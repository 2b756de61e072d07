// Starts the built `readout serve` as a child process on a temporary data folder and returns its URL; by default it
// also creates the first administrator (holding every role) over HTTP, whose signed-in session tests can use.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

export const REPO_ROOT = resolve(__dirname, '..', '..')
export const CLI = join(REPO_ROOT, 'bin', 'readout.cjs')

/** The administrator startServe creates: every role, so the existing specs exercise their features, not the roles. */
export const E2E_ADMIN = { username: 'e2e-admin', displayName: 'E2E Admin', password: 'plum kettle harbour 42' } as const

export interface ServedApp {
  url: string
  origin: string
  token: string
  dataDir: string
  /** `name=value` of the signed-in administrator's session cookie; null when started without one. */
  sessionCookie: string | null
  /** Headers for a contract call over HTTP: the host token, and the administrator's session when there is one. */
  headers(): Record<string, string>
  process: ChildProcessWithoutNullStreams
  stop(): Promise<void>
}

export async function startServe(extraArgs: string[] = [], opts: { firstAdmin?: boolean } = {}): Promise<ServedApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'readout-e2e-'))
  const child = spawn(process.execPath, [CLI, 'serve', '--json', '--data-dir', dataDir, ...extraArgs], {
    env: { ...process.env, READOUT_DATA_DIR: '' },
  })
  let stderr = ''
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  const info = await new Promise<{ url: string; token: string; port: number }>((resolvePromise, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`readout serve did not start: ${stderr}`)), 20_000)
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      try {
        const parsed = JSON.parse(out) as { url: string; token: string; port: number }
        clearTimeout(timer)
        resolvePromise(parsed)
      } catch {
        // JSON not complete yet
      }
    })
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`readout serve exited with ${code}: ${stderr}`))
    })
  })
  const origin = `http://127.0.0.1:${info.port}`
  const base = { Authorization: `Bearer ${info.token}`, 'Content-Type': 'application/json' }
  let sessionCookie: string | null = null
  if (opts.firstAdmin !== false) {
    const res = await fetch(`${origin}/rpc/auth.createFirstAdmin`, {
      method: 'POST',
      headers: base,
      body: JSON.stringify({ ...E2E_ADMIN, roles: ['technician', 'clinician', 'ml'] }),
    })
    const body = (await res.json()) as { ok: boolean; error?: { message: string } }
    if (!body.ok) throw new Error(`creating the first administrator failed: ${body.error?.message}`)
    sessionCookie = res.headers.get('set-cookie')?.split(';')[0] ?? null
  }
  return {
    url: info.url,
    origin,
    token: info.token,
    dataDir,
    sessionCookie,
    headers: () => ({ ...base, ...(sessionCookie ? { Cookie: sessionCookie } : {}) }),
    process: child,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r))
        child.kill('SIGTERM')
        await exited
      }
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
