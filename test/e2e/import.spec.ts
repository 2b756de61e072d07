// E2E: import HL7 files on the Import page, see progress and results, open a report (values, flag, raw source,
// trend), open the quarantined input, and find the reports on the worklist by search and keyboard.
import { expect, test } from '@playwright/test'
import { join } from 'node:path'
import { startServe, type ServedApp } from '../helpers/serve'
import { gotoSignedIn } from '../helpers/e2eSession'

const FIXTURES = join(__dirname, 'fixtures')
const POTASSIUM = join(FIXTURES, 'potassium-two-messages.hl7')
const BROKEN = join(FIXTURES, 'broken-msh.hl7')
const OTHER_PATIENT = join(FIXTURES, 'sodium-other-patient.hl7')

let app: ServedApp

// The tests build on each other's imports in one data folder.
test.describe.configure({ mode: 'serial' })

test.beforeAll(async () => {
  app = await startServe()
})
test.afterAll(async () => {
  await app.stop()
})

test('importing two messages and a broken file shows progress, results, the report and the quarantine', async ({ page }) => {
  await gotoSignedIn(page, app)
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Import' }).click()
  await expect(page.getByRole('heading', { name: 'Import', level: 2 })).toBeVisible()

  await page.getByTestId('import-file-input').setInputFiles([POTASSIUM, BROKEN])
  await expect(page.getByTestId('import-progress')).toBeVisible()
  await expect(page.getByTestId('import-progress')).toHaveAttribute('data-done', 'true')
  await expect(page.getByTestId('count-imported')).toHaveText('2 imported')
  await expect(page.getByTestId('count-quarantined')).toHaveText('1 quarantined')

  const results = page.getByTestId('import-results-table')
  await expect(results.locator('tbody tr')).toHaveCount(3)
  const brokenRow = results.locator('tbody tr', { hasText: 'broken-msh.hl7' })
  await expect(brokenRow.getByTestId('outcome-badge')).toHaveText('Quarantined')
  await expect(brokenRow.getByTestId('import-error')).toContainText('MSH')
  await expect(page.getByTestId('quarantine-table').locator('tbody tr')).toHaveCount(1)

  // The second message carries potassium 6.8 flagged HH.
  const second = results.locator('tbody tr', { hasText: 'potassium-two-messages.hl7' }).filter({ has: page.getByRole('cell', { name: '2', exact: true }) })
  await second.getByRole('link', { name: /^Report \d+$/ }).click()
  await expect(page).toHaveURL(/#\/reports\/\d+$/)
  await expect(page.getByTestId('report-patient')).toContainText(/quokka/i)
  const row = page.getByTestId('observation-row').filter({ hasText: 'Potassium' })
  await expect(row.getByTestId('observation-value')).toHaveText('6.8 mmol/L')
  await expect(row.getByTestId('device-flag')).toHaveText('HH')
  await expect(row.getByTestId('device-flag')).toHaveAttribute('data-severity', 'critical')
  await expect(page.getByTestId('raw-source-text')).toContainText('MSH|')
  await expect(page.getByTestId('raw-source-text')).toContainText('6.8')
  // Two potassium values for this patient: a trend chart with both.
  const chart = page.getByTestId('trend-chart')
  await expect(chart).toHaveCount(1)
  await expect(chart.locator('.recharts-line-curve')).toBeVisible()
  await expect(page.getByTestId('trend-card')).toContainText('2 values')

  // Escape goes back to where the report was opened from.
  await page.keyboard.press('Escape')
  await expect(page.getByRole('heading', { name: 'Import', level: 2 })).toBeVisible()
  await expect(page.getByTestId('count-imported')).toHaveText('2 imported')

  await page.getByTestId('quarantine-table').getByRole('link').first().click()
  await expect(page).toHaveURL(/#\/quarantine\/\d+$/)
  await expect(page.getByTestId('quarantine-error')).toContainText('MSH')
  await expect(page.getByTestId('quarantine-raw')).toContainText('MSH|^^~')
})

test('the worklist lists the reports, search narrows by patient name, and the keyboard opens one', async ({ page }) => {
  await gotoSignedIn(page, app, `#/import`)
  await page.getByTestId('import-file-input').setInputFiles([OTHER_PATIENT])
  await expect(page.getByTestId('count-imported')).toHaveText('1 imported')

  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Worklist' }).click()
  await expect(page.getByRole('heading', { name: 'Worklist', level: 2 })).toBeVisible()
  const rows = page.getByTestId('worklist-row')
  await expect(rows).toHaveCount(3)
  await expect(page.getByTestId('worklist-total')).toHaveText('3 reports')
  await expect(rows.filter({ hasText: /quokka/i })).toHaveCount(2)
  await expect(page.getByTestId('key-hints')).toContainText('Enter')

  // "/" focuses the search box; typing filters (debounced) by patient name.
  await page.locator('body').click({ position: { x: 5, y: 5 } })
  await page.keyboard.press('/')
  const search = page.getByTestId('worklist-search')
  await expect(search).toBeFocused()
  await page.keyboard.type('Quokka')
  await expect(rows).toHaveCount(2)
  await expect(page.getByTestId('worklist-total')).toHaveText('2 reports match')
  await search.fill('Wombat')
  await expect(rows).toHaveCount(1)
  await expect(rows.first()).toContainText(/wombat/i)

  // Enter in the search box opens the selected (first) result; Escape returns with the search kept.
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(/#\/reports\/\d+$/)
  await expect(page.getByTestId('report-patient')).toContainText(/wombat/i)
  await page.keyboard.press('Escape')
  await expect(page.getByRole('heading', { name: 'Worklist', level: 2 })).toBeVisible()
  await expect(search).toHaveValue('Wombat')

  // j/k move the selection without a mouse; Enter opens.
  await search.fill('')
  await expect(rows).toHaveCount(3)
  await search.blur()
  await page.keyboard.press('j')
  await expect(rows.nth(1)).toHaveAttribute('aria-selected', 'true')
  await page.keyboard.press('k')
  await expect(rows.nth(0)).toHaveAttribute('aria-selected', 'true')
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(/#\/reports\/\d+$/)
})
