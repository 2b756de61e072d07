// E2E: the training-data export in Chromium via `readout serve`. Through the API an administrator adds an ml user and a
// clinician, imports a report, and the clinician writes and signs an interpretation from scratch; then the ml user signs
// in on the screen, previews and runs the export on the Export page, sees its progress and quality report, and the
// dataset is on disk: per format train/validation/test jsonl, metadata.jsonl and DATASET.md, without the patient's name.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { signInOnScreen } from '../helpers/e2eSession'
import { oru } from '../helpers/hl7'
import { startServe, type ServedApp } from '../helpers/serve'

const ML = { username: 'mlops', displayName: 'M. L. Ops', password: 'walnut glacier trumpet 71' }
const CLINICIAN = { username: 'drsign', displayName: 'Dr Sign', password: 'saffron tunnel pebble 84' }

let app: ServedApp
let outParent: string
test.describe.configure({ mode: 'serial' })
test.beforeAll(async () => {
  app = await startServe()
  outParent = mkdtempSync(join(tmpdir(), 'readout-e2e-export-'))
})
test.afterAll(async () => {
  await app.stop()
  rmSync(outParent, { recursive: true, force: true })
})

async function rpc<T>(method: string, input: unknown, cookie?: string): Promise<T> {
  const headers = cookie ? { ...app.headers(), Cookie: cookie } : app.headers()
  const res = await fetch(`${app.origin}/rpc/${method}`, { method: 'POST', headers, body: JSON.stringify(input) })
  const body = (await res.json()) as { ok: true; value: T } | { ok: false; error: { code: string; message: string } }
  if (!body.ok) throw new Error(`${method}: ${body.error.code} ${body.error.message}`)
  return body.value
}
async function signIn(username: string, password: string): Promise<string> {
  const res = await fetch(`${app.origin}/rpc/auth.signIn`, { method: 'POST', headers: app.headers(), body: JSON.stringify({ username, password }) })
  expect(((await res.json()) as { ok: boolean }).ok).toBe(true)
  return res.headers.get('set-cookie')!.split(';')[0]!
}

/** Imports a potassium report for a named patient and has the clinician write and sign its interpretation from scratch. */
async function signedReport(): Promise<void> {
  const hl7 = oru({
    controlId: 'EXP1',
    mrn: 'MRN-90210',
    family: 'Quimby',
    given: 'Philippa',
    observedAt: '20260301080000',
    results: [{ code: '2823-3', display: 'Potassium', value: '4.2', unit: 'mmol/L', range: '3.5-5.1' }],
  })
  const imported = await rpc<{ results: { reportIds: number[] }[] }>('import.files', { files: [{ name: 'exp1.hl7', contentBase64: Buffer.from(hl7).toString('base64') }] })
  const reportId = imported.results[0]!.reportIds[0]!
  const report = await rpc<{ observations: { id: number }[] }>('reports.get', { id: reportId })
  const doctor = await signIn(CLINICIAN.username, CLINICIAN.password)
  const applied = await rpc<{ working: { contentSha256: string } }>(
    'review.apply',
    {
      reportId,
      document: {
        baseVersion: 0,
        findings: [{ action: 'add', statement: 'Potassium 4.2 mmol/L is within the reference range.', severity: 'normal', evidence: [`O${report.observations[0]!.id}`], reason: 'other' }],
        summary: { text: 'Normal potassium.', reason: 'other' },
        overallSeverity: { value: 'normal', reason: 'other' },
      },
    },
    doctor,
  )
  const signed = await rpc<{ status: string }>('review.sign', { reportId, contentSha256: applied.working.contentSha256, password: CLINICIAN.password }, doctor)
  expect(signed.status).toBe('signed')
}

