// Generates the project's tiny test models (scripts/make-test-models.ts) into a folder, for e2e tests that need a real GGUF model.
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { REPO_ROOT } from './serve'

/** Runs the generator under vite-node (as `npm run make-test-models` does) and returns the files' paths. */
export function makeTestModels(outDir: string): { base: string; adapter: string } {
  const out = execFileSync(join(REPO_ROOT, 'node_modules', '.bin', 'vite-node'), ['scripts/make-test-models.ts', '--', '--out', outDir], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const line = out.trim().split('\n').pop() ?? ''
  return JSON.parse(line) as { base: string; adapter: string }
}
