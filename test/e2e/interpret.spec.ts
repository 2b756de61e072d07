// E2E: the model's draft in the report view, with the generated tiny test model: without a base model the panel points to
// the Models page; a draft streams in (the raw text grows), then shows as a DRAFT with summary, evidence standing, issues,
// chips and provenance, and a cited observation is highlighted; a failed or cancelled generation stores nothing; a report
// the batch could not draft is listed on the Models page with its reason and marked in the worklist, and a retry drafts it;
// a report queued for the batch says so on its page, where the batch's draft then appears by itself.
import { expect, test, type APIRequestContext, type Page } from '@playwright/test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Interpretation } from '../../src/shared/contract/interpret'
import type { LlmConfig, Model } from '../../src/shared/contract/models'
import type { ReportSummary } from '../../src/shared/contract/reports'
import { startServe, type ServedApp } from '../helpers/serve'
import { gotoSignedIn } from '../helpers/e2eSession'
import { makeTestModels } from '../helpers/testModels'

// Numbat: potassium 6.8 mmol/L (critical, HH) and sodium; Bilby: potassium 4.2 mmol/L.
const FIXTURE = join(__dirname, 'fixtures', 'potassium-critical-and-normal.hl7')
// The tiny model writes a few tokens a second on a busy CPU; a draft can take a minute or two.
const GENERATION_MS = 240_000

let app: ServedApp
let scratch: string
const reportIds: { numbat: number; bilby: number } = { numbat: 0, bilby: 0 }
let baseModel: Model

// The tests build on each other: import, then configure the model, then generate.
test.describe.configure({ mode: 'serial' })

test.beforeAll(async () => {
  app = await startServe()
  scratch = mkdtempSync(join(tmpdir(), 'readout-e2e-interpret-'))
})
test.afterAll(async () => {
  await app.stop()
  rmSync(scratch, { recursive: true, force: true })
})

async function rpc<T>(request: APIRequestContext, method: string, input: object): Promise<T> {
  const res = await request.post(`${app.origin}/rpc/${method}`, {
    headers: app.headers(),
    data: input,
  })
  const body = (await res.json()) as { ok: true; value: T } | { ok: false; error: { code: string; message: string } }
  if (!body.ok) throw new Error(`${method}: ${body.error.code} ${body.error.message}`)
  return body.value
}

async function openReport(page: Page, id: number): Promise<void> {
  await gotoSignedIn(page, app, `#/reports/${id}`)
  await expect(page.getByTestId('report-view')).toBeVisible()
  await expect(page.getByTestId('draft-panel')).toBeVisible()
}

/** Records each new length of the streamed raw text, however fast it comes, for the test to read afterwards. */
async function recordStreamLengths(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { streamLengths: number[] }
    const seen: number[] = (w.streamLengths = [])
    new MutationObserver(() => {
      const n = document.querySelector('[data-testid="draft-stream-raw"]')?.textContent?.length ?? 0
      if (n > 0 && n !== seen[seen.length - 1]) seen.push(n)
    }).observe(document.body, { subtree: true, childList: true, characterData: true })
  })
}

const streamLengths = (page: Page): Promise<number[]> => page.evaluate(() => (window as unknown as { streamLengths: number[] }).streamLengths)

test('without a base model the draft panel explains and links to the Models page', async ({ page, request }) => {
  await gotoSignedIn(page, app, `#/import`)
  await page.getByTestId('import-file-input').setInputFiles([FIXTURE])
  await expect(page.getByTestId('count-imported')).toHaveText('2 imported')
  const list = await rpc<{ items: ReportSummary[] }>(request, 'reports.list', {})
  reportIds.numbat = list.items.find((r) => /numbat/i.test(r.patientName))?.id ?? 0
  reportIds.bilby = list.items.find((r) => /bilby/i.test(r.patientName))?.id ?? 0
  expect(reportIds.numbat).toBeGreaterThan(0)
  expect(reportIds.bilby).toBeGreaterThan(0)

  await openReport(page, reportIds.numbat)
  const panel = page.getByTestId('draft-panel')
  await expect(panel.getByRole('heading', { name: 'Model draft' })).toBeVisible()
  await expect(panel.getByTestId('draft-no-model')).toContainText('No base model is configured')
  await expect(panel.getByTestId('draft-models-link')).toHaveAttribute('href', '#/models')
  await expect(panel.getByRole('button', { name: /Generate draft|Regenerate/ })).toHaveCount(0)
  await expect(panel.getByTestId('draft-label')).toHaveCount(0)
  // Below the rule findings, above the observations.
  const findings = await page.getByTestId('findings').boundingBox()
  const draft = await panel.boundingBox()
  const observations = await page.getByTestId('observations').boundingBox()
  expect(findings && draft && observations && findings.y < draft.y && draft.y < observations.y).toBe(true)

  await panel.getByTestId('draft-models-link').click()
  await expect(page.getByRole('heading', { name: 'Models', level: 2 })).toBeVisible()
})

