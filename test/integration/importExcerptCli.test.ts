// `readout import --json` (the built CLI) with files holding multi-megabyte offending values.
import { spawnSync } from 'node:child_process'
import { existsSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { oru } from '../helpers/hl7'
import { CLI_TEST_TIMEOUT_MS, cliArgs, cliEnv, createCliUser } from '../helpers/cli'
import { REPO_ROOT } from '../helpers/serve'
import { makeTempDir } from '../helpers/services'

let dataDir: string
let work: string
beforeEach(() => {
  expect(existsSync(join(REPO_ROOT, 'out/main/cli.js')), 'run `npm run build` first').toBe(true)
  dataDir = makeTempDir('readout-excerpt-data-')
  work = makeTempDir('readout-excerpt-files-')
  createCliUser(dataDir)
})
afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true })
  rmSync(work, { recursive: true, force: true })
})

/** The one place these tests run the CLI: as the test administrator (test/helpers/cli.ts). */
function readout(...args: string[]) {
  const r = spawnSync(process.execPath, cliArgs(dataDir, args), { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: cliEnv() })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

it('prints short quarantine messages for 5 MB values in --json (the quarantine list is checked in importRealWorld.test.ts)', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  const big = 'V'.repeat(5 * 1024 * 1024)
  writeFileSync(join(work, 'msh9.hl7'), `MSH|^~\\&|APP|FAC|RCV|RFAC|20250101120000||${big}|BIG1|P|2.5.1\rPID|1||ID1^^^AUTH\r`)
  writeFileSync(join(work, 'cell.csv'), `Date,Time,Systolic (mmHg),Diastolic (mmHg),Pulse (bpm)\n03/14/2024,7:30 AM,120,${big},71\n`)
  writeFileSync(join(work, 'good.hl7'), oru({ controlId: 'G1' }))
  const r = readout('import', work, '--json')
  expect(r.code, r.stderr.slice(0, 2000)).toBe(0)
  expect(r.stdout.length).toBeLessThan(4000)
  const out = JSON.parse(r.stdout) as { imported: number; quarantined: number; results: { outcome: string; error?: string }[] }
  expect(out).toMatchObject({ imported: 1, quarantined: 2 })
  for (const result of out.results.filter((x) => x.outcome === 'quarantined')) expect(result.error).toMatch(/"?V{32}…"? \(5,242,880 characters\)/)

})
