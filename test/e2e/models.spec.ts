// E2E: the Models page starts empty, refuses files that are not usable GGUF models with a clear error, and — with the
// generated test models (scripts/make-test-models.ts) — registers a base model and an adapter, applies them and loads
// the engine on the CPU.
import { expect, test, type Page } from '@playwright/test'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { REPO_ROOT, startServe, type ServedApp } from '../helpers/serve'
import { gotoSignedIn } from '../helpers/e2eSession'

let app: ServedApp
let scratch: string

// The tests build on each other's registry in one data folder.
test.describe.configure({ mode: 'serial' })

test.beforeAll(async () => {
  app = await startServe()
  scratch = mkdtempSync(join(tmpdir(), 'readout-e2e-models-'))
})
test.afterAll(async () => {
  await app.stop()
  rmSync(scratch, { recursive: true, force: true })
})

async function openModels(page: Page) {
  await gotoSignedIn(page, app)
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Models' }).click()
  await expect(page.getByRole('heading', { name: 'Models', level: 2 })).toBeVisible()
}

async function addPath(page: Page, path: string) {
  await page.getByTestId('model-path').fill(path)
  await page.getByRole('button', { name: 'Add', exact: true }).click()
}

test('the Models page starts empty and says to add a base model, then adapters', async ({ page }) => {
  await openModels(page)
  const empty = page.getByTestId('empty-state')
  await expect(empty).toContainText('No model added')
  await expect(empty).toContainText('base model (a GGUF file)')
  await expect(empty).toContainText('LoRA adapters')
  await expect(page.getByTestId('models-table')).toHaveCount(0)
})

test('a file that is not GGUF is refused with a clear error', async ({ page }) => {
  const notGguf = join(scratch, 'notes.txt')
  writeFileSync(notGguf, 'This is a text file, not a model.\n')
  await openModels(page)
  await addPath(page, notGguf)
  const error = page.getByTestId('add-model-error')
  await expect(error).toContainText('Could not add the model (INVALID_MODEL)')
  await expect(error).toContainText('is not a GGUF model file')
  await expect(page.getByTestId('empty-state')).toBeVisible()
})

test('a GGUF file cut off after its header is refused as unreadable', async ({ page }) => {
  const cut = join(scratch, 'cut.gguf')
  // "GGUF", version 3, then the tensor count is cut off half-way.
  writeFileSync(cut, Buffer.from([0x47, 0x47, 0x55, 0x46, 3, 0, 0, 0, 1, 0]))
  await openModels(page)
  await addPath(page, cut)
  const error = page.getByTestId('add-model-error')
  await expect(error).toContainText('(INVALID_MODEL)')
  await expect(error).toContainText(/truncated|damaged/)
  await expect(page.getByTestId('empty-state')).toBeVisible()
})

test('a path that does not exist is refused', async ({ page }) => {
  const missing = join(scratch, 'no-such-model.gguf')
  await openModels(page)
  await addPath(page, missing)
  const error = page.getByTestId('add-model-error')
  await expect(error).toContainText('(NOT_FOUND)')
  await expect(error).toContainText(`No such file: ${missing}`)
  await expect(page.getByTestId('empty-state')).toBeVisible()
})

