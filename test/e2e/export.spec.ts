// E2E: the training-data export in Chromium via `readout serve`. Through the API an administrator adds an ml user and a
// clinician, imports a report, and the clinician writes and signs an interpretation from scratch; then the ml user signs
// in on the screen, previews and runs the export on the Export page, sees its progress and quality report, and the
// dataset is on disk: per format train/validation/test jsonl, metadata.jsonl and DATASET.md, without the patient's name.
// A second round "since export 1" with a zip holds only the newly signed report (and the frozen test split); the
// preview asks the server once per pause in typing; the administrator's controls (de-identification off with a
// reason, resetting the frozen splits with a confirmation) are shown to administrators only.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { gotoSignedIn, signInOnScreen } from '../helpers/e2eSession'
import { oru } from '../helpers/hl7'
import { startServe, type ServedApp } from '../helpers/serve'
import { unzipEntries } from '../helpers/unzip'

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
/** A session of its own (without the administrator's cookie, whose session a sign-in would switch to this user). */
async function signIn(username: string, password: string): Promise<string> {
  const { Cookie: _admin, ...headers } = app.headers()
  const res = await fetch(`${app.origin}/rpc/auth.signIn`, { method: 'POST', headers, body: JSON.stringify({ username, password }) })
  expect(((await res.json()) as { ok: boolean }).ok).toBe(true)
  return res.headers.get('set-cookie')!.split(';')[0]!
}

const FIRST = { controlId: 'EXP1', mrn: 'MRN-90210', family: 'Quimby', given: 'Philippa', value: '4.2', summary: 'Normal potassium.' }
const SECOND = { controlId: 'EXP2', mrn: 'MRN-31337', family: 'Abernathy', given: 'Ignatius', value: '4.9', summary: 'Potassium at the upper end of normal.' }

