// E2E: the report view's blood-pressure panel computes its averages from the observations, so an HL7 report shows them too.
import { expect, test } from '@playwright/test'
import { join } from 'node:path'
import { gotoSignedIn } from '../helpers/e2eSession'
import { startServe, type ServedApp } from '../helpers/serve'

// One HL7 ORU reading: 185/125 mmHg, pulse 92 /min (a hypertensive crisis by the 2017 ACC/AHA categories).
const HL7 = join(__dirname, 'fixtures', 'bp-crisis.hl7')
// A home-monitor table with one reading whose systolic is not above its diastolic.
const CSV = join(__dirname, '..', 'fixtures', 'bp', 'separate-date-time-implausible.csv')

let app: ServedApp

test.describe.configure({ mode: 'serial' })

test.beforeAll(async () => {
  app = await startServe()
})
test.afterAll(async () => {
  await app.stop()
})

test('an HL7 blood-pressure report shows its averages and category beside the rule finding', async ({ page }) => {
  await gotoSignedIn(page, app, '#/import')
  await page.getByTestId('import-file-input').setInputFiles([HL7])
  await expect(page.getByTestId('count-imported')).toHaveText('1 imported')
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Worklist' }).click()
  await page.getByTestId('worklist-row').filter({ hasText: /wombat/i }).click()

  const panel = page.getByTestId('bp-panel')
  await expect(panel.locator('[data-stat="Average systolic"]')).toContainText('185')
  await expect(panel.locator('[data-stat="Average diastolic"]')).toContainText('125')
  await expect(panel.locator('[data-stat="Average pulse"]')).toContainText('92')
  await expect(panel.locator('[data-stat="Readings"]')).toContainText('1')
  await expect(panel.getByTestId('bp-category')).toHaveAttribute('data-category', 'crisis')
  await expect(page.locator('[data-testid="finding"][data-rule-id="bp.category"]').first().getByTestId('finding-message')).toContainText('185/125')
})

test('a home table with an implausible reading says it was left out of the averages', async ({ page }) => {
  await gotoSignedIn(page, app, '#/import')
  await page.getByTestId('import-file-input').setInputFiles([CSV])
  await expect(page.getByTestId('count-imported')).toHaveText('1 imported')
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Worklist' }).click()
  await page.getByTestId('worklist-row').filter({ hasText: /Home blood pressure/i }).click()

  const panel = page.getByTestId('bp-panel')
  await expect(panel.locator('[data-stat="Readings"]')).toContainText('3')
  await expect(panel.locator('[data-stat="Average systolic"]')).toContainText('128')
  await expect(panel.getByTestId('bp-excluded')).toHaveText('2 implausible reading(s) shown but left out of the averages.')
  // Flagged on the five values themselves (two pairs and one pulse), and on the two findings that left the pairs out.
  await expect(page.getByTestId('observations').getByTestId('device-flag').filter({ hasText: 'IMPLAUSIBLE' })).toHaveCount(5)
  await expect(page.getByTestId('findings').getByTestId('device-flag').filter({ hasText: 'IMPLAUSIBLE' })).toHaveCount(2)
})
