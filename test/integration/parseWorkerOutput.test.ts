// What a library prints on the parse worker thread never reaches the process's stdout (the CLI's `--json` output):
// a worker that prints with console.log and process.stdout.write while it parses, its output found on stderr.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ParseThread } from '../../src/main/ingest/parseThread'
import { silentLogger } from '../../src/main/log'
import { makeTempDir } from '../helpers/services'

const realStdout = process.stdout.write.bind(process.stdout)
const realStderr = process.stderr.write.bind(process.stderr)
afterEach(() => {
  process.stdout.write = realStdout
  process.stderr.write = realStderr
})

describe('parse worker output', () => {
  it('goes to stderr, not stdout', async () => {
    const dir = makeTempDir('readout-noisy-worker-')
    const worker = join(dir, 'noisyWorker.cjs')
    // Stands in for out/main/parseWorker.js with a library that prints (as the UCUM library does for odd units).
    writeFileSync(
      worker,
      `const { parentPort } = require('node:worker_threads')
parentPort.on('message', (m) => {
  console.log('library says: unit string enzyme units not parsed')
  process.stdout.write('library writes directly\\n')
  parentPort.postMessage({ id: m.id, units: [] })
})
`,
    )
    let stdout = ''
    let stderr = ''
    process.stdout.write = ((chunk: string | Uint8Array) => ((stdout += String(chunk)), true)) as typeof process.stdout.write
    process.stderr.write = ((chunk: string | Uint8Array) => ((stderr += Buffer.from(chunk).toString()), true)) as typeof process.stderr.write
    const thread = new ParseThread(worker, silentLogger)
    try {
      expect(await thread.parse(new TextEncoder().encode('anything'))).toEqual([])
      // The worker's stdout is a stream to this thread: wait for it to arrive.
      for (let i = 0; i < 100 && !stderr.includes('library writes directly'); i++) await new Promise((r) => setTimeout(r, 20))
    } finally {
      thread.close()
    }
    expect(stderr).toContain('library says: unit string enzyme units not parsed')
    expect(stderr).toContain('library writes directly')
    expect(stdout).not.toContain('library')
  })
})
