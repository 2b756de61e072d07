// Test services on a fresh temporary data folder (real SQLite file), removed afterwards.
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { ROLES, type Role, type SessionUser } from '../../src/shared/domain/roles'
import type { Result } from '../../src/shared/contract'
import { userAdmin } from '../../src/main/auth/userAdmin'
import { handlers } from '../../src/main/handlers'
import type { CallContext } from '../../src/main/handlers/types'
import type { HostSpawner } from '../../src/main/llm/engine/hostProtocol'
import { silentLogger, type Logger } from '../../src/main/log'
import { builtEntries, createServices, type Services } from '../../src/main/services'
import { createDispatch, type Dispatch } from '../../src/main/transport/dispatch'

/**
 * The tester: a signed-in user holding every role, so handler tests exercise what they test rather than the role
 * checks. The user has no database row (id 0); a test that needs a real account (a password to check, a session)
 * makes one with addTestUser.
 */
export const TEST_USER: SessionUser = { id: 0, username: 'tester', displayName: 'Tester', roles: [...ROLES] }
export const TEST_CTX: CallContext = { actor: 'tester', transport: 'test', user: TEST_USER }

/** Meets the password policy (15+ characters, not on the blocklist); the one test users get unless they ask for another. */
export const TEST_PASSWORD = 'plum kettle harbour 42'

/** A caller that has not signed in. */
export const ANONYMOUS_CTX: CallContext = { actor: 'anonymous', transport: 'test' }

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
  opts: { logger?: Logger; engineProcess?: boolean; llmHostSpawner?: HostSpawner; parseWorker?: boolean; now?: () => Date; remoteTuning?: { retries?: number; retryBaseMs?: number } } = {},
): TestServices {
  const dataDir = makeTempDir()
  const services = createServices({
    dataDir,
    version: '0.0.0-test',
    runtime: 'node',
    logger: opts.logger ?? silentLogger,
    ...(opts.engineProcess ? { llmHostPath: requireBuilt(LLM_HOST_PATH), llmHostSpawner: opts.llmHostSpawner } : {}),
    ...(opts.parseWorker ? { parseWorkerPath: requireBuilt(PARSE_WORKER_PATH) } : {}),
    ...(opts.now ? { auth: { now: opts.now } } : {}),
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

export interface TestUser {
  user: SessionUser
  password: string
  /** A context for calls made by this user (as the CLI makes them: the user is known, no session). */
  ctx: CallContext
}

/** A real account with a password (hashed with the app's own parameters) and a context for calls made by it. */
export async function addTestUser(
  t: TestServices,
  username: string,
  roles: Role[],
  opts: { password?: string; displayName?: string; mustChangePassword?: boolean } = {},
): Promise<TestUser> {
  const password = opts.password ?? TEST_PASSWORD
  const created = await userAdmin(t.services.db, t.services.auth).create(
    { username, displayName: opts.displayName ?? `Test ${username}`, roles, password, mustChangePassword: opts.mustChangePassword ?? false },
    'test-setup',
  )
  const user: SessionUser = { id: created.id, username: created.username, displayName: created.displayName, roles: created.roles }
  return { user, password, ctx: { actor: username, transport: 'test', user } }
}

/** A context for a session (as the HTTP host and the app window make them): the user comes from the session. */
export function sessionCtx(sessionId: string, transport: CallContext['transport'] = 'test'): CallContext {
  return { actor: 'anonymous', transport, sessionId }
}

/** A call as the given caller: its result envelope. */
export function callAs(t: TestServices, ctx: CallContext, method: string, input: unknown): Promise<Result<unknown>> {
  return t.dispatch(method, input, ctx)
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
