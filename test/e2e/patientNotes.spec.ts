// E2E: notes on a patient from the report page: the empty state, adding with Ctrl+Enter, the note kept for the same
// patient's other report only, and a note marked as entered in error (kept, struck through).
import { expect, test } from '@playwright/test'
import { join } from 'node:path'
import { startServe, type ServedApp } from '../helpers/serve'
import { gotoSignedIn } from '../helpers/e2eSession'

// Two patients: Numbat (potassium 6.8 mmol/L) and Bilby (4.2 mmol/L).
const FIXTURE = join(__dirname, 'fixtures', 'potassium-critical-and-normal.hl7')

let app: ServedApp

test.beforeAll(async () => {
  app = await startServe()
})
test.afterAll(async () => {
  await app.stop()
})

test('a clinician adds a note on the patient, and marks one as entered in error', async ({ page }) => {
  await gotoSignedIn(page, app, `#/import`)
  await page.getByTestId('import-file-input').setInputFiles([FIXTURE])
  await expect(page.getByTestId('count-imported')).toHaveText('2 imported')
  await gotoSignedIn(page, app, `#/worklist`)
  const rows = page.getByTestId('worklist-row')
  await rows.filter({ hasText: /numbat/i }).click()

  const panel = page.getByTestId('patient-notes')
  await expect(panel.getByTestId('patient-notes-empty')).toHaveText('No notes yet.')
  await expect(panel.getByRole('button', { name: 'Add note' })).toBeDisabled()
  const box = panel.getByRole('textbox', { name: 'New note on this patient' })
  await box.fill('On ramipril since 2024.')
  await box.press('Control+Enter')
  const notes = panel.getByTestId('patient-note')
  await expect(notes).toHaveCount(1)
  await expect(notes.nth(0)).toContainText('On ramipril since 2024.')
  await expect(box).toHaveValue('')
  await box.fill('Wrong patient: dialysis Mon/Wed/Fri.')
  await panel.getByRole('button', { name: 'Add note' }).click()
  await expect(notes).toHaveCount(2)

  await notes.nth(1).getByRole('button', { name: 'Entered in error…' }).click()
  await notes.nth(1).getByRole('button', { name: 'Mark as entered in error' }).click()
  await expect(notes.nth(1)).toHaveAttribute('data-retracted', 'true')
  await expect(notes.nth(1)).toContainText('marked as entered in error')
  await expect(notes.nth(0)).toHaveAttribute('data-retracted', 'false')

  // Notes belong to the patient: the other patient's report has none.
  await page.keyboard.press('Escape')
  await rows.filter({ hasText: /bilby/i }).click()
  await expect(page.getByTestId('patient-notes').getByTestId('patient-notes-empty')).toBeVisible()
})