test('a draft streams in, then shows as a DRAFT with its summary, evidence standing, basis and provenance', async ({ page, request }) => {
  test.setTimeout(GENERATION_MS + 120_000)
  const paths = makeTestModels(join(scratch, 'models'))
  baseModel = await rpc<Model>(request, 'models.add', { path: paths.base })
  await rpc<LlmConfig>(request, 'models.use', { baseModelId: baseModel.id, adapters: [] })
  await rpc<LlmConfig>(request, 'models.configure', { maxTokens: 2000, temperature: 0 })
  expect(await rpc<Interpretation | null>(request, 'interpret.latest', { reportId: reportIds.numbat })).toBeNull()

  await openReport(page, reportIds.numbat)
  const panel = page.getByTestId('draft-panel')
  await expect(panel.getByTestId('draft-none')).toHaveText('No draft yet for this report.')
  await recordStreamLengths(page)
  await panel.getByRole('button', { name: 'Generate draft' }).click()

  // While it runs: the DRAFT label, a spinner, Cancel, and the text as it streams.
  await expect(panel.getByTestId('draft-stream')).toBeVisible()
  await expect(panel.getByTestId('draft-label')).toContainText('DRAFT — generated by the local model, not reviewed')
  await expect(panel.getByRole('button', { name: 'Cancel' })).toBeVisible()
  await expect(panel.getByRole('button', { name: /Generate draft|Regenerate/ })).toHaveCount(0)

  // Done: the parsed draft replaces the stream.
  const view = panel.getByTestId('draft-view')
  await expect(view).toBeVisible({ timeout: GENERATION_MS })
  await expect(panel.getByTestId('draft-stream')).toHaveCount(0)
  const lengths = await streamLengths(page)
  expect(lengths.length, `streamed text lengths seen: ${lengths.join(', ')}`).toBeGreaterThanOrEqual(2)
  expect(lengths.every((n, i) => i === 0 || n > (lengths[i - 1] ?? 0))).toBe(true)

  const stored = await rpc<Interpretation | null>(request, 'interpret.latest', { reportId: reportIds.numbat })
  expect(stored).not.toBeNull()
  const i = stored!
  await expect(panel.getByTestId('draft-label')).toContainText('DRAFT')
  await expect(view).toHaveAttribute('data-interpretation-id', String(i.id))
  await expect(view.getByTestId('draft-summary')).toContainText(i.draft.summary.replace(/\s+/g, ' ').trim().slice(0, 40))
  await expect(view.getByTestId('draft-standing')).toHaveAttribute('data-standing', i.standing)
  await expect(view.getByTestId('draft-standing')).toBeVisible()
  await expect(view.getByTestId('draft-severity').first()).toHaveAttribute('data-severity', i.draft.overall_severity)
  await expect(view.getByTestId('draft-limitations')).toBeVisible()
  await expect(view.getByTestId('draft-comparison')).toBeVisible()
  // Every issue the evidence check found is listed, beside its finding or at the top.
  await expect(view.getByTestId('draft-issue')).toHaveCount(i.evidenceCheck.issues.length)
  const provenance = view.getByTestId('draft-provenance')
  await expect(provenance.getByTestId('draft-base-model')).toHaveText('readout-test-base')
  await expect(provenance.getByTestId('draft-base-sha')).toHaveText(baseModel.sha256.slice(0, 12))
  await expect(provenance).toContainText(i.provenance.promptTemplateVersion)
  // The test model has a chat template (ChatML): the prompt was rendered in it.
  expect(i.provenance.promptFormat).toBe('chat-template')
  await expect(provenance.getByTestId('draft-prompt-format')).toHaveText(`in the model's chat template (${i.provenance.chatTemplateSha256!.slice(0, 12)})`)
  await expect(provenance).toContainText(`${i.provenance.outputTokens} output tokens`)
  await expect(provenance).toContainText('tokens/s')
  await expect(provenance).toContainText('first token after')
  // A draft is never signed or accepted here.
  await expect(panel.getByRole('button', { name: /sign|accept|approve/i })).toHaveCount(0)
  await expect(panel.getByRole('button', { name: 'Regenerate' })).toBeVisible()

  // The draft's findings: each with its evidence as chips (or "no evidence"); issues beside the finding they concern.
  const findings = view.getByTestId('draft-finding')
  await expect(findings).toHaveCount(i.draft.findings.length)
  if (i.draft.findings.length === 0) await expect(view.getByTestId('draft-no-findings')).toBeVisible()
  for (const [n, f] of i.draft.findings.entries()) {
    const item = findings.nth(n)
    await expect(item.getByTestId('draft-finding-statement')).toHaveText(f.statement)
    await expect(item.getByTestId('evidence-chip')).toHaveCount(f.evidence.length)
    await expect(item.getByTestId('draft-issue')).toHaveCount(i.evidenceCheck.issues.filter((x) => x.findingIndex === n).length)
  }
  // The random-weight model rarely cites a real observation: check the highlight when it does, and that an id that
  // names nothing is shown as such, with the evidence check's issue beside it.
  const observationChip = view.locator('[data-testid="evidence-chip"][data-kind="observation"]').first()
  if ((await observationChip.count()) > 0) {
    const finding = findings.filter({ has: observationChip })
    await finding.first().hover()
    await expect(page.locator('[data-testid="observation-row"][data-highlighted="true"]').first()).toBeVisible()
    await page.getByTestId('report-title').hover()
    await expect(page.locator('[data-testid="observation-row"][data-highlighted="true"]')).toHaveCount(0)
  }
  const unknownChip = view.locator('[data-testid="evidence-chip"][data-kind="unknown"]').first()
  if ((await unknownChip.count()) > 0) {
    const finding = findings.filter({ has: unknownChip }).first()
    await expect(finding.locator('[data-testid="draft-issue"][data-code="UNKNOWN_EVIDENCE_ID"]').first()).toBeVisible()
  }

  // Opening the report again loads the stored draft.
  await page.reload()
  await expect(page.getByTestId('draft-view')).toHaveAttribute('data-interpretation-id', String(i.id))
  await expect(page.getByTestId('draft-label')).toBeVisible()
})

