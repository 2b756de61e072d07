// `npm test`: typecheck, lint, build, unit/integration (Vitest) and end-to-end (Playwright), then one summary line.
const { spawnSync } = require('node:child_process')
const { mkdirSync, readFileSync, existsSync } = require('node:fs')
const { join } = require('node:path')

const root = join(__dirname, '..')
const reports = join(root, 'test-results')
mkdirSync(reports, { recursive: true })
const bin = (name) => join(root, 'node_modules', '.bin', name)

function step(label, cmd, args, env = {}) {
  process.stdout.write(`\n=== ${label}\n`)
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } })
  return r.status === 0
}

const results = []
const ok =
  step('typecheck', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']) &&
  step('lint', bin('eslint'), ['.', '--max-warnings=0']) &&
  step('build', bin('electron-vite'), ['build'])

let passed = 0
let failed = 0
let skipped = 0
if (ok) {
  const vitestJson = join(reports, 'vitest.json')
  results.push(step('unit and integration tests (Vitest)', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]))
  if (existsSync(vitestJson)) {
    const v = JSON.parse(readFileSync(vitestJson, 'utf8'))
    passed += v.numPassedTests
    failed += v.numFailedTests
    skipped += v.numPendingTests + v.numTodoTests
  }
  const pwJson = join(reports, 'playwright.json')
  results.push(step('end-to-end tests (Playwright, Chromium)', bin('playwright'), ['test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson }))
  if (existsSync(pwJson)) {
    const s = JSON.parse(readFileSync(pwJson, 'utf8')).stats
    passed += s.expected + s.flaky
    failed += s.unexpected
    skipped += s.skipped
  }
}
const success = ok && results.every(Boolean) && failed === 0
process.stdout.write(`\n${success ? '' : 'FAILED: '}${passed} passed, ${failed} failed, ${skipped} skipped\n`)
process.exit(success ? 0 : 1)