test('an ml user exports the signed report from the Export page: progress, quality report, files on disk', async ({ page }) => {
  await rpc('users.create', { ...ML, roles: ['ml'], mustChangePassword: false })
  await rpc('users.create', { ...CLINICIAN, roles: ['clinician'], mustChangePassword: false })
  await signedReport()

  await page.goto(app.url)
  await signInOnScreen(page, ML.username, ML.password)
  await expect(page.getByTestId('user-menu')).toHaveText(ML.displayName)
  const nav = page.getByRole('navigation', { name: 'Main navigation' })
  await expect(nav.getByRole('link', { name: 'Users' })).toHaveCount(0)
  await nav.getByRole('link', { name: 'Export' }).click()

  // The preview: one signed report, its rows de-identified.
  await expect(page.getByTestId('export-matching')).toHaveText('1 signed report matches the filters.')
  const preview = page.getByTestId('export-preview')
  await expect(preview).toContainText('"messages"')
  await expect(preview).not.toContainText('Quimby')
  // A reviewer filter that matches nobody previews nothing.
  await page.getByTestId('export-reviewers').fill('nobody')
  await page.getByTestId('export-reviewers').press('Enter')
  await expect(page.getByTestId('export-matching')).toHaveText('0 signed reports match the filters.')
  await page.getByTestId('export-reviewers').press('Backspace')
  await expect(page.getByTestId('export-matching')).toHaveText('1 signed report matches the filters.')

  await expect(page.getByTestId('export-run')).toBeDisabled()
  await page.getByTestId('export-format-trl-kto').check()
  await page.getByTestId('export-split').fill('70/20/20')
  await expect(page.getByText('The three percentages must add up to 100').first()).toBeVisible()
  await page.getByTestId('export-split').fill('80/10/10')
  const outDir = join(outParent, 'dataset-1')
  await page.getByTestId('export-outdir').fill(outDir)
  await page.getByTestId('export-run').click()

  // Progress: the export.progress events of this job reach the bar; the last phase stays shown after the run.
  await expect(page.getByTestId('export-progress')).toContainText(/finishing: \d+ of \d+/)
  const quality = page.getByTestId('export-quality')
  await expect(quality).toBeVisible()
  await expect(page.getByTestId('export-summary')).toContainText('1 signed reports, 1 supervised')
  await expect(page.getByTestId('export-per-kind')).toContainText('lab')
  await expect(page.getByTestId('export-per-kind')).toContainText('below minimum')
  await expect(page.getByTestId('export-outcomes')).toContainText('signed_without_draft')
  await expect(page.getByTestId('export-warnings')).toBeVisible()
  await expect(quality.locator('.recharts-wrapper')).toBeVisible()
  await expect(page.getByTestId('export-history')).toContainText('completed')
  await expect(page.getByTestId('export-history')).toContainText(ML.username)

  // The dataset on disk.
  expect(existsSync(outDir)).toBe(true)
  const files = readdirSync(outDir, { recursive: true }).map(String).sort()
  for (const fmt of ['openai-chat', 'trl-sft', 'trl-kto']) for (const split of ['train', 'validation', 'test']) expect(files).toContain(join(fmt, `${split}.jsonl`))
  expect(files).toEqual(expect.arrayContaining(['metadata.jsonl', 'DATASET.md', 'quality-report.json', 'deid-report.json']))
  const chat = ['train', 'validation', 'test'].map((s) => readFileSync(join(outDir, 'openai-chat', `${s}.jsonl`), 'utf8')).join('')
  const lines = chat.split('\n').filter((l) => l !== '')
  expect(lines).toHaveLength(1)
  const row = JSON.parse(lines[0]!) as { messages: { role: string; content: string }[] }
  expect(row.messages.map((m) => m.role).at(-1)).toBe('assistant')
  expect(JSON.parse(row.messages.at(-1)!.content)).toMatchObject({ summary: 'Normal potassium.', overall_severity: 'normal' })
  expect(readFileSync(join(outDir, 'metadata.jsonl'), 'utf8').trim().split('\n')).toHaveLength(1)
  expect(readFileSync(join(outDir, 'DATASET.md'), 'utf8')).toMatch(/de-identif/i)
  for (const f of files) {
    const p = join(outDir, f)
    if (f.includes('.')) expect(readFileSync(p, 'utf8'), f).not.toMatch(/Quimby|Philippa|MRN-90210/)
  }
})