test('a draft cut off by the token limit is refused with a clear error, what the model wrote is shown, nothing is stored', async ({ page, request }) => {
  test.setTimeout(GENERATION_MS + 60_000)
  // The loaded engine keeps the sampling settings it was loaded with: unload so the next draft reads the new limit.
  await rpc<LlmConfig>(request, 'models.configure', { maxTokens: 16 })
  await rpc<object>(request, 'models.unload', {})
  try {
    await openReport(page, reportIds.bilby)
    const panel = page.getByTestId('draft-panel')
    await expect(panel.getByTestId('draft-none')).toBeVisible()
    await panel.getByRole('button', { name: 'Generate draft' }).click()
    const error = panel.getByTestId('draft-error')
    await expect(error).toHaveAttribute('data-code', 'GENERATION_FAILED', { timeout: GENERATION_MS })
    await expect(error).toContainText('(GENERATION_FAILED)')
    await expect(error).toContainText("The model's draft is incomplete: it reached the limit of 16 tokens before it ended.")
    await expect(error).toContainText('No draft was saved for this report.')
    await expect(panel.getByTestId('draft-failed-text')).toContainText('{')
    await expect(panel.getByTestId('draft-view')).toHaveCount(0)
    await expect(panel.getByRole('button', { name: 'Generate draft' })).toBeVisible()
    expect(await rpc<Interpretation | null>(request, 'interpret.latest', { reportId: reportIds.bilby })).toBeNull()
  } finally {
    await rpc<LlmConfig>(request, 'models.configure', { maxTokens: 2000 })
    await rpc<object>(request, 'models.unload', {})
  }
})

