// E2E: the Rollout page on `readout serve` with the generated test models registered: a paused canary's banner on
// every page (with the way to the Rollout page), resuming it, promoting with the evaluation run that justified it,
// and rolling back in one confirmed action, which restores the previous production's engine configuration.
import { expect, test, type Page } from '@playwright/test'
import Database from 'better-sqlite3'
import { insertFinishedRun } from '../helpers/rollout'
import { join } from 'node:path'
import { gotoSignedIn } from '../helpers/e2eSession'
import { REPO_ROOT, startServe, type ServedApp } from '../helpers/serve'
import { oru } from '../helpers/hl7'
import { makeTestModels } from '../helpers/testModels'

let app: ServedApp
let tuned: number
let plain: number
let adapterId: number

test.describe.configure({ mode: 'serial' })

async function api<T>(method: string, input: unknown): Promise<T> {
  const res = await fetch(`${app.origin}/rpc/${method}`, { method: 'POST', headers: app.headers(), body: JSON.stringify(input) })
  const body = (await res.json()) as { ok: boolean; value?: T; error?: { code: string; message: string } }
  if (!body.ok) throw new Error(`${method}: ${body.error?.code}: ${body.error?.message}`)
  return body.value as T
}

test.beforeAll(async () => {
  app = await startServe()
  const models = makeTestModels(join(REPO_ROOT, '.cache', 'test-models'))
  const base = await api<{ id: number }>('models.add', { path: models.base })
  adapterId = (await api<{ id: number }>('models.add', { path: models.adapter })).id
  // Before the versions are registered: they take these sampling settings (one thread: specs run side by side).
  await api('models.configure', { threads: 1, temperature: 0, maxTokens: 2000 })
  plain = (await api<{ id: number }>('versions.create', { spec: String(base.id), name: 'plain' })).id
  tuned = (await api<{ id: number }>('versions.create', { spec: `${base.id}+${adapterId}:0.5`, name: 'tuned' })).id
  await api('rollout.promote', { versionId: plain })
  await api('rollout.canary', { versionId: tuned, percent: 10 })
  // A finished evaluation run that compared the two: what promoting the canary must name. Written to the database
  // directly: running one is what evaluation.spec.ts covers; the promotion checks the row as it is.
  const db = new Database(join(app.dataDir, 'readout.db'))
  try {
    db.pragma('busy_timeout = 5000')
    insertFinishedRun(db, [plain, tuned], 'e2e-admin')
  } finally {
    db.close()
  }
})
test.afterAll(async () => {
  await app.stop()
})

const row = (page: Page, name: string) => page.getByTestId(`version-row-${name}`)

async function confirm(page: Page) {
  await page.getByTestId('rollout-confirm-button').click()
  await expect(page.getByTestId('rollout-confirm-button')).toHaveCount(0)
}

test('a paused canary puts a banner on every page, and resuming it from the Rollout page clears it', async ({ page }) => {
  await api('rollout.pauseCanary', { versionId: tuned, reason: 'drafts cite the wrong values' })
  await gotoSignedIn(page, app)
  const banner = page.getByTestId('rollout-banner')
  await expect(banner).toContainText('Canary paused: model version tuned')
  await expect(banner).toContainText('Paused by hand: drafts cite the wrong values')
  await expect(banner).toContainText('the production version plain')
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Import' }).click()
  await expect(banner).toBeVisible()

  await banner.getByRole('link', { name: 'Open the Rollout page' }).click()
  await expect(page.getByRole('heading', { name: 'Rollout', level: 2 })).toBeVisible()
  await expect(row(page, 'tuned').getByTestId('version-state')).toHaveText('canary 10% · paused')
  await row(page, 'tuned').getByTestId('action-resume').click()
  await expect(page.getByTestId('rollout-confirm')).toContainText('drafts cite the wrong values')
  await confirm(page)
  await expect(row(page, 'tuned').getByTestId('version-state')).toHaveText('canary 10%')
  await expect(banner).toHaveCount(0)
})

test('promotion names its evaluation run; rollback restores the previous production and its configuration', async ({ page }) => {
  await gotoSignedIn(page, app, '#/rollout')
  await row(page, 'tuned').getByTestId('action-promote').click()
  // Without the run the promotion cannot be confirmed.
  await expect(page.getByTestId('rollout-confirm-button')).toBeDisabled()
  await page.getByLabel('Evaluation run id').fill('1')
  await confirm(page)
  await expect(row(page, 'tuned').getByTestId('version-state')).toHaveText('production')
  await expect(row(page, 'plain').getByTestId('version-state')).toHaveText('retired')
  expect((await api<{ config: { adapters: unknown[] } }>('models.list', {})).config.adapters).toEqual([{ modelId: adapterId, scale: 0.5 }])

  await expect(page.getByTestId('rollout-rollback')).toHaveText('Roll back to plain')
  await page.getByTestId('rollout-rollback').click()
  await expect(page.getByTestId('rollout-confirm')).toContainText('from tuned to plain')
  await confirm(page)
  await expect(row(page, 'plain').getByTestId('version-state')).toHaveText('production')
  await expect(row(page, 'tuned').getByTestId('version-state')).toHaveText('retired')
  expect((await api<{ config: { adapters: unknown[] } }>('models.list', {})).config.adapters).toEqual([])
  await expect(page.getByTestId('rollout-rollback')).toBeDisabled()
})

test('the monitoring table and the thresholds form are on the page', async ({ page }) => {
  await gotoSignedIn(page, app, '#/rollout')
  await expect(page.getByTestId('rollout-thresholds')).toBeVisible()
  await page.getByLabel('Window (newest reviews)').fill('30')
  await page.getByTestId('thresholds-save').click()
  await expect.poll(async () => (await api<{ window: number }>('rollout.thresholds', {})).window).toBe(30)
})

test("a report's draft names the production version that wrote it, on the report page", async ({ page }) => {
  const msg = oru({ controlId: 'RO1', mrn: 'ROP1', observedAt: '20260301080000', results: [{ code: '2823-3', display: 'Potassium', value: '4.1', unit: 'mmol/L', range: '3.5-5.1' }] })
  const imported = await api<{ results: { reportIds: number[] }[] }>('import.files', { files: [{ name: 'ro1.hl7', contentBase64: Buffer.from(msg).toString('base64') }] })
  const reportId = imported.results[0]!.reportIds[0]!
  // After the rollback above "plain" is production again and its configuration is the engine's; the canary is gone.
  const draft = await api<{ provenance: { modelVersion?: { name: string } } }>('interpret.report', { reportId, jobId: 'e2e-rollout' })
  expect(draft.provenance.modelVersion?.name).toBe('plain')
  await gotoSignedIn(page, app, `#/reports/${reportId}`)
  await expect(page.getByTestId('draft-model-version')).toHaveText('plain')
})
