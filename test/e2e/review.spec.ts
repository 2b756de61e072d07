// E2E: a whole clinical review in Chromium via `readout serve`: the first administrator is created on the first-run
// screen and adds a clinician; the clinician imports, opens the top worklist item, has the test model draft it, then
// reviews with the keyboard only (accept, edit with a reason, reject, add), sees the diff, signs with the password; the
// worklist shows it signed, the print view names signer and model, the inactivity lock hides the report, and the Audit
// page lists the review events with a verified chain.
import { expect, test, type Page } from '@playwright/test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ReportDetail } from '../../src/shared/contract/reports'
import type { ReviewState } from '../../src/shared/contract/review'
import { signInOnScreen } from '../helpers/e2eSession'
import { startServe, type ServedApp } from '../helpers/serve'
import { makeTestModels } from '../helpers/testModels'

// Numbat: potassium 6.8 mmol/L (critical, HH) and sodium; Bilby: potassium 4.2 mmol/L.
const FIXTURE = join(__dirname, 'fixtures', 'potassium-critical-and-normal.hl7')
// The tiny model writes a few tokens a second on a busy CPU; a draft can take a minute or two.
const GENERATION_MS = 240_000
const ADMIN = { username: 'chief', displayName: 'Dr Chief Admin', password: 'lantern orchard gravel 61' }
const CLINICIAN = { username: 'drlee', displayName: 'Dr Lee Reviewer', password: 'meadow copper violin 27' }

let app: ServedApp
let scratch: string
let paths: { base: string; adapter: string }
test.describe.configure({ mode: 'serial' })
test.beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'readout-e2e-review-'))
  // Before any connection is open: generating the models blocks this process for a while (an idle keep-alive socket
  // would be closed by the server meanwhile).
  paths = makeTestModels(join(scratch, 'models'))
  app = await startServe([], { firstAdmin: false })
})
test.afterAll(async () => {
  await app.stop()
  rmSync(scratch, { recursive: true, force: true })
})

async function apiSignIn(username: string, password: string): Promise<string> {
  const res = await fetch(`${app.origin}/rpc/auth.signIn`, { method: 'POST', headers: app.headers(), body: JSON.stringify({ username, password }) })
  const body = (await res.json()) as { ok: boolean; error?: { message: string } }
  if (!body.ok) throw new Error(`sign-in failed: ${body.error?.message}`)
  return res.headers.get('set-cookie')!.split(';')[0]!
}
async function rpcAs<T>(cookie: string, method: string, input: unknown): Promise<T> {
  const res = await fetch(`${app.origin}/rpc/${method}`, { method: 'POST', headers: { ...app.headers(), Cookie: cookie }, body: JSON.stringify(input) })
  const body = (await res.json()) as { ok: true; value: T } | { ok: false; error: { code: string; message: string } }
  if (!body.ok) throw new Error(`${method}: ${body.error.code} ${body.error.message}`)
  return body.value
}
/** A contract call with the page's own session (the signed-in clinician). */
async function rpcOnPage<T>(page: Page, method: string, input: unknown): Promise<T> {
  const res = await page.request.post(`${app.origin}/rpc/${method}`, { headers: { Authorization: `Bearer ${app.token}`, 'Content-Type': 'application/json' }, data: input })
  const body = (await res.json()) as { ok: true; value: T } | { ok: false; error: { code: string; message: string } }
  if (!body.ok) throw new Error(`${method}: ${body.error.code} ${body.error.message}`)
  return body.value
}

const nav = (page: Page) => page.getByRole('navigation', { name: 'Main navigation' })
const selectedCard = (page: Page) => page.locator('[data-testid="review-finding"][aria-current="true"]')

let reportId = 0

