// E2E: users, roles and sessions in Chromium via `readout serve`: the first administrator is created on the first-run
// screen, the Users page adds a technician, a clinician signs in, a technician does not see administrators' pages, and
// the inactivity lock replaces an open report with the lock screen until the password is entered.
import { expect, test, type Page } from '@playwright/test'
import { oru } from '../helpers/hl7'
import { signInOnScreen } from '../helpers/e2eSession'
import { startServe, type ServedApp } from '../helpers/serve'

const ADMIN = { username: 'boss', displayName: 'Dr Boss', password: 'granite willow canyon 3' }
const CLINICIAN = { username: 'nina', displayName: 'Dr Nina Ode', password: 'saffron tunnel pebble 8' }
const TECHNICIAN = { username: 'tom', displayName: 'Tom Tech', password: 'copper maple rocket 5' }

let app: ServedApp
test.describe.configure({ mode: 'serial' })
test.beforeAll(async () => {
  app = await startServe([], { firstAdmin: false })
})
test.afterAll(async () => {
  await app.stop()
})

/** A contract call over HTTP as a signed-in user (the API, not the page), for setup the page does not need to show. */
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

const nav = (page: Page) => page.getByRole('navigation', { name: 'Main navigation' })

async function signOut(page: Page): Promise<void> {
  await page.getByTestId('user-menu').click()
  await page.getByRole('menuitem', { name: 'Sign out' }).click()
  await expect(page.getByTestId('sign-in')).toBeVisible()
}

test('first run: the app asks for the first administrator, who then adds a technician on the Users page', async ({ page }) => {
  await page.goto(app.url)
  await expect(page.getByTestId('first-run')).toBeVisible()
  await page.getByLabel('Username').fill(ADMIN.username)
  await page.getByLabel('Display name').fill(ADMIN.displayName)
  await page.getByLabel('New password').fill('too short')
  await expect(page.getByText('The password needs at least 15 characters')).toBeVisible()
  await expect(page.getByRole('button', { name: 'Create administrator' })).toBeDisabled()
  await page.getByLabel('New password').fill(ADMIN.password)
  await page.getByLabel('Repeat the password').fill(ADMIN.password)
  await page.getByRole('button', { name: 'Create administrator' }).click()

  await expect(page.getByTestId('user-menu')).toHaveText(ADMIN.displayName)
  await nav(page).getByRole('link', { name: 'Users' }).click()
  await expect(page.getByTestId('user-boss')).toContainText('(you)')

  const form = page.getByTestId('add-user')
  await form.getByLabel('Username').fill(TECHNICIAN.username)
  await form.getByLabel('Display name').fill(TECHNICIAN.displayName)
  await form.getByRole('checkbox', { name: 'Technician' }).check()
  await form.getByRole('checkbox', { name: 'Clinician' }).uncheck()
  await form.getByLabel('First password').fill(TECHNICIAN.password)
  await form.getByLabel('Repeat the password').fill(TECHNICIAN.password)
  await form.getByLabel('Must choose a new password at first sign-in').uncheck()
  await form.getByRole('button', { name: 'Add user' }).click()
  const row = page.getByTestId('user-tom')
  await expect(row).toContainText(TECHNICIAN.displayName)
  await expect(row.getByRole('checkbox', { name: 'Technician' })).toBeChecked()
  await expect(row.getByRole('checkbox', { name: 'Admin' })).not.toBeChecked()
  await signOut(page)
})

test('a clinician signs in and sees the clinical pages, not the administrators\'', async ({ page }) => {
  const admin = await apiSignIn(ADMIN.username, ADMIN.password)
  await rpcAs(admin, 'users.create', { ...CLINICIAN, roles: ['clinician'], mustChangePassword: false })
  await page.goto(app.url)
  await signInOnScreen(page, CLINICIAN.username, 'not the right password')
  await expect(page.getByRole('alert')).toContainText('Wrong username or password.')
  await signInOnScreen(page, CLINICIAN.username, CLINICIAN.password)
  await expect(page.getByTestId('user-menu')).toHaveText(CLINICIAN.displayName)
  await expect(page.getByRole('heading', { name: 'Worklist', level: 2 })).toBeVisible()
  await expect(nav(page).getByRole('link')).toHaveText(['Worklist', 'Import', 'Models'])
})