test('Cancel during generation stops it and stores nothing', async ({ page, request }) => {
  test.setTimeout(GENERATION_MS + 60_000)
  await openReport(page, reportIds.bilby)
  const panel = page.getByTestId('draft-panel')
  await expect(panel.getByTestId('draft-none')).toBeVisible()
  await panel.getByRole('button', { name: 'Generate draft' }).click()
  // Cancel as soon as the model is writing (a whole draft can take only seconds): a partial draft is on screen.
  await page.waitForFunction(() => (document.querySelector('[data-testid="draft-stream-raw"]')?.textContent?.length ?? 0) > 0, null, {
    polling: 'raf',
    timeout: GENERATION_MS,
  })
  await panel.getByRole('button', { name: 'Cancel' }).click()

  const error = panel.getByTestId('draft-error')
  await expect(error).toHaveAttribute('data-code', 'CANCELLED', { timeout: 60_000 })
  await expect(error).toContainText('No draft was saved for this report.')
  await expect(panel.getByTestId('draft-view')).toHaveCount(0)
  await expect(panel.getByTestId('draft-none')).toBeVisible()
  await expect(panel.getByRole('button', { name: 'Generate draft' })).toBeVisible()
  expect(await rpc<Interpretation | null>(request, 'interpret.latest', { reportId: reportIds.bilby })).toBeNull()

  await page.reload()
  await expect(page.getByTestId('draft-none')).toBeVisible()
  await expect(page.getByTestId('draft-view')).toHaveCount(0)
})

test('a report the batch could not draft is listed with the reason and a link, its page says so, and a retry drafts it', async ({ page, request }) => {
  test.setTimeout(GENERATION_MS + 120_000)
  // Bilby has no draft; with a 16-token limit the batch's draft of it is cut off and fails.
  await rpc<LlmConfig>(request, 'models.configure', { maxTokens: 16 })
  await rpc<object>(request, 'models.unload', {})
  try {
    await gotoSignedIn(page, app, `#/models`)
    const batch = page.getByTestId('batch-panel')
    await batch.getByRole('button', { name: 'Interpret all new reports' }).click()
    const failures = batch.getByTestId('batch-failures')
    await expect(failures).toBeVisible({ timeout: GENERATION_MS })
    await expect(failures).toContainText('Not drafted (1)')
    const row = failures.getByTestId('batch-failure')
    await expect(row).toHaveCount(1)
    await expect(row).toHaveAttribute('data-report-id', String(reportIds.bilby))
    await expect(row.getByTestId('batch-failure-reason')).toContainText("The model's draft is incomplete")
    await expect(row.getByRole('link')).toHaveAttribute('href', `#/reports/${reportIds.bilby}`)
    await expect(batch.getByTestId('batch-failed')).toHaveText('1 not drafted')
    // The report's own page says so too, instead of only "No draft yet".
    await row.getByRole('link').click()
    const notice = page.getByTestId('draft-panel').getByTestId('draft-batch-failure')
    await expect(notice).toContainText('The batch could not draft this report')
    await expect(notice).toContainText("The model's draft is incomplete")
    // And its worklist row, where it would otherwise look like a report nobody has queued.
    await gotoSignedIn(page, app, `#/worklist`)
    const bilbyRow = page.locator(`[data-testid="worklist-row"][data-report-id="${reportIds.bilby}"]`)
    await expect(bilbyRow.getByTestId('draft-job')).toHaveAttribute('data-job', 'failed')
    await expect(bilbyRow.getByTestId('draft-job')).toHaveText('Not drafted')
    // The Draft filter finds the reports the batch could not draft.
    await page.getByTestId('filter-draft').click()
    await page.getByRole('option', { name: 'Not drafted' }).click()
    await page.keyboard.press('Escape')
    await expect(page.getByTestId('worklist-row')).toHaveCount(1)
    await expect(page.getByTestId('worklist-row')).toHaveAttribute('data-report-id', String(reportIds.bilby))
    await page.getByRole('button', { name: 'Clear filters' }).click()
    await gotoSignedIn(page, app, `#/models`)

    await rpc<LlmConfig>(request, 'models.configure', { maxTokens: 2000 })
    await rpc<object>(request, 'models.unload', {})
    await failures.getByRole('button', { name: 'Retry this report' }).click()
    // Queued again, it is no longer a standing failure; then the batch drafts it.
    await expect(failures).toHaveCount(0)
    await expect
      .poll(() => rpc<Interpretation | null>(request, 'interpret.latest', { reportId: reportIds.bilby }), { timeout: GENERATION_MS })
      .not.toBeNull()
    await expect(batch.getByTestId('batch-failed')).toHaveText('0 not drafted')
    await gotoSignedIn(page, app, `#/worklist`)
    await expect(bilbyRow.getByTestId('draft-standing')).toBeVisible()
    await expect(bilbyRow.getByTestId('draft-job')).toHaveCount(0)
    await openReport(page, reportIds.bilby)
    await expect(page.getByTestId('draft-view')).toBeVisible()
    await expect(page.getByTestId('draft-batch-failure')).toHaveCount(0)
  } finally {
    await rpc<LlmConfig>(request, 'models.configure', { maxTokens: 2000 })
  }
})