test('first run, then a clinician reviews a model draft with the keyboard only and signs it', async ({ page }) => {
  test.setTimeout(GENERATION_MS + 240_000)
  // First run: the app asks for the first administrator.
  await page.goto(app.url)
  await expect(page.getByTestId('first-run')).toBeVisible()
  await page.getByLabel('Username').fill(ADMIN.username)
  await page.getByLabel('Display name').fill(ADMIN.displayName)
  await page.getByLabel('New password').fill(ADMIN.password)
  await page.getByLabel('Repeat the password').fill(ADMIN.password)
  await page.getByRole('button', { name: 'Create administrator' }).click()
  await expect(page.getByTestId('user-menu')).toHaveText(ADMIN.displayName)

  // The administrator adds the clinician and configures the test model (ML/admin work, through the API).
  const admin = await apiSignIn(ADMIN.username, ADMIN.password)
  await rpcAs(admin, 'users.create', { ...CLINICIAN, roles: ['clinician'], mustChangePassword: false })
  const model = await rpcAs<{ id: number }>(admin, 'models.add', { path: paths.base })
  // With the test adapter at scale 1 and temperature 0, the random-weights model drafts three findings for this report
  // (found by trying; the review below copes with any count, acting on added findings where the draft has too few).
  const adapter = await rpcAs<{ id: number }>(admin, 'models.add', { path: paths.adapter })
  await rpcAs(admin, 'models.use', { baseModelId: model.id, adapters: [{ modelId: adapter.id, scale: 1 }] })
  await rpcAs(admin, 'models.configure', { maxTokens: 2000, temperature: 0 })
  await page.getByTestId('user-menu').click()
  await page.getByRole('menuitem', { name: 'Sign out' }).click()

  // The clinician signs in, imports, and opens the top worklist item (the critical potassium: triaged first).
  await signInOnScreen(page, CLINICIAN.username, CLINICIAN.password)
  await expect(page.getByTestId('user-menu')).toHaveText(CLINICIAN.displayName)
  await nav(page).getByRole('link', { name: 'Import' }).click()
  await page.getByTestId('import-file-input').setInputFiles([FIXTURE])
  await expect(page.getByTestId('count-imported')).toHaveText('2 imported')
  await nav(page).getByRole('link', { name: /Worklist/ }).click()
  const top = page.getByTestId('worklist-row').first()
  await expect(top.getByTestId('review-status')).toHaveText('New')
  await top.click()
  await expect(page.getByTestId('report-patient')).toContainText(/numbat/i)
  reportId = Number(/reports\/(\d+)/.exec(page.url())?.[1])
  expect(reportId).toBeGreaterThan(0)

  // The test model drafts it.
  await page.getByTestId('draft-panel').getByRole('button', { name: 'Generate draft' }).click()
  await expect(page.getByTestId('draft-view')).toBeVisible({ timeout: GENERATION_MS })
  await page.getByTestId('open-review').click()
  await expect(page.getByTestId('review-workspace')).toBeVisible()
  await expect(page.getByTestId('draft-label')).toBeVisible()
  const state = await rpcOnPage<ReviewState>(page, 'review.get', { reportId })
  const report = await rpcOnPage<ReportDetail>(page, 'reports.get', { id: reportId })
  const potassium = report.observations.find((o) => o.code === '2823-3' || /potassium/i.test(o.display ?? ''))!
  const n = state.base.content?.findings.length ?? 0
  console.log(`the test model's draft has ${n} findings`)
  const cards = page.getByTestId('review-finding')
  await expect(cards).toHaveCount(n)

  // Keyboard only from here. Focus is on the first finding.
  const plan: ('accept' | 'edit' | 'reject')[] = ['accept', 'edit', 'reject']
  for (let i = 0; i < n; i++) {
    const action = plan[i] ?? 'accept'
    await expect(selectedCard(page)).toHaveAttribute('data-review-row', `d${i}`)
    await expect(selectedCard(page)).toBeFocused()
    if (action === 'accept') {
      await page.keyboard.press('a')
    } else if (action === 'edit') {
      await page.keyboard.press('e')
      await expect(page.getByTestId('editor-statement')).toBeFocused()
      await page.keyboard.press('Control+a')
      await page.keyboard.type('Potassium 6.8 mmol/L is critical.')
      await page.keyboard.press('Control+Enter')
      await expect(page.getByTestId('reason-picker-body')).toBeVisible()
      await page.keyboard.press('8') // terminology or style
      await expect(page.getByTestId('reason-comment')).toBeFocused()
      await page.keyboard.type('names the value')
      await page.keyboard.press('Enter')
    } else {
      await page.keyboard.press('r')
      await expect(page.getByTestId('reason-picker-body')).toBeVisible()
      await page.keyboard.press('3') // invented or wrong value
      await page.keyboard.press('Enter')
    }
    await expect(page.getByTestId('reason-picker-body')).toHaveCount(0)
    await expect(cards.nth(i)).toHaveAttribute('data-decision', action)
  }
  if (n >= 2) await expect(cards.nth(1).getByTestId('review-finding-reason')).toHaveText('Terminology or style — names the value')
  if (n >= 3) await expect(cards.nth(2).getByTestId('review-finding-reason')).toHaveText('Invented or wrong value')

  // A finding the draft missed: n, the form, Ctrl+Enter, the reason picker comes with "missed finding" chosen.
  await page.keyboard.press('n')
  await expect(page.getByTestId('editor-statement')).toBeFocused()
  await page.keyboard.type('Critical hyperkalaemia: repeat potassium now.')
  await page.keyboard.press('Tab')
  await page.keyboard.press('c') // severity: critical
  await page.keyboard.press('Tab')
  await page.keyboard.type('Repeat sample and ECG')
  await page.keyboard.press('Tab')
  await page.keyboard.type(`O${potassium.id}`)
  await page.keyboard.press('Control+Enter')
  await expect(page.getByRole('radio', { name: /Missed finding/ })).toHaveAttribute('aria-checked', 'true')
  await page.keyboard.press('Enter')
  await expect(cards).toHaveCount(n + 1)
  await expect(cards.nth(n)).toHaveAttribute('data-decision', 'add')
  await expect(cards.nth(n).getByTestId('review-finding-statement')).toHaveText('Critical hyperkalaemia: repeat potassium now.')

  // A draft with fewer than three findings: the edit and the removal act on added findings instead.
  if (n < 2) {
    await page.keyboard.press('e')
    await expect(page.getByTestId('editor-statement')).toBeFocused()
    await page.keyboard.press('End')
    await page.keyboard.type(' Potassium 6.8 mmol/L.')
    await page.keyboard.press('Control+Enter')
    await expect(page.getByTestId('reason-picker-body')).toBeVisible()
    await page.keyboard.press('1')
    await page.keyboard.press('Enter')
    await expect(cards.nth(n).getByTestId('review-finding-statement')).toHaveText('Critical hyperkalaemia: repeat potassium now. Potassium 6.8 mmol/L.')
  }
  if (n < 3) {
    // Each step waits for what the key opens: keys pressed before the editor has focus would act as shortcuts.
    await page.keyboard.press('n')
    await expect(page.getByTestId('editor-statement')).toBeFocused()
    await page.keyboard.type('A finding to take back')
    await page.keyboard.press('Control+Enter')
    await expect(page.getByRole('radio', { name: /Missed finding/ })).toHaveAttribute('aria-checked', 'true')
    await page.keyboard.press('Enter')
    await expect(cards).toHaveCount(n + 2)
    await expect(selectedCard(page)).toHaveAttribute('data-review-row', 'a1')
    await page.keyboard.press('r')
    await expect(cards).toHaveCount(n + 1)
  }

  // The `?` list.
  await page.keyboard.press('?')
  await expect(page.getByTestId('review-shortcuts')).toContainText('Ctrl+Enter')
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('review-shortcuts')).toHaveCount(0)

  // Autosaved; the diff shows the draft against the version to be signed.
  await expect(page.getByTestId('autosave-status')).toHaveAttribute('data-status', 'saved', { timeout: 15_000 })
  const diff = page.getByTestId('review-diff')
  await expect(diff.locator('[data-testid="diff-finding"][data-change="added"]')).toHaveCount(1)
  if (n >= 2) await expect(diff.locator('[data-testid="diff-finding"][data-change="edited"]')).toHaveCount(1)
  if (n >= 2) await expect(diff.getByTestId('diff-added').first()).toBeVisible()
  if (n >= 3) await expect(diff.locator('[data-testid="diff-finding"][data-change="removed"]')).toHaveCount(1)

  // Ctrl+Enter opens the signature dialog; nothing signs until the password is entered.
  await page.getByTestId('review-finding').first().focus()
  await page.keyboard.press('Control+Enter')
  const dialog = page.getByTestId('sign-dialog')
  await expect(page.getByTestId('sign-meaning')).toHaveText('reviewed and approved')
  await expect(page.getByTestId('sign-name')).toHaveText(CLINICIAN.displayName)
  expect((await rpcOnPage<ReviewState>(page, 'review.get', { reportId })).status).toBe('in_review')
  if (await page.getByTestId('sign-issues').isVisible()) {
    await expect(page.getByTestId('sign-acknowledgement')).toBeFocused()
    await page.keyboard.type('Checked against the report; the cited values stand.')
    await page.keyboard.press('Tab')
  }
  await expect(page.getByTestId('sign-password').locator('input').or(page.locator('input[data-testid="sign-password"]')).first()).toBeFocused()
  await page.keyboard.type(CLINICIAN.password)
  await page.keyboard.press('Enter')
  await expect(dialog).toHaveCount(0)
  await expect(page.getByTestId('signed-view')).toBeVisible()
  await expect(page.getByTestId('signature-name')).toHaveText(CLINICIAN.displayName)
  await expect(page.getByTestId('signature-meaning')).toHaveText('reviewed and approved')
  await expect(page.getByTestId('signature-hash')).toHaveText(/^[0-9a-f]{64}$/)
  const signed = await rpcOnPage<ReviewState>(page, 'review.get', { reportId })
  expect(signed.status).toBe('signed')
  expect(signed.base.content?.findings.map((f) => f.statement)).toContainEqual(expect.stringMatching(/^Critical hyperkalaemia: repeat potassium now\./))

  // The print view: signed interpretation, signer, and the model it was drafted with.
  await page.getByTestId('print-link').click()
  await expect(page.getByTestId('print-view')).toBeVisible()
  await expect(page.getByTestId('print-provenance')).toContainText(`reviewed by ${CLINICIAN.displayName}`)
  await expect(page.getByTestId('print-provenance')).toContainText('Drafted with model')
  await expect(page.getByTestId('print-label')).toHaveCount(0)

  // The worklist shows it signed, and the navigation counts it.
  await nav(page).getByRole('link', { name: /Worklist/ }).click()
  await expect(page.locator(`[data-testid="worklist-row"][data-report-id="${reportId}"]`).getByTestId('review-status')).toHaveText('Signed')
  await expect(page.getByTestId('nav-count-signed')).toHaveText('1')
})

