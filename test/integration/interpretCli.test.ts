// `readout interpret --all` as a scheduled job sees it: reports the model could not draft are listed with the reason a
// clinician would see, the log says so in one line each (no stack trace for an expected failure), and the exit code
// tells the job that reports were left without a draft; `readout models list` marks a registered file that is gone.
import { copyFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeTestModels } from '../../scripts/make-test-models'
import { oru } from '../helpers/hl7'
import { makeTempDir } from '../helpers/services'
import { CLI_TEST_TIMEOUT_MS, createCliUser, runCli } from '../helpers/cli'

let dataDir: string
let work: string
let baseModel: string
const REPORTS = 3

function readout(...args: string[]) {
  return runCli(dataDir, args)
}
function ok(...args: string[]) {
  const r = readout(...args)
  if (r.status !== 0) throw new Error(`readout ${args.join(' ')} failed: ${r.stderr}`)
  return r.stdout
}

beforeAll(async () => {
  dataDir = makeTempDir('readout-interpret-cli-')
  work = makeTempDir('readout-interpret-cli-files-')
  createCliUser(dataDir)
  const models = await makeTestModels({ outDir: join(work, 'models') })
  baseModel = models.base
  writeFileSync(join(work, 'batch.hl7'), Array.from({ length: REPORTS }, (_, i) => oru({ controlId: `C${i}`, mrn: `M${i}` })).join(''))
  ok('import', join(work, 'batch.hl7'))
  ok('models', 'add', models.base)
  ok('models', 'use', '1')
}, CLI_TEST_TIMEOUT_MS)
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true })
  rmSync(work, { recursive: true, force: true })
})

describe('readout interpret --all', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  it('lists the reports it could not draft with the reason, logs each in one line, and exits non-zero', () => {
    // 16 tokens cannot hold a whole draft: every report is cut off.
    ok('models', 'configure', '--parallelism', '2', '--max-tokens', '16', '--temperature', '0', '--threads', '1')
    const r = readout('interpret', '--all')
    expect(r.status).toBe(1)
    expect(r.stdout).toContain(`processed ${REPORTS} reports: ${REPORTS} without a draft after a failure, 0 still queued`)
    expect(r.stdout.match(/^ {2}report \d+ \(.+\): The model's draft is incomplete: it reached the limit of 16 tokens before it ended\. Raise "Max tokens"/gm)).toHaveLength(REPORTS)
    // Each on a line of its own, not after the progress line redrawn with \r.
    const logLines = r.stderr.split('\n').filter((l) => l.includes('[readout] ERROR'))
    expect(logLines).toHaveLength(REPORTS)
    for (const line of logLines) expect(line).toMatch(/^\[readout\] ERROR interpretation of report \d+ failed: The model's draft is incomplete/)
    expect(r.stderr).not.toMatch(/^\s+at /m)
  })

  it('drafts them on the next run once the cause is fixed, and exits zero', () => {
    ok('models', 'configure', '--max-tokens', '2000')
    const r = readout('interpret', '--all')
    expect(r.stderr).not.toContain('[readout] ERROR')
    expect(r.stdout).toContain(`processed ${REPORTS} reports: 0 without a draft after a failure, 0 still queued`)
    expect(r.status).toBe(0)
  })
})

describe('readout models list', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  it('says which registered files are gone', () => {
    const copy = join(work, 'moved-away.gguf')
    copyFileSync(baseModel, copy)
    const id = /^added base (\d+):/.exec(ok('models', 'add', copy))?.[1]
    expect(id).toBeDefined()
    expect(ok('models', 'list')).not.toContain('[file not found]')
    rmSync(copy)
    const gone = ok('models', 'list')
      .split('\n')
      .filter((l) => l.includes('[file not found]'))
    expect(gone).toHaveLength(1)
    expect(gone[0]).toMatch(new RegExp(`^.\\s*${id}\\s+base `))
  })
})
