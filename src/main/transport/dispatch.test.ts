// dispatch: unknown methods, invalid input, handler errors and output validation become the right envelopes.
import { afterEach, describe, expect, it } from 'vitest'
import { AppError } from '../../shared/errors'
import { handlers } from '../handlers'
import type { HandlerTable } from '../handlers/types'
import { makeServices, TEST_CTX, type TestServices } from '../../../test/helpers/services'
import { ctxAs } from '../../../test/helpers/users'
import { createDispatch } from './dispatch'

let t: TestServices
afterEach(() => t.cleanup())

describe('dispatch', () => {
  it('runs a known method and returns its validated output', async () => {
    t = makeServices()
    const r = await t.dispatch('app.info', {}, TEST_CTX)
    expect(r.ok).toBe(true)
    if (r.ok) expect((r.value as { dataDir: string }).dataDir).toBe(t.dataDir)
  })

  it('rejects an unknown method with UNKNOWN_METHOD', async () => {
    t = makeServices()
    const r = await t.dispatch('reports.dropAll', {}, TEST_CTX)
    expect(r).toEqual({ ok: false, error: { code: 'UNKNOWN_METHOD', message: 'Unknown method: reports.dropAll' } })
  })

  it('does not treat Object.prototype names as methods', async () => {
    t = makeServices()
    const r = await t.dispatch('toString', {}, TEST_CTX)
    expect(r.ok || r.error.code).toBe('UNKNOWN_METHOD')
  })

  it('rejects invalid input with INVALID_INPUT naming the field', async () => {
    t = makeServices()
    const r = await t.dispatch('settings.set', { key: 'no.such.key', value: 1 }, TEST_CTX)
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error.code).toBe('INVALID_INPUT')
      expect(r.error.message).toContain('key')
    }
    const wrongType = await t.dispatch('settings.set', { key: 'mllp.port', value: 'twenty' }, TEST_CTX)
    expect(wrongType.ok || wrongType.error.code).toBe('INVALID_INPUT')
    const outOfRange = await t.dispatch('settings.set', { key: 'mllp.port', value: 70000 }, TEST_CTX)
    expect(outOfRange.ok || outOfRange.error.code).toBe('INVALID_INPUT')
    const extra = await t.dispatch('app.info', { surprise: true }, TEST_CTX)
    expect(extra.ok || extra.error.code).toBe('INVALID_INPUT')
  })

  it('passes AppError codes through and hides unknown errors behind INTERNAL, logging them', async () => {
    t = makeServices()
    const logged: string[] = []
    t.services.log.error = (msg: string, err?: unknown) => logged.push(`${msg}: ${String(err)}`)
    const broken: HandlerTable = {
      ...handlers,
      'audit.verify': () => {
        throw new AppError('NOT_FOUND', 'No such thing')
      },
      'settings.get': () => {
        throw new Error('patient Jane Doe exploded')
      },
    }
    const dispatch = createDispatch(broken, t.services)
    expect(await dispatch('audit.verify', {}, TEST_CTX)).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'No such thing' } })
    const r = await dispatch('settings.get', {}, TEST_CTX)
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error.code).toBe('INTERNAL')
      expect(r.error.message).not.toContain('Jane')
    }
    expect(logged.join('\n')).toContain('settings.get failed')
  })

  it('treats a handler returning malformed output as INTERNAL', async () => {
    t = makeServices()
    const bad = { ...handlers, 'audit.verify': () => ({ ok: 'yes' }) } as unknown as HandlerTable
    const r = await createDispatch(bad, t.services)('audit.verify', {}, TEST_CTX)
    expect(r.ok || r.error.code).toBe('INTERNAL')
  })

  it('settings.set stores the value and appends an audit event with an intact chain', async () => {
    t = makeServices()
    const seen: string[] = []
    t.services.events.onAny((e) => seen.push(e))
    expect((await t.dispatch('settings.set', { key: 'import.autoQueue', value: true }, TEST_CTX)).ok).toBe(true)
    const got = await t.dispatch('settings.get', {}, TEST_CTX)
    expect(got).toEqual({ ok: true, value: { 'import.autoQueue': true } })
    const admin = ctxAs('ada', ['admin'])
    const audit = await t.dispatch('audit.list', {}, admin)
    expect(audit.ok && (audit.value as { action: string; actor: string }[])[0]).toMatchObject({ action: 'settings.set', actor: 'tester' })
    // Row 1 records that the anchor file is kept; row 2 is the setting.
    expect(await t.dispatch('audit.verify', {}, admin)).toMatchObject({ ok: true, value: { ok: true, checked: 2, firstBadId: null, reason: null } })
    expect(seen).toEqual(['settings.changed'])
  })
})