test('the inactivity lock hides the review; the Audit page lists the review events and a verified chain', async ({ page }) => {
  const admin = await apiSignIn(ADMIN.username, ADMIN.password)
  await rpcAs(admin, 'settings.set', { key: 'auth.idleLockSeconds', value: 10 })
  await page.goto(app.url)
  await signInOnScreen(page, CLINICIAN.username, CLINICIAN.password)
  await page.goto(`${app.origin}/#/review/${reportId}`)
  await expect(page.getByTestId('signed-view')).toBeVisible()
  await expect(page.getByTestId('lock-screen')).toBeVisible({ timeout: 25_000 })
  await expect(page.getByTestId('review-view')).toHaveCount(0)
  await expect(page.getByTestId('report-patient')).toHaveCount(0)
  await rpcAs(await apiSignIn(ADMIN.username, ADMIN.password), 'settings.set', { key: 'auth.idleLockSeconds', value: 600 })

  // The administrator takes over the workstation and checks the audit trail.
  await page.getByRole('button', { name: 'Switch user' }).click()
  await signInOnScreen(page, ADMIN.username, ADMIN.password, 'Switch user')
  await nav(page).getByRole('link', { name: 'Audit' }).click()
  await expect(page.getByTestId('audit-verify-result')).toContainText('Chain intact')
  const table = page.getByTestId('audit-table')
  for (const action of ['interpretation.generated', 'review.save', 'review.sign', 'auth.lock']) {
    await expect(table.getByText(action, { exact: true }).first()).toBeVisible()
  }
})

