// E2E: the Evaluation page in Chromium via `readout serve`, with the generated test models. Through the API the
// administrator (all roles) registers the base model and the test adapter, makes the base model version production,
// and signs two imported reports. On the page: the empty list says how to start; an evaluation of base+adapter
// (candidate) against the base (baseline) on all signed reports shows its progress, then the gate verdict with its
// reasons, the comparison, the chart and the subgroups (each marked too small); the printable report opens; the
// candidate is promoted to canary, then to production citing the run, and production is rolled back to the base.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import type { RolloutStatus } from '../../src/shared/contract/rollout'
import { gotoSignedIn } from '../helpers/e2eSession'
import { E2E_ADMIN, startServe, type ServedApp } from '../helpers/serve'
import { makeTestModels } from '../helpers/testModels'

// Numbat: potassium 6.8 mmol/L (critical) and sodium; Bilby: potassium 4.2 mmol/L.
const FIXTURE = join(__dirname, 'fixtures', 'potassium-critical-and-normal.hl7')
// Four drafts (two versions × two reports) by the tiny model on a busy CPU.
const RUN_MS = 480_000

let app: ServedApp
let scratch: string

test.beforeAll(async () => {
  app = await startServe()
  scratch = mkdtempSync(join(tmpdir(), 'readout-e2e-eval-'))
})
test.afterAll(async () => {
  await app.stop()
  rmSync(scratch, { recursive: true, force: true })
})

async function rpc<T>(method: string, input: unknown): Promise<T> {
  const res = await fetch(`${app.origin}/rpc/${method}`, { method: 'POST', headers: app.headers(), body: JSON.stringify(input) })
  const body = (await res.json()) as { ok: true; value: T } | { ok: false; error: { code: string; message: string } }
  if (!body.ok) throw new Error(`${method}: ${body.error.code} ${body.error.message}`)
  return body.value
}

interface Observation {
  id: number
  code: string | null
}

/** The administrator (who holds the clinician role) writes and signs the report's interpretation from scratch. */
async function sign(reportId: number, critical: boolean): Promise<void> {
  const report = await rpc<{ observations: Observation[] }>('reports.get', { id: reportId })
  const potassium = report.observations.find((o) => o.code === '2823-3')!
  const applied = await rpc<{ working: { contentSha256: string } }>('review.apply', {
    reportId,
    document: {
      baseVersion: 0,
      findings: [
        {
          action: 'add',
          statement: critical ? 'Potassium 6.8 mmol/L is critically high.' : 'Potassium 4.2 mmol/L is within the reference range.',
          severity: critical ? 'critical' : 'normal',
          evidence: [`O${potassium.id}`],
          reason: 'other',
        },
      ],
      summary: { text: critical ? 'Critical hyperkalaemia.' : 'Normal potassium.', reason: 'other' },
      overallSeverity: { value: critical ? 'critical' : 'normal', reason: 'other' },
    },
  })
  const signed = await rpc<{ status: string }>('review.sign', { reportId, contentSha256: applied.working.contentSha256, password: E2E_ADMIN.password })
  expect(signed.status).toBe('signed')
}

const fleet = () => rpc<RolloutStatus>('rollout.status', {})

/** Confirms a rollout dialog (Mantine renders it in a portal: the dialog role carries its title). */
async function confirm(page: Page, title: string, testId: string, acknowledge: boolean): Promise<void> {
  const dialog = page.getByRole('dialog', { name: title })
  await expect(dialog).toBeVisible()
  if (acknowledge) await page.getByTestId(`${testId}-ack`).check()
  await page.getByTestId(`${testId}-confirm`).click()
  await expect(dialog).toHaveCount(0)
}

