// Test services on a fresh temporary data folder (real SQLite file), removed afterwards.
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { handlers } from '../../src/main/handlers'
import type { CallContext } from '../../src/main/handlers/types'
import type { HostSpawner } from '../../src/main/llm/engine/hostProtocol'
import { silentLogger, type Logger } from '../../src/main/log'
import { builtEntries, createServices, type Services } from '../../src/main/services'
import { createDispatch, type Dispatch } from '../../src/main/transport/dispatch'

export const TEST_CTX: CallContext = { actor: 'tester', transport: 'test' }

export interface TestServices {
  services: Services
  dispatch: Dispatch
  dataDir: string
  cleanup(): void
}

export function makeTempDir(prefix = 'readout-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix))
}

const BUILT = builtEntries(resolve(__dirname, '..', '..', 'out', 'main'))

/** A built entry's path; `npm test` builds before it runs vitest, a bare `vitest` run may not have. */
export function requireBuilt(path: string): string {
  if (!existsSync(path)) throw new Error(`${path} is missing: run 'npm run build' first`)
  return path
}

/** The built model-engine entry. */
export const LLM_HOST_PATH = BUILT.llmHostPath

/** The built parse-worker entry for batch imports. */
export const PARSE_WORKER_PATH = BUILT.parseWorkerPath

/**
 * With `engineProcess`, node-llama-cpp runs in its own process from the built entry, and with `parseWorker` batch
 * imports parse on the built worker thread, as in the app.
 */
export function makeServices(
  opts: { logger?: Logger; engineProcess?: boolean; llmHostSpawner?: HostSpawner; parseWorker?: boolean; remoteTuning?: { retries?: number; retryBaseMs?: number } } = {},
): TestServices {
  const dataDir = makeTempDir()
  const services = createServices({
    dataDir,
    version: '0.0.0-test',
    runtime: 'node',
    logger: opts.logger ?? silentLogger,
    ...(opts.engineProcess ? { llmHostPath: requireBuilt(LLM_HOST_PATH), llmHostSpawner: opts.llmHostSpawner } : {}),
    ...(opts.parseWorker ? { parseWorkerPath: requireBuilt(PARSE_WORKER_PATH) } : {}),
    ...(opts.remoteTuning ? { remoteTuning: opts.remoteTuning } : {}),
  })
  return {
    services,
    dispatch: createDispatch(handlers, services),
    dataDir,
    cleanup() {
      services.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** A call through the handler table as the tester: its value, or a thrown "CODE: message". */
export async function callOk<T>(t: TestServices, method: string, input: unknown): Promise<T> {
  const r = await t.dispatch(method, input, TEST_CTX)
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`)
  return r.value as T
}

/** A call that must fail: its error envelope (code and message); throws if it succeeded. */
export async function callFails(t: TestServices, method: string, input: unknown): Promise<{ code: string; message: string }> {
  const r = await t.dispatch(method, input, TEST_CTX)
  if (r.ok) throw new Error(`${method} should have failed`)
  return r.error
}
