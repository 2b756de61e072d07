// Signing a Playwright page in for e2e specs: the administrator's session cookie from startServe is given to the
// page's browser context, so each test opens the app already signed in (auth.spec.ts tests the screens themselves).
import type { Page } from '@playwright/test'
import type { ServedApp } from './serve'

/** Opens the app at `hash` (e.g. '#/import') signed in as the administrator startServe created. */
export async function gotoSignedIn(page: Page, app: ServedApp, hash = ''): Promise<void> {
  if (!app.sessionCookie) throw new Error('startServe ran without a first administrator')
  const eq = app.sessionCookie.indexOf('=')
  await page.context().addCookies([
    { name: app.sessionCookie.slice(0, eq), value: app.sessionCookie.slice(eq + 1), domain: '127.0.0.1', path: '/', httpOnly: true, sameSite: 'Strict' },
  ])
  await page.goto(`${app.url}${hash}`)
}

/** Signs in on the sign-in screen (or the lock screen's "Switch user"), as a person would. */
export async function signInOnScreen(page: Page, username: string, password: string, button = 'Sign in'): Promise<void> {
  await page.getByLabel('Username').fill(username)
  await page.getByLabel(/^Password/).fill(password)
  await page.getByRole('button', { name: button }).click()
}
