// The batch queue survives a crash: kill `readout interpret --all` mid-batch, run it again, every report is drafted once.
import { spawn } from 'node:child_process'
import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeTestModels } from '../../scripts/make-test-models'
import { oru } from '../helpers/hl7'
import { makeTempDir } from '../helpers/services'
import { cliArgs, cliEnv, createCliUser, runCli } from '../helpers/cli'

let dataDir: string
let work: string
const REPORTS = 8

function readout(...args: string[]) {
  const r = runCli(dataDir, args)
  if (r.status !== 0) throw new Error(`readout ${args.join(' ')} failed: ${r.stderr}`)
  return r.stdout
}

function counts() {
  const db = new Database(join(dataDir, 'readout.db'), { readonly: true, fileMustExist: true })
  try {
    const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n
    return {
      interpretations: n('SELECT count(*) AS n FROM interpretations'),
      distinct: n('SELECT count(DISTINCT report_id) AS n FROM interpretations'),
      running: n("SELECT count(*) AS n FROM interpretation_jobs WHERE state = 'running'"),
    }
  } finally {
    db.close()
  }
}

beforeAll(async () => {
  dataDir = makeTempDir('readout-resume-')
  work = makeTempDir('readout-resume-files-')
  createCliUser(dataDir)
  const models = await makeTestModels({ outDir: join(work, 'models') })
  writeFileSync(join(work, 'batch.hl7'), Array.from({ length: REPORTS }, (_, i) => oru({ controlId: `Q${i}`, mrn: `Z${i}` })).join(''))
  readout('import', join(work, 'batch.hl7'))
  readout('models', 'add', models.base)
  readout('models', 'use', '1')
  readout('models', 'configure', '--parallelism', '2', '--max-tokens', '2000', '--temperature', '0', '--threads', '1')
}, 60_000)
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true })
  rmSync(work, { recursive: true, force: true })
})

describe('interpretation queue after a crash', () => {
  it('resumes the rest without duplicates', async () => {
    const child = spawn(process.execPath, cliArgs(dataDir, ['interpret', '--all']), { stdio: 'ignore', env: cliEnv() })
    const deadline = Date.now() + 240_000
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 300))
      if (counts().interpretations >= 2) break
    }
    child.kill('SIGKILL')
    await new Promise((r) => child.once('exit', r))
    const killed = counts()
    expect(killed.interpretations).toBeGreaterThanOrEqual(2)
    expect(killed.interpretations).toBeLessThan(REPORTS)

    readout('interpret', '--all')
    const after = counts()
    expect(after).toEqual({ interpretations: REPORTS, distinct: REPORTS, running: 0 })
  }, 480_000)
})
