// Test services on a fresh temporary data folder (real SQLite file), removed afterwards.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { handlers } from '../../src/main/handlers'
import type { CallContext } from '../../src/main/handlers/types'
import { silentLogger, type Logger } from '../../src/main/log'
import { createServices, type Services } from '../../src/main/services'
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

export function makeServices(opts: { logger?: Logger } = {}): TestServices {
  const dataDir = makeTempDir()
  const services = createServices({ dataDir, version: '0.0.0-test', runtime: 'node', logger: opts.logger ?? silentLogger })
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