/** Imports a potassium report for a named patient and has the clinician write and sign its interpretation from scratch. */
async function signedReport(p: typeof FIRST = FIRST): Promise<void> {
  const hl7 = oru({
    controlId: p.controlId,
    mrn: p.mrn,
    family: p.family,
    given: p.given,
    observedAt: '20260301080000',
    results: [{ code: '2823-3', display: 'Potassium', value: p.value, unit: 'mmol/L', range: '3.5-5.1' }],
  })
  const imported = await rpc<{ results: { reportIds: number[] }[] }>('import.files', { files: [{ name: `${p.controlId}.hl7`, contentBase64: Buffer.from(hl7).toString('base64') }] })
  const reportId = imported.results[0]!.reportIds[0]!
  const report = await rpc<{ observations: { id: number }[] }>('reports.get', { id: reportId })
  const doctor = await signIn(CLINICIAN.username, CLINICIAN.password)
  const applied = await rpc<{ working: { contentSha256: string } }>(
    'review.apply',
    {
      reportId,
      document: {
        baseVersion: 0,
        findings: [{ action: 'add', statement: `Potassium ${p.value} mmol/L is within the reference range.`, severity: 'normal', evidence: [`O${report.observations[0]!.id}`], reason: 'other' }],
        summary: { text: p.summary, reason: 'other' },
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

/** The rows' targets of a folder's openai-chat files, in all splits. */
function chatSummaries(dir: string): string[] {
  return ['train', 'validation', 'test'].flatMap((s) =>
    readFileSync(join(dir, 'openai-chat', `${s}.jsonl`), 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => (JSON.parse((JSON.parse(l) as { messages: { content: string }[] }).messages.at(-1)!.content) as { summary: string }).summary),
  )
}

test('the preview waits for a pause in typing; a second round since export 1, zipped, holds only what is new', async ({ page }) => {
  await signedReport(SECOND)
  await page.goto(app.url)
  await signInOnScreen(page, ML.username, ML.password)
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Export' }).click()
  await expect(page.getByTestId('export-matching')).toHaveText('2 signed reports match the filters.')
  // Administrators' controls are not offered to an ml user (the server refuses them too).
  await expect(page.getByTestId('export-deid-off')).toHaveCount(0)
  await expect(page.getByTestId('export-reset')).toHaveCount(0)

  // Six reviewer names typed in quick succession (each comma adds one): the preview asks once or twice, not six times.
  let previews = 0
  page.on('request', (r) => {
    if (r.url().includes('/rpc/export.preview')) previews++
  })
  await page.getByTestId('export-reviewers').pressSequentially('r1,r2,r3,r4,r5,r6,', { delay: 15 })
  await expect(page.getByTestId('export-matching')).toHaveText('0 signed reports match the filters.')
  await page.waitForTimeout(700)
  expect(previews).toBeGreaterThanOrEqual(1)
  expect(previews).toBeLessThanOrEqual(3)
  for (let i = 0; i < 6; i++) await page.getByTestId('export-reviewers').press('Backspace')
  await expect(page.getByTestId('export-matching')).toHaveText('2 signed reports match the filters.')
  // A malformed model fingerprint is explained instead of previewed.
  await page.getByTestId('export-models').fill('xyz')
  await page.getByTestId('export-models').press('Enter')
  await expect(page.getByText('"xyz" is not a model fingerprint').first()).toBeVisible()
  await page.getByTestId('export-models').press('Backspace')
  await expect(page.getByTestId('export-matching')).toHaveText('2 signed reports match the filters.')

  // Since export 1 (chosen from the history), with a zip beside the folder.
  await page.getByTestId('export-since').click()
  await page.getByRole('option', { name: /^Export 1, .*\(1 items\)$/ }).click()
  await page.getByTestId('export-zip').check()
  const outDir = join(outParent, 'dataset-2')
  await page.getByTestId('export-outdir').fill(outDir)
  await page.getByTestId('export-run').click()
  await expect(page.getByTestId('export-quality')).toBeVisible()
  await expect(page.getByTestId('export-history-2')).toContainText('completed')

  // Only the newly signed report, plus the first patient if export 1 put them in the frozen test split.
  const firstSplit = (JSON.parse(readFileSync(join(outParent, 'dataset-1', 'metadata.jsonl'), 'utf8').trim()) as { split: string }).split
  const summaries = chatSummaries(outDir).sort()
  expect(summaries).toEqual(firstSplit === 'test' ? [SECOND.summary, FIRST.summary].sort() : [SECOND.summary])
  expect(readFileSync(join(outDir, 'DATASET.md'), 'utf8')).toContain('signed since export 1')

  // The zip holds exactly the folder's files, byte for byte.
  const entries = unzipEntries(`${outDir}.zip`)
  const files = readdirSync(outDir, { recursive: true })
    .map(String)
    .filter((f) => f.includes('.'))
    .sort()
  expect([...entries.keys()].sort()).toEqual(files)
  for (const f of files) expect(entries.get(f)!.equals(readFileSync(join(outDir, f))), f).toBe(true)
  for (const [name, data] of entries) expect(data.toString('utf8'), name).not.toMatch(/Abernathy|Ignatius|MRN-31337|Quimby|MRN-90210/)
})

test('an administrator may turn de-identification off with a reason after a warning, and reset the frozen splits after confirming', async ({ page }) => {
  await gotoSignedIn(page, app, '#/export')
  await expect(page.getByTestId('export-matching')).toHaveText('2 signed reports match the filters.')
  const outDir = join(outParent, 'dataset-identified')
  await page.getByTestId('export-outdir').fill(outDir)
  await expect(page.getByTestId('export-run')).toBeEnabled()

  await page.getByTestId('export-deid-off').click()
  await expect(page.getByTestId('export-deid-warning')).toContainText('This export will contain patient identifiers')
  await expect(page.getByTestId('export-run')).toBeDisabled()
  await expect(page.getByText('Say why de-identification is off, in at least 10 characters (it is audited)').first()).toBeVisible()
  await page.getByTestId('export-deid-reason').fill('IRB 2026-17 chart re-identification study')
  await expect(page.getByTestId('export-run')).toBeEnabled()
  await page.getByTestId('export-run').click()
  await expect(page.getByTestId('export-quality')).toBeVisible()
  expect(readFileSync(join(outDir, 'DATASET.md'), 'utf8')).toContain('De-identification was turned off')

  // Resetting the splits needs a reason and a confirmation that says what it costs.
  await expect(page.getByTestId('export-reset')).toBeDisabled()
  await page.getByTestId('export-reset-reason').fill('a new hold-out set for round 3')
  await page.getByTestId('export-reset').click()
  await expect(page.getByRole('dialog', { name: 'Reset the frozen splits?' })).toContainText('can no longer be compared fairly on the old test set')
  await page.getByTestId('export-reset-confirm').click()
  await expect(page.getByTestId('export-reset-done')).toHaveText('Forgot the split of 2 patients; the next export places them afresh.')
})