function makeTestModels(outDir: string): { base: string; adapter: string } {
  const out = execFileSync(join(REPO_ROOT, 'node_modules', '.bin', 'vite-node'), ['scripts/make-test-models.ts', '--', '--out', outDir], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const line = out.trim().split('\n').pop() ?? ''
  return JSON.parse(line) as { base: string; adapter: string }
}

test('the generated base model and adapter are registered, applied and loaded on the CPU', async ({ page }) => {
  test.setTimeout(180_000)
  const paths = makeTestModels(join(scratch, 'models'))
  await openModels(page)

  await addPath(page, paths.base)
  await expect(page.getByTestId('add-model-done')).toContainText('Added base model')
  const rows = page.getByTestId('model-row')
  const base = rows.filter({ has: page.getByTestId('model-kind').getByText('base', { exact: true }) })
  await expect(base).toHaveCount(1)
  await expect(base.getByTestId('model-architecture')).toHaveText('llama')
  await expect(base.getByTestId('model-params')).toHaveText('1.6 M')
  await expect(base.getByTestId('model-quantisation')).toHaveText('F32')
  await expect(base.getByTestId('model-chat-template')).toHaveText('yes')
  await expect(base.getByTestId('model-sha256')).toHaveText(/^[0-9a-f]{12}$/)
  await expect(base.getByTestId('model-sha256')).toHaveAttribute('data-full', /^[0-9a-f]{64}$/)
  await expect(page.getByTestId('empty-state')).toHaveCount(0)

  await addPath(page, paths.adapter)
  await expect(page.getByTestId('add-model-done')).toContainText('Added LoRA adapter')
  const adapter = rows.filter({ has: page.getByTestId('model-kind').getByText('LoRA adapter') })
  await expect(adapter).toHaveCount(1)
  await expect(adapter.getByTestId('model-architecture')).toHaveText('llama')
  await expect(adapter.getByTestId('model-alpha')).not.toHaveText('—')

  // Apply base + adapter.
  await expect(page.getByTestId('batch-disabled')).toBeVisible()
  await page.getByTestId('base-select').click()
  await page.getByRole('option', { name: await base.getByTestId('model-name').innerText() }).click()
  const choice = page.getByTestId('adapter-choice')
  await choice.getByRole('checkbox').check()
  await page.getByRole('button', { name: 'Apply' }).click()
  const summary = page.getByTestId('active-config-summary')
  await expect(summary).not.toContainText('Base model: none')
  await expect(summary).toContainText('×1')
  await expect(page.getByTestId('batch-disabled')).toHaveCount(0)
  await expect(adapter.getByTestId('model-incompatibility')).toHaveCount(0)

  // Load the engine: ready, on the CPU.
  const engine = page.getByTestId('engine-panel')
  await engine.getByRole('button', { name: 'Load', exact: true }).click()
  await expect(engine.getByTestId('engine-state')).toHaveAttribute('data-state', 'ready', { timeout: 120_000 })
  await expect(engine.getByTestId('engine-placement')).toHaveText('CPU')
  await expect(engine.getByTestId('engine-adapters')).toContainText('×1')
  await expect(engine.getByTestId('engine-base-loads')).toContainText('1 time')
  await expect(engine.getByTestId('engine-binary')).toHaveText(/^(Prebuilt \(portable\)|Built for this machine(, generation steps on the engine thread)?)$/)
  // Two reports at once by default; a new setting shows beside it until the engine is loaded again.
  await expect(engine.getByTestId('engine-sequences')).toHaveText('2')
  await page.getByLabel('Parallel reports').fill('3')
  await page.getByRole('button', { name: 'Save settings' }).click()
  await expect(engine.getByTestId('engine-sequences')).toHaveText('2 (3 after the next Load)')
  await engine.getByRole('button', { name: 'Load', exact: true }).click()
  await expect(engine.getByTestId('engine-sequences')).toHaveText('3', { timeout: 120_000 })
  await expect(engine.getByTestId('engine-base-loads')).toContainText('1 time')

  // Nothing is imported yet, so the batch has nothing to queue.
  await page.getByRole('button', { name: 'Interpret all new reports' }).click()
  await expect(page.getByTestId('batch-added')).toHaveText('No new reports to queue.')

  // A model in the active configuration is not removed: the confirmation shows why.
  await adapter.getByRole('button', { name: 'Remove readout-test-adapter' }).click()
  const confirm = page.getByTestId('remove-model-confirm')
  await confirm.getByRole('button', { name: 'Remove', exact: true }).click()
  await expect(confirm).toContainText('(CONFLICT)')
  await expect(confirm).toContainText('part of the active configuration')
  await confirm.getByRole('button', { name: 'Keep' }).click()
  await expect(rows).toHaveCount(2)

  // The About panel shows the same engine.
  await page.getByRole('button', { name: 'About and status' }).click()
  await expect(page.getByTestId('status-model')).toContainText('CPU')
  await expect(page.getByTestId('status-model').getByTestId('engine-state')).toHaveText('Ready')
})
