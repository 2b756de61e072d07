// The `readout` command as a user runs it (the built CLI in a child process): info, import, reports, rules.
import { spawnSync } from 'node:child_process'
import { existsSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CLI, REPO_ROOT } from '../helpers/serve'
import { CLI_TEST_TIMEOUT_MS, createCliUser, runCli } from '../helpers/cli'
import { oru } from '../helpers/hl7'
import { makeTempDir } from '../helpers/services'

let dataDir: string
let work: string
beforeEach(() => {
  expect(existsSync(join(REPO_ROOT, 'out/main/cli.js')), 'run `npm run build` first').toBe(true)
  dataDir = makeTempDir('readout-cli-data-')
  work = makeTempDir('readout-cli-files-')
  createCliUser(dataDir)
})
afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true })
  rmSync(work, { recursive: true, force: true })
})

function readout(...args: string[]) {
  const r = runCli(dataDir, args)
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

describe('readout CLI', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  it('info --json prints version, data folder and schema version', () => {
    const r = readout('info', '--json')
    expect(r.code).toBe(0)
    const info = JSON.parse(r.stdout) as { version: string; dataDir: string; schemaVersion: number }
    expect(info.dataDir).toBe(dataDir)
    expect(info.schemaVersion).toBeGreaterThanOrEqual(3)
    expect(info.version).toMatch(/^\d+\.\d+\.\d+/)
  })

  it('import --json reports one result per message, then reports show --json includes findings', () => {
    writeFileSync(
      join(work, 'two.hl7'),
      oru({ controlId: 'A1', results: [{ code: '2823-3', display: 'Potassium', value: '6.9', unit: 'mmol/L', range: '3.5-5.1', flag: 'HH' }] }) +
        oru({ controlId: 'A2', observedAt: '20260102083000' }),
    )
    writeFileSync(join(work, 'bad.hl7'), 'MSH|^~\\&|X|Y|Z|W|20260101||ADT^A01|Q1|P|2.5\rPID|1\r')
    const r = readout('import', work, '--json')
    expect(r.code).toBe(0)
    const out = JSON.parse(r.stdout) as { imported: number; duplicates: number; quarantined: number; results: { path: string; outcome: string; reportIds: number[]; error?: string }[] }
    expect(out).toMatchObject({ imported: 2, duplicates: 0, quarantined: 1 })
    expect(out.results.filter((x) => x.path.endsWith('two.hl7')).map((x) => x.outcome)).toEqual(['imported', 'imported'])
    expect(out.results.find((x) => x.path.endsWith('bad.hl7'))).toMatchObject({ outcome: 'quarantined', error: expect.stringMatching(/segment MSH/) })

    const again = readout('import', work)
    expect(again.stdout).toContain('imported 0, duplicates 2, quarantined 1')

    const id = out.results.find((x) => x.path.endsWith('two.hl7'))!.reportIds[0]!
    const shown = JSON.parse(readout('reports', 'show', String(id), '--json').stdout) as {
      findings: { ruleId: string; severity: string; message: string; source: string; observationIds: number[] }[]
      observations: { id: number }[]
    }
    expect(shown.findings[0]).toMatchObject({ ruleId: 'potassium.critical', severity: 'critical', observationIds: [shown.observations[0]!.id] })
    expect(shown.findings[0]!.source).toBeTruthy()

    const list = readout('reports', 'list')
    expect(list.code).toBe(0)
    expect(list.stdout).toContain('2 of 2 reports')
    expect(readout('reports', 'show', '999').code).toBe(1)
  })

  it('exits non-zero only when nothing at all could be read', () => {
    writeFileSync(join(work, 'junk.bin'), Buffer.from([0, 159, 146, 150, 0, 0]))
    const r = readout('import', join(work, 'junk.bin'))
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('imported 0, duplicates 0, quarantined 1')
    const missing = readout('import', join(work, 'nope'))
    expect(missing.code).toBe(1)
    expect(missing.stderr.trim().split('\n')).toHaveLength(1)
  })

  it('rules check validates a file with located errors; rules run re-evaluates', () => {
    writeFileSync(join(work, 'bad.yaml'), 'version: "1"\nname: x\nrules:\n  - id: a\n    kind: nonsense\n')
    const bad = readout('rules', 'check', join(work, 'bad.yaml'))
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/bad\.yaml:\d+:\d+: /)
    writeFileSync(join(work, 'ok.yaml'), 'version: "site-1"\nname: Site\ndisabled: [cgm.gmi]\nrules: []\n')
    const ok = readout('rules', 'check', join(work, 'ok.yaml'))
    expect(ok.code).toBe(0)
    expect(ok.stdout).toContain('valid')
    const run = JSON.parse(readout('rules', 'run', '--json').stdout) as { reports: number }
    expect(run.reports).toBe(0)
  })

  it('every command has --help', () => {
    for (const cmd of ['serve', 'info', 'import', 'reports', 'rules', 'listen', 'users']) {
      const r = spawnSync(process.execPath, [CLI, cmd, '--help'], { encoding: 'utf8' })
      expect(r.status, cmd).toBe(0)
      expect(r.stdout, cmd).toContain('Usage: readout')
    }
  })
})
