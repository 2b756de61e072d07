// Starts the built `readout serve` as a child process on a temporary data folder and returns its URL.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

export const REPO_ROOT = resolve(__dirname, '..', '..')
export const CLI = join(REPO_ROOT, 'bin', 'readout.cjs')

export interface ServedApp {
  url: string
  origin: string
  token: string
  dataDir: string
  process: ChildProcessWithoutNullStreams
  stop(): Promise<void>
}

export async function startServe(extraArgs: string[] = []): Promise<ServedApp> {
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
  return {
    url: info.url,
    origin: `http://127.0.0.1:${info.port}`,
    token: info.token,
    dataDir,
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