test('an evaluation of the adapter against the base from the page: progress, gate, subgroups, canary, rollback', async ({ page }) => {
  test.setTimeout(RUN_MS + 180_000)
  // ML set-up through the API: the models, small drafts at temperature 0, the base model as the production version.
  const paths = makeTestModels(scratch)
  const base = await rpc<{ id: number }>('models.add', { path: paths.base })
  const adapter = await rpc<{ id: number }>('models.add', { path: paths.adapter })
  await rpc('models.use', { baseModelId: base.id, adapters: [] })
  await rpc('models.configure', { maxTokens: 120, temperature: 0 })
  const baseline = await rpc<{ id: number; name: string }>('versions.create', { spec: String(base.id), name: 'base-v1' })
  await rpc('rollout.promote', { versionId: baseline.id })

  // Two signed reports: the reference of the evaluation.
  const imported = await rpc<{ results: { reportIds: number[] }[] }>('import.files', {
    files: [{ name: 'potassium.hl7', contentBase64: readFileSync(FIXTURE).toString('base64') }],
  })
  const ids = imported.results.flatMap((r) => r.reportIds)
  expect(ids).toHaveLength(2)
  await sign(ids[0]!, true)
  await sign(ids[1]!, false)

  // The page before any run: how to start one, in the app and from a terminal.
  await gotoSignedIn(page, app, '#/evaluation')
  await expect(page.getByRole('heading', { name: 'Evaluation', level: 2 })).toBeVisible()
  await expect(page.getByTestId('empty-state')).toContainText('readout eval run --baseline SPEC --candidate SPEC')
  await expect(page.getByTestId('eval-start')).toBeDisabled()

  // The form, by keyboard where a person would type: the baseline by name, the candidate as a SPEC.
  await page.getByTestId('eval-baseline').fill('base-v1')
  await page.getByTestId('eval-candidates').fill(`${base.id}+${adapter.id}:1`)
  await page.getByTestId('eval-candidates').press('Enter')
  await page.getByTestId('eval-set').getByText('All signed reports').click()
  await expect(page.getByText(`readout eval run --baseline base-v1 --candidate ${base.id}+${adapter.id}:1 --set all`)).toBeVisible()
  await page.getByTestId('eval-start').click()

  // The run's page: progress while the drafts are made, live from eval.progress.
  await expect(page).toHaveURL(/#\/evaluation\/\d+$/)
  const runId = Number(/evaluation\/(\d+)/.exec(page.url())![1])
  await expect(page.getByTestId('eval-run-heading')).toContainText('against baseline base-v1 on 2 reports (all signed)')
  await expect(page.getByTestId('eval-progress-text')).toContainText(/\d of 4 drafts/)

  // The result: the gate's verdict first, with its reasons (two reports are fewer than the default gate's minimum).
  const verdict = page.getByTestId('eval-gate-verdict')
  await expect(verdict).toBeVisible({ timeout: RUN_MS })
  await expect(verdict).toContainText('Gate failed')
  await expect(page.getByTestId('eval-gate-reasons')).toContainText('Only 2 paired reports; the gate needs at least 30')
  await expect(page.getByTestId('eval-gate-criteria').getByRole('listitem')).not.toHaveCount(0)
  await expect(page.getByTestId('eval-comparison').getByTestId('eval-metric-missed_critical')).toContainText('Reports with a missed critical finding')
  await expect(page.getByTestId('eval-comparison').getByTestId('eval-metric-finding_f1')).toContainText(/p = |p < /)
  await expect(page.getByTestId('eval-difference-chart')).toBeVisible()
  await expect(page.getByTestId('eval-summary')).toContainText('base-v1')

  // Subgroups: every kind, age band, sex and device model listed with its count, each marked too small.
  const kinds = page.getByTestId('eval-subgroup-kind')
  await expect(kinds).toContainText('lab')
  await expect(kinds.getByTestId('eval-subgroup-row').first()).toContainText('2')
  await expect(page.getByTestId('eval-subgroup-sex').getByTestId('eval-subgroup-row')).toHaveCount(2)
  await expect(page.getByTestId('eval-subgroup-ageBand').getByTestId('eval-subgroup-row')).toHaveCount(2)
  const rows = page.getByTestId('eval-subgroups').getByTestId('eval-subgroup-row')
  const n = await rows.count()
  expect(n).toBeGreaterThanOrEqual(5)
  for (let i = 0; i < n; i++) await expect(rows.nth(i)).toContainText('too small')

  // The printable report, self-contained, in an isolated frame.
  await page.getByTestId('eval-open-report').click()
  await expect(page.getByTestId('eval-report-frame')).toBeVisible()
  await expect(page.frameLocator('[data-testid="eval-report-frame"]').locator('body')).toContainText('base-v1')
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('eval-report-frame')).toHaveCount(0)

  // Rollout: the candidate becomes the canary for 10% of new reports (the failed gate must be acknowledged).
  const shown = await rpc<{ versions: { versionId: number; name: string; role: string }[] }>('eval.show', { id: runId })
  const { versionId: candidateId, name: candidateName } = shown.versions.find((v) => v.role === 'candidate')!
  await expect(page.getByTestId('eval-rollout-state')).toHaveText('candidate')
  await expect(page.getByTestId('eval-rollback')).toBeDisabled()
  await page.getByTestId('eval-promote-canary').click()
  await page.getByTestId('eval-canary-percent').fill('10')
  await expect(page.getByTestId('eval-canary-dialog-confirm')).toBeDisabled()
  await confirm(page, `Make ${candidateName} the canary`, 'eval-canary-dialog', true)
  await expect(page.getByTestId('eval-rollout-state')).toHaveText('canary, 10%')
  expect((await fleet()).canaryId).toBe(candidateId)

  // Then production, citing this run; then roll back in one step to the base.
  await page.getByTestId('eval-promote-production').click()
  await confirm(page, `Promote ${candidateName} to production`, 'eval-promote-dialog', true)
  await expect(page.getByTestId('eval-rollout-production')).toHaveText(candidateName)
  expect((await fleet()).productionId).toBe(candidateId)
  await page.getByTestId('eval-rollback').click()
  await expect(page.getByRole('dialog', { name: 'Roll back production' })).toContainText('base-v1 drafts every new report again')
  await confirm(page, 'Roll back production', 'eval-rollback-dialog', false)
  await expect(page.getByTestId('eval-rollout-production')).toHaveText('base-v1')
  await expect(page.getByTestId('eval-rollout-state')).toHaveText('retired')
  const after = await fleet()
  expect(after.productionId).toBe(baseline.id)
  expect(after.versions.find((v) => v.id === candidateId)?.state).toBe('retired')

  // The promotion and the rollback are in the audit trail, with the run named.
  const audit = await rpc<{ action: string; details: Record<string, unknown> }[]>('audit.list', { action: 'rollout.', limit: 50 })
  expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['rollout.canary', 'rollout.promote', 'rollout.rollback']))
  expect(audit.filter((e) => e.action === 'rollout.promote').map((e) => e.details.evaluationRunId)).toContain(runId)

  // The list: the run with its versions, state and verdict.
  await page.getByRole('link', { name: '← All evaluation runs' }).click()
  const row = page.getByTestId(`eval-run-${runId}`)
  await expect(row).toContainText('base-v1')
  await expect(row).toContainText('finished')
  await expect(row).toContainText('gate failed')
})