test('a report queued for the batch says so on its page, and the draft appears there when the batch writes it', async ({ page, request }) => {
  test.setTimeout(GENERATION_MS + 60_000)
  const message = [
    'MSH|^~\\&|E2EANALYSER|E2ELAB|READOUT|HOSP|20260306100000||ORU^R01^ORU_R01|E2E-F-3|P|2.5.1',
    'PID|1||E2E-0303^^^HOSP^MR||Quokka^Lee||19800101|F',
    'OBR|1|ORD-E2E-F-3|FIL-E2E-F-3|24323-8^Comprehensive metabolic panel^LN|||20260306100000',
    'OBX|1|NM|2823-3^Potassium^LN||4.5|mmol/L|3.5-5.1|N|||F|||20260306100000',
    '',
  ].join('\r')
  await rpc<object>(request, 'import.files', { files: [{ name: 'quokka.hl7', contentBase64: Buffer.from(message).toString('base64') }] })
  const list = await rpc<{ items: ReportSummary[] }>(request, 'reports.list', { search: 'Quokka' })
  const id = list.items[0]?.id ?? 0
  expect(id).toBeGreaterThan(0)
  // Queued, not started: the page says the batch has it rather than "No draft yet".
  await rpc<object>(request, 'queue.enqueue', { reportIds: [id] })
  await openReport(page, id)
  const panel = page.getByTestId('draft-panel')
  await expect(panel.getByTestId('draft-batch-queued')).toHaveAttribute('data-job', 'queued')
  await expect(panel.getByTestId('draft-none')).toHaveCount(0)
  // The batch drafts it; the page shows the draft without being reloaded.
  await rpc<object>(request, 'queue.start', {})
  await expect(panel.getByTestId('draft-view')).toBeVisible({ timeout: GENERATION_MS })
  await expect(panel.getByTestId('draft-batch-queued')).toHaveCount(0)
})

test('reports checked in the worklist (click or x) are queued with "Interpret selected" and drafted again', async ({ page, request }) => {
  test.setTimeout(GENERATION_MS + 60_000)
  const latestAt = async (reportId: number) => (await rpc<Interpretation | null>(request, 'interpret.latest', { reportId }))?.createdAt ?? ''
  const before = { numbat: await latestAt(reportIds.numbat), bilby: await latestAt(reportIds.bilby) }
  await gotoSignedIn(page, app, `#/worklist`)
  const row = (id: number) => page.locator(`[data-testid="worklist-row"][data-report-id="${id}"]`)
  await row(reportIds.bilby).getByTestId('worklist-check').click()
  await expect(row(reportIds.bilby)).toHaveAttribute('data-checked', 'true')
  // Checking is not opening: still on the worklist. Then x checks the row under the cursor (the first: Numbat, critical).
  await expect(page.getByTestId('worklist-table')).toBeVisible()
  await page.getByTestId('worklist-scroll').focus()
  await page.keyboard.press('x')
  await expect(row(reportIds.numbat)).toHaveAttribute('data-checked', 'true')
  const bar = page.getByTestId('interpret-selection')
  await expect(bar.getByTestId('selection-count')).toHaveText('2 reports selected')
  await bar.getByRole('button', { name: 'Interpret selected' }).click()
  await expect(bar.getByTestId('selection-result')).toContainText('Queued 2 reports for drafting')
  await expect(row(reportIds.numbat)).toHaveAttribute('data-checked', 'false')
  await expect.poll(async () => [await latestAt(reportIds.numbat), await latestAt(reportIds.bilby)], { timeout: GENERATION_MS }).toEqual([
    expect.not.stringMatching(`^${before.numbat}$`),
    expect.not.stringMatching(`^${before.bilby}$`),
  ])
})
