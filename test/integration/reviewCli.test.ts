// `readout review show|apply`, `readout sign` and `readout reports show --json` as a user runs them (the built CLI in
// a child process), acting as accounts created beforehand, with the password in READOUT_PASSWORD.
import { spawnSync } from 'node:child_process'
import { existsSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { userAdmin } from '../../src/main/auth/userAdmin'
import { createServices } from '../../src/main/services'
import type { ReviewState } from '../../src/shared/contract/review'
import type { ReportDetail } from '../../src/shared/contract/reports'
import { silentLogger } from '../../src/main/log'
import { CLI_TEST_TIMEOUT_MS, createCliUser, runCli } from '../helpers/cli'
import { oru } from '../helpers/hl7'
import { storeDraft } from '../helpers/review'
import { CLI, REPO_ROOT } from '../helpers/serve'
import { makeTempDir } from '../helpers/services'

const DOCTOR = { username: 'drcli', password: 'teal compass lighthouse 9' }
const TECH = { username: 'techcli', password: 'olive tractor saddle 44' }

let dataDir: string
let work: string
let reportId: number
let K: number

/** `readout ARGS` acting as `who` (the one place a CLI test says how a command signs in). */
function readout(who: { username: string; password: string } | null, ...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args, '--data-dir', dataDir, ...(who ? ['--user', who.username] : [])], {
    encoding: 'utf8',
    env: { ...process.env, READOUT_DATA_DIR: '', READOUT_PASSWORD: who?.password ?? '' },
  })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

beforeAll(async () => {
  expect(existsSync(join(REPO_ROOT, 'out/main/cli.js')), 'run `npm run build` first').toBe(true)
  dataDir = makeTempDir('readout-review-cli-')
  work = makeTempDir('readout-review-cli-files-')
  writeFileSync(
    join(work, 'k.hl7'),
    oru({ controlId: 'C1', results: [{ code: '2823-3', display: 'Potassium', value: '6.9', unit: 'mmol/L', range: '3.5-5.1', flag: 'HH' }, { code: '2951-2', display: 'Sodium', value: '140', unit: 'mmol/L', range: '135-145' }] }),
  )
  // The site's first administrator imports the report (test/helpers/cli.ts).
  createCliUser(dataDir)
  const imported = JSON.parse(runCli(dataDir, ['import', join(work, 'k.hl7'), '--json']).stdout) as { results: { reportIds: number[] }[] }
  reportId = imported.results[0]!.reportIds[0]!
  // Accounts and a model draft, written the way the app writes them, on the same data folder.
  const services = createServices({ dataDir, version: 'test', runtime: 'node', logger: silentLogger })
  try {
    const admin = userAdmin(services.db, services.auth)
    await admin.create({ username: DOCTOR.username, displayName: 'Dr CLI', roles: ['clinician'], password: DOCTOR.password, mustChangePassword: false }, 'test-setup')
    await admin.create({ username: TECH.username, displayName: 'Tech CLI', roles: ['technician'], password: TECH.password, mustChangePassword: false }, 'test-setup')
    const report = (await import('../../src/main/store/reportRead')).getReport(services.db, reportId)!
    K = report.observations[0]!.id
    storeDraft(services, reportId, {
      summary: 'Critically high potassium.',
      findings: [
        { statement: 'Potassium 6.9 mmol/L is critically high.', severity: 'critical', evidence: [`O${K}`], recommendation: null },
        { statement: 'Sodium 140 mmol/L is low.', severity: 'abnormal', evidence: [`O${report.observations[1]!.id}`], recommendation: null },
      ],
      overall_severity: 'critical',
      comparison_with_prior: null,
      limitations: 'None.',
    })
  } finally {
    services.close()
  }
}, CLI_TEST_TIMEOUT_MS)
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true })
  rmSync(work, { recursive: true, force: true })
})

describe('readout review and sign', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  it('review show --json lists the draft findings with their draftIndex, the status and the row version', () => {
    const r = readout(TECH, 'review', 'show', String(reportId), '--json')
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const s = JSON.parse(r.stdout) as ReviewState & { draftFindings: { draftIndex: number; statement: string }[]; currentVersion: number | null }
    expect(s).toMatchObject({ status: 'drafted', rowVersion: 0, currentVersion: null })
    expect(s.draftFindings.map((f) => f.draftIndex)).toEqual([0, 1])
    expect(readout(null, 'review', 'show', String(reportId)).stderr).toMatch(/give --user NAME/)
    expect(readout({ ...TECH, password: 'wrong password here' }, 'review', 'show', String(reportId))).toMatchObject({ code: 1, stderr: expect.stringMatching(/Wrong username or password/) })
  })

  it('review apply refuses an invalid document naming the field, then applies a valid one', () => {
    writeFileSync(join(work, 'bad.json'), JSON.stringify({ baseVersion: 0, findings: [{ draftIndex: 0, action: 'accept' }, { draftIndex: 1, action: 'reject' }] }))
    const bad = readout(TECH, 'review', 'apply', String(reportId), '--file', join(work, 'bad.json'))
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/document\.findings\.1\.reason/)
    writeFileSync(join(work, 'broken.json'), '{"baseVersion": 0,')
    expect(readout(TECH, 'review', 'apply', String(reportId), '--file', join(work, 'broken.json')).stderr).toMatch(/broken\.json is not JSON/)
    writeFileSync(
      join(work, 'review.json'),
      JSON.stringify({ baseVersion: 0, findings: [{ draftIndex: 0, action: 'accept' }, { draftIndex: 1, action: 'reject', reason: 'invented_or_wrong_value', comment: 'sodium is normal' }] }),
    )
    const ok = readout(TECH, 'review', 'apply', String(reportId), '--file', join(work, 'review.json'), '--json')
    expect(ok.stderr).toBe('')
    const s = JSON.parse(ok.stdout) as ReviewState
    expect(s).toMatchObject({ status: 'in_review', rowVersion: 1, working: { version: 1 } })
    expect(s.working!.corrections.map((c) => [c.action, c.reason])).toEqual([
      ['accept', null],
      ['reject', 'invented_or_wrong_value'],
    ])
  })

  it('a technician cannot sign; a clinician signs with the password; reports show --json carries the review', () => {
    const tech = readout(TECH, 'sign', String(reportId))
    expect(tech.code).toBe(1)
    expect(tech.stderr).toMatch(/needs the clinician role/)
    const signed = readout(DOCTOR, 'sign', String(reportId))
    expect(signed.stderr).toBe('')
    expect(signed.stdout).toMatch(/^Signed report \d+ version 1 as Dr CLI at .* \(reviewed and approved\); sha256 [0-9a-f]{64}\n$/)
    const shown = JSON.parse(readout(DOCTOR, 'reports', 'show', String(reportId), '--json').stdout) as ReportDetail
    expect(shown.review).toMatchObject({ status: 'signed', versions: [{ version: 1, state: 'signed', author: { name: 'Tech CLI' }, reasonCodes: ['invented_or_wrong_value'], signature: { signerName: 'Dr CLI' } }] })
    expect(readout(DOCTOR, 'sign', String(reportId)).stderr).toMatch(/no review to sign \(Signed\)/)
  })
})
