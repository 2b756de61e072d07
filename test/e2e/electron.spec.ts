// E2E in the real Electron shell; skipped, with the reason printed, where the Electron binary is not installed.
import { _electron as electron, expect, test } from '@playwright/test'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { REPO_ROOT } from '../helpers/serve'

function electronBinary(): string | null {
  try {
    // The electron package exports the binary's path, and throws when the download was skipped.
    const p = require('electron') as unknown
    return typeof p === 'string' && existsSync(p) ? p : null
  } catch {
    return null
  }
}

const binary = electronBinary()
if (!binary) {
  console.log('[electron.spec] SKIPPED: the Electron binary is not installed (ELECTRON_SKIP_BINARY_DOWNLOAD or no network); the same shell is tested in Chromium via `readout serve`.')
}

test.describe('Electron shell', () => {
  test.skip(!binary, 'Electron binary not installed')

  test('opens the hardened window and shows the shell with live status', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'readout-electron-'))
    const app = await electron.launch({ executablePath: binary!, args: [REPO_ROOT], env: { ...process.env, READOUT_DATA_DIR: dataDir } })
    try {
      const page = await app.firstWindow()
      // A new data folder has no accounts: the first administrator is created on the first-run screen.
      await page.getByLabel('Username').fill('admin')
      await page.getByLabel('Display name').fill('Admin')
      await page.getByLabel('New password').fill('plum kettle harbour 42')
      await page.getByLabel('Repeat the password').fill('plum kettle harbour 42')
      await page.getByRole('button', { name: 'Create administrator' }).click()
      await expect(page.getByRole('heading', { name: 'Readout', level: 3 })).toBeVisible()
      expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined')
      expect(await page.evaluate(() => Object.keys((window as unknown as { api: object }).api).sort())).toEqual(['call', 'subscribe'])
      expect(await page.evaluate(() => window.open('https://example.com') === null)).toBe(true)
      for (const name of ['Worklist', 'Settings', 'Audit', 'Users']) {
        await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name }).click()
        await expect(page.getByRole('heading', { name, level: 2 })).toBeVisible()
      }
      await page.getByRole('button', { name: 'About and status' }).click()
      await expect(page.getByTestId('status-data-dir')).toHaveText(dataDir)
    } finally {
      await app.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