test('two tabs write the same interpretation from scratch: the second save is refused with who saved, and its edits are kept', async ({ browser }) => {
  const tabs = [await (await browser.newContext()).newPage(), await (await browser.newContext()).newPage()] as const
  for (const tab of tabs) {
    await tab.goto(app.url)
    await signInOnScreen(tab, CLINICIAN.username, CLINICIAN.password)
    await expect(tab.getByTestId('user-menu')).toHaveText(CLINICIAN.displayName)
  }
  const list = await rpcOnPage<{ items: { id: number; patientName: string }[] }>(tabs[0], 'reports.list', {})
  const bilby = list.items.find((r) => /bilby/i.test(r.patientName))!.id
  for (const tab of tabs) {
    await tab.goto(`${app.origin}/#/review/${bilby}`)
    await expect(tab.getByTestId('review-no-draft')).toBeVisible()
  }
  const addFinding = async (tab: Page, statement: string) => {
    await tab.getByTestId('review-findings').getByRole('button', { name: 'Add finding (n)' }).focus()
    await tab.keyboard.press('n')
    await expect(tab.getByTestId('editor-statement')).toBeFocused()
    await tab.keyboard.type(statement)
    await tab.keyboard.press('Control+Enter')
    await tab.keyboard.press('Enter')
  }
  await addFinding(tabs[0], 'Potassium normal.')
  await expect(tabs[0].getByTestId('autosave-status')).toHaveAttribute('data-status', 'saved', { timeout: 15_000 })
  await expect.poll(async () => (await rpcOnPage<ReviewState>(tabs[0], 'review.get', { reportId: bilby })).rowVersion).toBeGreaterThan(0)

  await addFinding(tabs[1], 'Potassium within range.')
  const conflict = tabs[1].getByTestId('review-conflict')
  await expect(conflict).toContainText(`${CLINICIAN.displayName} saved this report at`, { timeout: 15_000 })
  await expect(conflict).toContainText('your edits are kept below')
  await expect(tabs[1].getByTestId('review-finding-statement')).toHaveText(['Potassium within range.'])
  // Nothing was overwritten: the saved copy is the first tab's.
  const saved = await rpcOnPage<ReviewState>(tabs[1], 'review.get', { reportId: bilby })
  expect(saved.working?.content.findings.map((f) => f.statement)).toEqual(['Potassium normal.'])

  await tabs[1].getByTestId('review-reload').click()
  await expect(tabs[1].getByTestId('review-kept')).toContainText('Potassium within range.')
  await expect(tabs[1].getByTestId('review-finding-statement')).toHaveText(['Potassium normal.'])
  expect((await rpcOnPage<ReviewState>(tabs[1], 'review.get', { reportId: bilby })).keptEdits).toHaveLength(1)
  // Closing the list says the edits were dealt with: the server forgets them with the next save.
  await tabs[1].getByTestId('review-kept').getByRole('button').click()
  await expect(tabs[1].getByTestId('review-kept')).toHaveCount(0)
  await expect.poll(async () => (await rpcOnPage<ReviewState>(tabs[1], 'review.get', { reportId: bilby })).keptEdits.length).toBe(0)
  for (const tab of tabs) await tab.context().close()
})
