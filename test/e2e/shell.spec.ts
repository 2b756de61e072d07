// E2E: the app shell served by `readout serve`, in Chromium: navigation, empty states, status panel.
import { expect, test } from '@playwright/test'
import { startServe, type ServedApp } from '../helpers/serve'
import { gotoSignedIn } from '../helpers/e2eSession'

let app: ServedApp

test.beforeAll(async () => {
  app = await startServe()
})
test.afterAll(async () => {
  await app.stop()
})

test('the printed URL opens the app shell; every page is reachable', async ({ page }) => {
  await gotoSignedIn(page, app)
  await expect(page.getByRole('heading', { name: 'Readout', level: 3 })).toBeVisible()
  // The token moved from the URL into a cookie.
  expect(page.url()).not.toContain('token=')

  const pages = ['Worklist', 'Import', 'Models', 'Export', 'Evaluation', 'Settings', 'Audit', 'Users']
  const nav = page.getByRole('navigation', { name: 'Main navigation' })
  for (const name of pages) {
    await nav.getByRole('link', { name }).click()
    await expect(page.getByRole('heading', { name, level: 2 })).toBeVisible()
    expect(page.url()).toContain(`#/${name.toLowerCase()}`)
  }
  // Empty pages say what to do next.
  await nav.getByRole('link', { name: 'Worklist' }).click()
  await expect(page.getByTestId('empty-state')).toContainText('Import')
})

test('the status panel shows the real schema version and data folder', async ({ page }) => {
  await gotoSignedIn(page, app)
  await page.getByRole('button', { name: 'About and status' }).click()
  await expect(page.getByTestId('status-data-dir')).toHaveText(app.dataDir)
  const schema = await page.getByTestId('status-schema-version').textContent()
  expect(Number(schema)).toBeGreaterThanOrEqual(1)
  // Same number the CLI reports for this folder.
  const res = await page.request.post(`${app.origin}/rpc/app.info`, {
    headers: { Authorization: `Bearer ${app.token}`, 'Content-Type': 'application/json' },
    data: {},
  })
  const body = (await res.json()) as { ok: boolean; value: { schemaVersion: number } }
  expect(body.value.schemaVersion).toBe(Number(schema))
})

test('theme toggle switches to dark and back', async ({ page }) => {
  await gotoSignedIn(page, app)
  const html = page.locator('html')
  await expect(html).toHaveAttribute('data-mantine-color-scheme', 'light')
  await page.getByRole('button', { name: 'Toggle colour theme' }).click()
  await expect(html).toHaveAttribute('data-mantine-color-scheme', 'dark')
})

test('a request without the token gets 401', async ({ request }) => {
  const res = await request.get(`${app.origin}/`)
  expect(res.status()).toBe(401)
})