test('a technician does not see the administrators\' pages, and the server refuses their calls too', async ({ page }) => {
  await page.goto(app.url)
  await signInOnScreen(page, TECHNICIAN.username, TECHNICIAN.password)
  await expect(page.getByTestId('user-menu')).toHaveText(TECHNICIAN.displayName)
  await expect(nav(page).getByRole('link')).toHaveText(['Worklist', 'Import', 'Models'])
  await page.goto(`${app.origin}/#/users`)
  await expect(page.getByText('Not available to you')).toBeVisible()
  await expect(page.getByTestId('users-table')).toHaveCount(0)
  // The page's own session cookie, through the contract: the handler refuses, whatever the UI shows.
  const res = await page.request.post(`${app.origin}/rpc/users.list`, { headers: { Authorization: `Bearer ${app.token}`, 'Content-Type': 'application/json' }, data: {} })
  expect(await res.json()).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
})

test('the inactivity lock replaces an open report with the lock screen; unlocking brings it back', async ({ page }) => {
  const admin = await apiSignIn(ADMIN.username, ADMIN.password)
  const clinician = await apiSignIn(CLINICIAN.username, CLINICIAN.password)
  const hl7 = oru({ controlId: 'LOCK1', mrn: 'MRN-LOCK', results: [{ code: '2823-3', display: 'Potassium', value: '6.9', unit: 'mmol/L', range: '3.5-5.1', flag: 'HH' }] })
  const imported = await rpcAs<{ results: { reportIds: number[] }[] }>(clinician, 'import.files', { files: [{ name: 'k.hl7', contentBase64: Buffer.from(hl7).toString('base64') }] })
  const reportId = imported.results[0]!.reportIds[0]!
  // A few seconds instead of 10 minutes; long enough for a slow machine to open the report first.
  await rpcAs(admin, 'settings.set', { key: 'auth.idleLockSeconds', value: 10 })

  await page.goto(app.url)
  await signInOnScreen(page, CLINICIAN.username, CLINICIAN.password)
  await page.goto(`${app.origin}/#/reports/${reportId}`)
  await expect(page.getByTestId('report-patient')).toBeVisible()

  // No input for the configured 10 seconds.
  await expect(page.getByTestId('lock-screen')).toBeVisible({ timeout: 25_000 })
  await expect(page.getByTestId('report-view')).toHaveCount(0)
  await expect(page.getByTestId('report-patient')).toHaveCount(0)
  await expect(page.getByTestId('lock-screen')).toContainText(`Locked for ${CLINICIAN.displayName}`)
  // The server holds the lock too: the page's session gets no clinical data.
  const res = await page.request.post(`${app.origin}/rpc/reports.get`, { headers: { Authorization: `Bearer ${app.token}`, 'Content-Type': 'application/json' }, data: { id: reportId } })
  expect(await res.json()).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })

  await page.getByLabel(/^Password/).fill('wrong password again')
  await page.getByRole('button', { name: 'Unlock' }).click()
  await expect(page.getByRole('alert')).toContainText('Wrong password.')
  await page.getByLabel(/^Password/).fill(CLINICIAN.password)
  await page.getByRole('button', { name: 'Unlock' }).click()
  await expect(page.getByTestId('report-view')).toBeVisible()
  // The administrator's API session was idle as long and is locked too: sign in afresh to restore the setting.
  await rpcAs(await apiSignIn(ADMIN.username, ADMIN.password), 'settings.set', { key: 'auth.idleLockSeconds', value: 600 })
})

test('switch user from the lock screen: another person signs in without closing the app', async ({ page }) => {
  await page.goto(app.url)
  await signInOnScreen(page, CLINICIAN.username, CLINICIAN.password)
  await page.getByTestId('user-menu').click()
  await page.getByRole('menuitem', { name: 'Lock' }).click()
  await expect(page.getByTestId('lock-screen')).toBeVisible()
  await page.getByRole('button', { name: 'Switch user' }).click()
  await signInOnScreen(page, TECHNICIAN.username, TECHNICIAN.password, 'Switch user')
  await expect(page.getByTestId('user-menu')).toHaveText(TECHNICIAN.displayName)
})
