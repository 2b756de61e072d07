// `readout eval` through the built CLI with the generated test models: a run killed with SIGKILL part-way resumes with
// --resume and drafts each (version, report) exactly once; a failing gate exits 3; show writes the HTML report; list.
import { spawn } from 'node:child_process'
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeTestModels } from '../../scripts/make-test-models'
import { silentLogger } from '../../src/main/log'
import { createServices } from '../../src/main/services'
import { getReport } from '../../src/main/store/reportRead'
import { getUser } from '../../src/main/store/users'
import type { EvalRunDetail, EvalRunSummary } from '../../src/shared/contract/eval'
import { CLI_USER, cliArgs, cliEnv, createCliUser, runCli } from '../helpers/cli'
import { evalReportHl7, signDirect, signedContent } from '../helpers/evalSet'
import { REPO_ROOT } from '../helpers/serve'
import { makeTempDir } from '../helpers/services'

let dataDir: string
let work: string
const SIGNED_EARLY = '2026-01-15T10:00:00.000Z'

const GATE = `format: 1
name: CLI test gate
revision: "t1"
minReports: 1
statistics: { resamples: 1000, seed: 9 }
criteria:
  - id: no-more-missed-criticals
    metric: missed_critical
    rule: no_increase
    margin: 1
`

function ok(args: string[]): string {
  const r = runCli(dataDir, args)
  expect(r.status, `readout ${args.join(' ')}: ${r.stderr}`).toBe(0)
  return r.stdout
}

function query<T>(sql: string): T[] {
  const db = new Database(join(dataDir, 'readout.db'), { readonly: true })
  try {
    return db.prepare(sql).all() as T[]
  } finally {
    db.close()
  }
}

beforeAll(async () => {
  expect(existsSync(join(REPO_ROOT, 'out/main/cli.js')), 'run `npm run build` first').toBe(true)
  dataDir = makeTempDir('readout-eval-cli-')
  work = makeTempDir('readout-eval-cli-files-')
  const models = await makeTestModels({ outDir: join(work, 'models') })
  writeFileSync(join(work, 'gate.yaml'), GATE)
  writeFileSync(join(work, 'failing-gate.yaml'), GATE.replace('metric: missed_critical\n    rule: no_increase\n    margin: 1', 'metric: finding_f1\n    rule: at_least\n    value: 1.5'))
  for (let i = 0; i < 3; i++) writeFileSync(join(work, `r${i}.hl7`), evalReportHl7(i))
  createCliUser(dataDir)
  ok(['models', 'add', models.base])
  ok(['models', 'add', models.adapter])
  ok(['models', 'configure', '--threads', '1', '--parallelism', '2'])
  ok(['import', join(work, 'r0.hl7'), join(work, 'r1.hl7'), join(work, 'r2.hl7')])
  // Signed as the CLI's administrator; the third report earlier, so a date filter can pick it alone.
  const s = createServices({ dataDir, version: 'test', runtime: 'node', logger: silentLogger })
  try {
    // The first account of the data folder: the CLI's administrator.
    const u = getUser(s.db, 1)!
    expect(u.username).toBe(CLI_USER)
    const signer = { id: u.id, username: u.username, displayName: u.displayName, roles: u.roles }
    for (const id of [1, 2, 3]) signDirect(s.db, id, signedContent(getReport(s.db, id)!), signer, id === 3 ? SIGNED_EARLY : undefined)
  } finally {
    s.close()
  }
}, 180_000)
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true })
  rmSync(work, { recursive: true, force: true })
})

describe('readout eval', () => {
  it('resumes a run killed with SIGKILL: every (version, report) drafted exactly once, the result complete', async () => {
    const child = spawn(process.execPath, cliArgs(dataDir, ['eval', 'run', '--baseline', '1', '--candidate', '1+2:1', '--set', 'all', '--gate', join(work, 'gate.yaml')]), {
      env: cliEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)))
    // Killed once some drafts are stored and before all are.
    let stored = 0
    for (let waited = 0; stored === 0 && waited < 120_000; waited += 100) {
      await new Promise((r) => setTimeout(r, 100))
      if (existsSync(join(dataDir, 'readout.db'))) stored = query<{ n: number }>('SELECT count(*) AS n FROM eval_results')[0]?.n ?? 0
    }
    child.kill('SIGKILL')
    await exited
    expect(stderr).toContain('resume with: readout eval run --resume 1')
    const before = query<{ version_id: number; report_id: number; created_at: string }>('SELECT version_id, report_id, created_at FROM eval_results ORDER BY version_id, report_id')
    expect(before.length).toBeGreaterThan(0)
    expect(before.length).toBeLessThan(6)
    expect(query<{ state: string }>('SELECT state FROM eval_runs WHERE id = 1')[0]!.state).toBe('running')

    const r = runCli(dataDir, ['eval', 'run', '--resume', '1', '--json'])
    expect(r.status, r.stderr).toBe(0)
    const detail = JSON.parse(r.stdout) as EvalRunDetail
    expect(detail).toMatchObject({ id: 1, state: 'done', gatePass: true, reportCount: 3, progress: { done: 6, total: 6 } })
    expect(detail.analysis!.versions.map((v) => v.summary.reports)).toEqual([3, 3])
    const after = query<{ version_id: number; report_id: number; created_at: string }>('SELECT version_id, report_id, created_at FROM eval_results ORDER BY version_id, report_id')
    // Each pair once; the drafts stored before the kill were not made again.
    expect(after.map((x) => `${x.version_id}:${x.report_id}`)).toEqual(['1:1', '1:2', '1:3', '2:1', '2:2', '2:3'])
    for (const b of before) expect(after).toContainEqual(b)
    const drafted = query<{ n: number }>("SELECT count(*) AS n FROM audit_events WHERE action LIKE 'interpretation.%'")[0]!.n
    expect(drafted).toBe(0)
  }, 400_000)

  it('exits 3 when the gate fails, with the reasons; show writes the printable report; list shows the runs', () => {
    const r = runCli(dataDir, ['eval', 'run', '--baseline', '1', '--candidate', '1+2:1', '--set', 'all', '--from', '2026-01-15', '--to', '2026-01-15', '--gate', join(work, 'failing-gate.yaml')])
    expect(r.status, r.stderr).toBe(3)
    expect(r.stdout).toContain('GATE FAILED')
    expect(r.stdout).toContain('Finding F1')
    const html = join(work, 'run2.html')
    const shown = runCli(dataDir, ['eval', 'show', '2', '--html', html])
    expect(shown.status).toBe(3)
    const text = readFileSync(html, 'utf8')
    expect(text).toContain('Gate failed')
    expect(text).toContain('base1-a2x1')
    const list = JSON.parse(ok(['eval', 'list', '--json'])) as EvalRunSummary[]
    expect(list.map((x) => [x.id, x.state, x.reportCount, x.gatePass])).toEqual([
      [2, 'done', 1, false],
      [1, 'done', 3, true],
    ])
    // An unreadable gate file and a missing SPEC are refused before anything runs (exit 1, the reason on stderr).
    const bad = runCli(dataDir, ['eval', 'run', '--baseline', '1', '--candidate', '1+2:1', '--gate', join(work, 'missing.yaml')])
    expect([bad.status, bad.stderr]).toEqual([1, expect.stringContaining('cannot read the gate file')])
    expect(runCli(dataDir, ['eval', 'run', '--baseline', '1']).status).toBe(1)
  }, 300_000)
})
