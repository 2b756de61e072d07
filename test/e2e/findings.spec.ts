// E2E: rule findings end to end: triage order and the critical finding on the worklist row, the Findings section with
// its basis and highlighted observation, then Settings → Rules: export, an invalid site file, activation and reset.
import { expect, test, type Page } from '@playwright/test'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { startServe, type ServedApp } from '../helpers/serve'
import { gotoSignedIn } from '../helpers/e2eSession'

// Two patients: Numbat has potassium 6.8 mmol/L (critical, device flag HH) on 2 March; Bilby 4.2 mmol/L on 5 March.
const FIXTURE = join(__dirname, 'fixtures', 'potassium-critical-and-normal.hl7')

const SITE_RULES = `# Ward site rules: potassium critical limits moved to < 2.5 / > 7.0 mmol/L.
version: "site-1"
name: E2E ward rules
rules:
  - id: potassium.critical
    title: Critical potassium (ward limits)
    kind: threshold
    applies_to:
      - { system: LOINC, code: 2823-3 }
    unit: mmol/L
    below: 2.5
    above: 7.0
    severity: critical
    supersedes: [lab.reference_range]
    message: "Potassium {value} {unit}: critical ({comparison} {threshold} {unit})."
    source: "Ward 3 critical-value policy (E2E)"
`

// "abov" is not a field: strict rule files refuse it with its line.
const BAD_RULES = `version: "site-bad"
name: Broken ward rules
rules:
  - id: potassium.critical
    title: Critical potassium
    kind: threshold
    applies_to:
      - { system: LOINC, code: 2823-3 }
    unit: mmol/L
    abov: 7.0
    severity: critical
    message: "Potassium {value} {unit}."
    source: "Nowhere"
`

const yamlFile = (name: string, text: string) => ({ name, mimeType: 'application/yaml', buffer: Buffer.from(text, 'utf8') })

let app: ServedApp

test.describe.configure({ mode: 'serial' })

test.beforeAll(async () => {
  app = await startServe()
})
test.afterAll(async () => {
  await app.stop()
})

async function openPage(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name }).click()
  await expect(page.getByRole('heading', { name, level: 2 })).toBeVisible()
}

