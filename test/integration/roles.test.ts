// Role enforcement over the whole contract: every method refuses a caller who is not signed in unless it is on the
// explicit public list, and each role reaches exactly the methods the policy below gives it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { contract, type MethodName } from '../../src/shared/contract'
import { ROLES, type Role } from '../../src/shared/domain/roles'
import { AppError } from '../../src/shared/errors'
import { handlers } from '../../src/main/handlers'
import { PUBLIC_METHODS } from '../../src/main/handlers/auth'
import type { CallContext, Handler } from '../../src/main/handlers/types'
import { ANONYMOUS_CTX, makeServices, type TestServices } from '../helpers/services'

let t: TestServices
beforeAll(() => {
  t = makeServices()
})
afterAll(() => {
  t.services.queue.pause()
  t.cleanup()
})

/** Runs a handler directly with an empty input: the role check must come before the input is used. */
async function codeOf(method: string, ctx: CallContext): Promise<string> {
  const handler = handlers[method as MethodName] as Handler<MethodName>
  try {
    await Promise.resolve().then(() => handler({} as never, t.services, ctx))
    return 'OK'
  } catch (err) {
    return err instanceof AppError ? err.code : `THROWN ${(err as Error).name}`
  }
}

const ANY = 'any signed-in user'
const DRAFT: Role[] = ['technician', 'clinician']
const MODELS: Role[] = ['ml', 'admin']

/** Who may call what. A method added later must at least refuse callers who are not signed in (first test). */
const POLICY: Record<string, typeof ANY | Role[]> = {
  'settings.get': ANY,
  'settings.set': ['admin'],
  // Anyone signed in lists the events recorded about themselves (only an admin names another user), and may verify
  // the chain: its answer holds counts and ids only. Exporting a checkpoint is an admin's.
  'audit.list': ANY,
  'audit.verify': ANY,
  'audit.status': ANY,
  'audit.exportCheckpoint': ['admin'],
  'import.files': DRAFT,
  'import.paths': DRAFT,
  'reports.list': ANY,
  'reports.get': ANY,
  'reports.trend': ANY,
  'quarantine.list': ANY,
  'quarantine.get': ANY,
  'patients.notes': ANY,
  'patients.addNote': DRAFT,
  'patients.retractNote': DRAFT,
  'rules.get': ANY,
  'rules.validate': ANY,
  'rules.activate': ['admin'],
  'rules.resetToDefault': ['admin'],
  'rules.run': ['admin'],
  'models.add': MODELS,
  'models.list': ANY,
  'models.remove': MODELS,
  'models.use': MODELS,
  'models.configure': MODELS,
  'models.status': ANY,
  'models.load': ANY,
  'models.unload': ANY,
  'models.promptTemplate': ANY,
  'interpret.report': DRAFT,
  'interpret.cancel': DRAFT,
  'interpret.latest': ANY,
  'queue.enqueue': DRAFT,
  'queue.status': ANY,
  'queue.failures': ANY,
  'queue.start': DRAFT,
  'queue.pause': DRAFT,
  'queue.cancel': DRAFT,
  'users.list': ['admin'],
  'users.reviewers': ANY,
  'users.create': ['admin'],
  'users.update': ['admin'],
  'users.disable': ['admin'],
  'users.enable': ['admin'],
  'users.resetPassword': ['admin'],
  'versions.list': ANY,
  'versions.create': MODELS,
  'rollout.status': ANY,
  'rollout.shadow': MODELS,
  'rollout.canary': MODELS,
  'rollout.promote': MODELS,
  'rollout.rollback': MODELS,
  'rollout.resumeCanary': MODELS,
  // Evaluation results are model-quality data for the people who choose models.
  'eval.start': MODELS,
  'eval.list': MODELS,
  'eval.show': MODELS,
  'eval.cancel': MODELS,
  'eval.resume': MODELS,
  'eval.reportHtml': MODELS,
  'rollout.pauseCanary': MODELS,
  // Monitoring is made of clinicians' own corrections; they may read it beside ml and admin.
  'rollout.monitor': ['clinician', 'ml', 'admin'],
  'rollout.thresholds': ANY,
  'rollout.setThresholds': MODELS,
  // Technicians prepare a review; only a clinician signs, amends or confirms a signed version.
  'review.get': DRAFT,
  'review.save': DRAFT,
  'review.apply': DRAFT,
  'review.return': DRAFT,
  'review.sign': ['clinician'],
  'review.amend': ['clinician'],
  'review.confirmSigned': ['clinician'],
  'review.counts': ANY,
}

describe('role enforcement', () => {
  it('every method outside the public list refuses a caller who is not signed in', async () => {
    const open: string[] = []
    for (const method of Object.keys(contract)) {
      if (PUBLIC_METHODS.includes(method)) continue
      const code = await codeOf(method, ANONYMOUS_CTX)
      if (code !== 'UNAUTHENTICATED') open.push(`${method} → ${code}`)
    }
    expect(open).toEqual([])
  })

  it('the public list names only contract methods, none of which reads clinical data', () => {
    for (const m of PUBLIC_METHODS) expect(Object.keys(contract)).toContain(m)
    expect(PUBLIC_METHODS.filter((m) => !m.startsWith('auth.'))).toEqual(['app.info'])
  })

  it('a locked session, or one waiting for a password change, is refused like no session', async () => {
    const user = { id: 9, username: 'x', displayName: 'X', roles: [...ROLES] }
    expect(await codeOf('rules.get', { actor: 'x', transport: 'test', user: null, sessionState: 'locked' })).toBe('UNAUTHENTICATED')
    expect(await codeOf('rules.get', { actor: 'x', transport: 'test', user: null, sessionState: 'must-change-password' })).toBe('UNAUTHENTICATED')
    expect(await codeOf('rules.get', { actor: 'x', transport: 'test', user })).toBe('OK')
  })

  describe.each(ROLES)('a user holding only %s', (role) => {
    const ctx: CallContext = { actor: `only-${role}`, transport: 'test', user: { id: 99, username: `only-${role}`, displayName: role, roles: [role] } }
    it.each(Object.keys(POLICY))('%s', async (method) => {
      const rule = POLICY[method]!
      const allowed = rule === ANY || rule.includes(role)
      const code = await codeOf(method, ctx)
      if (allowed) expect(code, `${method} should be open to ${role}`).not.toMatch(/^(FORBIDDEN|UNAUTHENTICATED)$/)
      else expect(code, `${method} should be closed to ${role}`).toBe('FORBIDDEN')
    })
  })
})