test('the critical report leads the worklist with its finding on the row; the report shows the basis', async ({ page }) => {
  await gotoSignedIn(page, app, `#/import`)
  await page.getByTestId('import-file-input').setInputFiles([FIXTURE])
  await expect(page.getByTestId('count-imported')).toHaveText('2 imported')

  await openPage(page, 'Worklist')
  const rows = page.getByTestId('worklist-row')
  await expect(rows).toHaveCount(2)
  // Critical first, although its result is three days older.
  const first = rows.nth(0)
  await expect(first).toContainText(/numbat/i)
  await expect(first.getByTestId('severity-badge')).toHaveAttribute('data-severity', 'critical')
  await expect(first.getByTestId('severity-badge')).toHaveText('Critical')
  await expect(first.getByTestId('worklist-top-finding')).toBeVisible()
  await expect(first.getByTestId('worklist-top-finding')).toContainText('Potassium 6.8 mmol/L: critical (> 6.2 mmol/L)')
  await first.getByTestId('worklist-top-finding').hover()
  await expect(page.getByRole('tooltip')).toContainText('Potassium 6.8 mmol/L')
  // No rule fired for the normal result: an empty severity cell.
  await expect(rows.nth(1)).toContainText(/bilby/i)
  await expect(rows.nth(1).getByTestId('severity-badge')).toHaveCount(0)

  // Newest first puts the normal, newer report on top; critical first restores triage.
  const sort = page.getByTestId('worklist-sort')
  await sort.getByText('Newest first').click()
  await expect(rows.nth(0)).toContainText(/bilby/i)
  await sort.getByText('Critical first').click()
  await expect(rows.nth(0)).toContainText(/numbat/i)

  await rows.nth(0).click()
  await expect(page).toHaveURL(/#\/reports\/\d+$/)
  const findings = page.getByTestId('findings')
  await expect(findings).toContainText('not by the language model')
  await expect(page.getByTestId('findings-rule-set')).toContainText('rule set 2026.1')
  const finding = findings.locator('[data-testid="finding"][data-rule-id="potassium.critical"]')
  await expect(finding).toHaveAttribute('data-severity', 'critical')
  await expect(finding.getByTestId('finding-message')).toHaveText('Potassium 6.8 mmol/L: critical (> 6.2 mmol/L).')
  await expect(finding.getByTestId('finding-rule')).toContainText('Critical potassium')
  await expect(finding.getByTestId('finding-rule')).toContainText('potassium.critical')
  await expect(finding.getByTestId('finding-source')).toContainText('critical-value')
  await expect(finding.getByTestId('finding-values')).toContainText('value 6.8 mmol/L')
  await expect(finding.getByTestId('finding-values')).toContainText('threshold > 6.2 mmol/L')
  await expect(finding.getByTestId('device-flag')).toHaveText('HH')
  // The findings come before the observations.
  const findingsBox = await findings.boundingBox()
  const observationsBox = await page.getByTestId('observations').boundingBox()
  expect(findingsBox && observationsBox && findingsBox.y < observationsBox.y).toBe(true)

  // Hover highlights the observation the finding rests on; leaving clears it; a click keeps it.
  const potassium = page.getByTestId('observation-row').filter({ hasText: 'Potassium' })
  const sodium = page.getByTestId('observation-row').filter({ hasText: 'Sodium' })
  await expect(potassium).toHaveAttribute('data-highlighted', 'false')
  await finding.hover()
  await expect(potassium).toHaveAttribute('data-highlighted', 'true')
  await expect(sodium).toHaveAttribute('data-highlighted', 'false')
  await page.getByTestId('report-title').hover()
  await expect(potassium).toHaveAttribute('data-highlighted', 'false')
  await finding.click()
  await page.getByTestId('report-title').hover()
  await expect(potassium).toHaveAttribute('data-highlighted', 'true')
  await expect(finding).toHaveAttribute('aria-pressed', 'true')

  // The normal report: no rule fired, said with the rule set's version.
  await page.keyboard.press('Escape')
  await rows.filter({ hasText: /bilby/i }).click()
  await expect(page.getByTestId('findings-none')).toContainText('No rule fired for this report')
  await expect(page.getByTestId('findings-none')).toContainText('2026.1')
})

test('Settings → Rules exports the rules, refuses an invalid file with its line, and a site file re-triages the worklist', async ({ page }) => {
  await gotoSignedIn(page, app, `#/settings`)
  const rules = page.getByTestId('rules-settings')
  await expect(rules.getByTestId('rules-active-origin')).toHaveText('Shipped defaults')
  await expect(rules.getByTestId('rules-active-version')).toContainText('2026.1')

  const downloading = page.waitForEvent('download')
  await rules.getByRole('button', { name: 'Export rule file' }).click()
  const download = await downloading
  expect(download.suggestedFilename()).toMatch(/^readout-rules-2026\.1.*\.yaml$/)
  expect(readFileSync(await download.path(), 'utf8')).toContain('id: potassium.critical')

  const fileInput = page.getByTestId('rules-file-input')
  await fileInput.setInputFiles(yamlFile('broken.yaml', BAD_RULES))
  await expect(page.getByTestId('rules-file-errors')).toContainText('broken.yaml is not a valid rule file')
  await expect(page.getByTestId('rules-file-error').first()).toContainText(/line \d+, column \d+/)
  await expect(page.getByTestId('rules-file-error').filter({ hasText: 'line 10' })).toHaveCount(1)
  await expect(page.getByRole('button', { name: 'Activate and re-evaluate' })).toHaveCount(0)

  await fileInput.setInputFiles(yamlFile('ward.yaml', SITE_RULES))
  await expect(page.getByTestId('rules-file-errors')).toHaveCount(0)
  await expect(page.getByTestId('rules-file-valid')).toContainText('site-1')
  await page.getByRole('button', { name: 'Activate and re-evaluate' }).click()
  const summary = page.getByTestId('rules-run-summary')
  await expect(summary).toContainText(/Activated the site rule file \S*site-1/)
  await expect(summary).toContainText('Re-evaluated 2 reports')
  await expect(rules.getByTestId('rules-active-origin')).toHaveText('Site rule file')
  await expect(rules.getByTestId('rules-active-version')).toContainText('site-1')

  // 6.8 mmol/L is under the site's 7.0 limit: no longer critical, but still outside the lab's reference range.
  await openPage(page, 'Worklist')
  const numbat = page.getByTestId('worklist-row').filter({ hasText: /numbat/i })
  await expect(numbat.getByTestId('severity-badge')).toHaveAttribute('data-severity', 'abnormal')
  await expect(numbat.getByTestId('worklist-top-finding')).toContainText('reference range')
  await expect(page.locator('[data-testid="severity-badge"][data-severity="critical"]')).toHaveCount(0)
  // The report says that the device called it critical and the site's rule did not.
  await numbat.click()
  const site = page.locator('[data-testid="finding"][data-rule-id="potassium.critical"]')
  await expect(site.getByTestId('finding-disagreement')).toContainText('HH')
  await expect(site.getByTestId('finding-source')).toContainText('Ward 3 critical-value policy')
  await expect(page.getByTestId('findings-rule-set')).toContainText('site-1')

  // Re-evaluating with the same rules changes nothing; resetting (after a confirm step) brings the critical back.
  await openPage(page, 'Settings')
  await rules.getByRole('button', { name: 'Re-evaluate all reports' }).click()
  await expect(summary).toContainText('Re-evaluated with the active rules')
  await rules.getByRole('button', { name: 'Reset to defaults' }).click()
  await page.getByTestId('rules-reset-confirm').getByRole('button', { name: 'Reset and re-evaluate' }).click()
  await expect(summary).toContainText('Back to the shipped defaults')
  await expect(rules.getByTestId('rules-active-origin')).toHaveText('Shipped defaults')
  await openPage(page, 'Worklist')
  await expect(numbat.getByTestId('severity-badge')).toHaveAttribute('data-severity', 'critical')
})
