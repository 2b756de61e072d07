// Model versions and staged rollout through the handlers on a real SQLite file: roles, one production at a time,
// rollback, canary share validation, justification of promotions, and the audit rows each change leaves.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ModelVersion, RolloutStatus } from '../../src/shared/contract/rollout'
import type { CallContext } from '../../src/main/handlers/types'
import { listAudit } from '../../src/main/store/audit'
import { insertFinishedRun, insertModelRow } from '../helpers/rollout'
import { ctxAs } from '../helpers/users'
import { callAs, makeServices, type TestServices } from '../helpers/services'

let t: TestServices
const ml = ctxAs('mona', ['ml'])
const clinician = ctxAs('carl', ['clinician'])
let baseId: number
let adapterId: number


async function ok<T>(ctx: CallContext, method: string, input: unknown): Promise<T> {
  const r = await callAs(t, ctx, method, input)
  if (!r.ok) throw new Error(`${method}: ${r.error.code}: ${r.error.message}`)
  return r.value as T
}

async function fails(ctx: CallContext, method: string, input: unknown): Promise<{ code: string; message: string }> {
  const r = await callAs(t, ctx, method, input)
  if (r.ok) throw new Error(`${method} should have failed`)
  return r.error
}


beforeEach(() => {
  t = makeServices()
  baseId = insertModelRow(t.services.db, 'base', 'base', 'a')
  adapterId = insertModelRow(t.services.db, 'adapter', 'adapter', 'b')
})
afterEach(() => {
  t.services.queue.pause()
  t.cleanup()
})

describe('model versions', () => {
  it('registers a version from a SPEC with the models\' fingerprints and the current sampling settings', async () => {
    const v = await ok<ModelVersion>(ml, 'versions.create', { spec: `${baseId}+${adapterId}:0.5`, name: 'round-2' })
    expect(v).toMatchObject({ name: 'round-2', baseModelId: baseId, state: 'candidate', canaryPercent: null, createdBy: 'mona' })
    expect(v.adapters).toEqual([{ modelId: adapterId, sha256: 'b'.repeat(64), scale: 0.5 }])
    expect(v.fingerprint).toMatch(/^[0-9a-f]{64}$/)
    const plain = await ok<ModelVersion>(ml, 'versions.create', { spec: String(baseId) })
    expect(plain.name).toBe(`base${baseId}`)
    expect((await ok<ModelVersion[]>(clinician, 'versions.list', {})).map((x) => x.name)).toEqual(['round-2', `base${baseId}`])
  })

  it('refuses a bad SPEC, unknown or wrong-kind models, the same configuration twice, and a clinician', async () => {
    expect(await fails(ml, 'versions.create', { spec: '3+x' })).toMatchObject({ code: 'INVALID_INPUT' })
    expect((await fails(ml, 'versions.create', { spec: 'round-2' })).message).toContain('BASE_ID')
    expect(await fails(ml, 'versions.create', { spec: '999' })).toMatchObject({ code: 'NOT_FOUND' })
    expect(await fails(ml, 'versions.create', { spec: String(adapterId) })).toMatchObject({ code: 'INVALID_INPUT' })
    expect(await fails(ml, 'versions.create', { spec: `${baseId}+${baseId}` })).toMatchObject({ code: 'INVALID_INPUT' })
    await ok(ml, 'versions.create', { spec: String(baseId), name: 'one' })
    expect((await fails(ml, 'versions.create', { spec: String(baseId), name: 'two' })).message).toContain('"one"')
    expect(await fails(clinician, 'versions.create', { spec: String(baseId) })).toMatchObject({ code: 'FORBIDDEN' })
    expect(await ok<ModelVersion[]>(ml, 'versions.list', {})).toHaveLength(1)
  })
})

describe('rollout', () => {
  let v1: number
  let v2: number
  beforeEach(async () => {
    v1 = (await ok<ModelVersion>(ml, 'versions.create', { spec: String(baseId), name: 'base-only' })).id
    v2 = (await ok<ModelVersion>(ml, 'versions.create', { spec: `${baseId}+${adapterId}`, name: 'tuned' })).id
  })

  it('promotion needs ml or admin: a clinician is FORBIDDEN and nothing changes', async () => {
    expect(await fails(clinician, 'rollout.promote', { versionId: v1 })).toMatchObject({ code: 'FORBIDDEN' })
    expect(await fails(clinician, 'rollout.rollback', {})).toMatchObject({ code: 'FORBIDDEN' })
    expect(await fails(clinician, 'rollout.canary', { versionId: v2, percent: 10 })).toMatchObject({ code: 'FORBIDDEN' })
    const status = await ok<RolloutStatus>(clinician, 'rollout.status', {})
    expect(status.productionId).toBeNull()
    expect(await ok<RolloutStatus>(ctxAs('ada', ['admin']), 'rollout.promote', { versionId: v1 })).toMatchObject({ productionId: v1 })
  })

  it('keeps one production version; rollback restores the previous one', async () => {
    await ok(ml, 'rollout.promote', { versionId: v1 })
    // A second production needs the evaluation run that justifies it, finished and covering the version.
    await ok(ml, 'rollout.shadow', { versionId: v2 })
    expect(await fails(ml, 'rollout.promote', { versionId: v2 })).toMatchObject({ code: 'INVALID_INPUT' })
    expect(await fails(ml, 'rollout.promote', { versionId: v2, evaluationRunId: 77 })).toMatchObject({ code: 'NOT_FOUND' })
    const unrelated = insertFinishedRun(t.services.db, [v1])
    expect(await fails(ml, 'rollout.promote', { versionId: v2, evaluationRunId: unrelated })).toMatchObject({ code: 'CONFLICT' })
    const run = insertFinishedRun(t.services.db, [v1, v2])
    const after = await ok<RolloutStatus>(ml, 'rollout.promote', { versionId: v2, evaluationRunId: run })
    expect(after.productionId).toBe(v2)
    expect(after.versions.filter((v) => v.state === 'production')).toHaveLength(1)
    expect(after.versions.find((v) => v.id === v1)?.state).toBe('retired')
    expect(after.productionHistory).toEqual([v1, v2])

    const back = await ok<RolloutStatus>(ml, 'rollout.rollback', {})
    expect(back.productionId).toBe(v1)
    expect(back.versions.find((v) => v.id === v2)?.state).toBe('retired')
    expect(back.productionHistory).toEqual([v1])
    // v1 was the first production: nothing before it.
    expect(await fails(ml, 'rollout.rollback', {})).toMatchObject({ code: 'CONFLICT' })
    const promos = t.services.db.prepare('SELECT kind, version_id, previous_version_id, eval_run_id FROM model_version_promotions ORDER BY id').all()
    expect(promos).toEqual([
      { kind: 'promote', version_id: v1, previous_version_id: null, eval_run_id: null },
      { kind: 'promote', version_id: v2, previous_version_id: v1, eval_run_id: run },
      { kind: 'rollback', version_id: v1, previous_version_id: v2, eval_run_id: null },
    ])
  })

  it('validates the canary share and needs a production version', async () => {
    expect((await fails(ml, 'rollout.canary', { versionId: v2, percent: 10 })).message).toContain('no production version')
    await ok(ml, 'rollout.promote', { versionId: v1 })
    for (const percent of [0, 100, -5, 150, 12.345]) {
      expect(await fails(ml, 'rollout.canary', { versionId: v2, percent })).toMatchObject({ code: 'INVALID_INPUT' })
    }
    expect(await fails(ml, 'rollout.canary', { versionId: 999, percent: 10 })).toMatchObject({ code: 'NOT_FOUND' })
    const s = await ok<RolloutStatus>(ml, 'rollout.canary', { versionId: v2, percent: 12.5 })
    expect(s.canaryId).toBe(v2)
    expect(s.versions.find((v) => v.id === v2)).toMatchObject({ state: 'canary', canaryPercent: 12.5 })
    expect((await ok<RolloutStatus>(ml, 'rollout.canary', { versionId: v2, percent: 40 })).versions.find((v) => v.id === v2)?.canaryPercent).toBe(40)
    expect(await fails(ml, 'rollout.resumeCanary', { versionId: v2 })).toMatchObject({ code: 'CONFLICT' })
    expect(await fails(ml, 'rollout.shadow', { versionId: v1 })).toMatchObject({ code: 'CONFLICT' })
  })

  it('appends an audit row per change, with ids and states only, named for the user', async () => {
    await ok(ml, 'rollout.promote', { versionId: v1 })
    await ok(ml, 'rollout.canary', { versionId: v2, percent: 5 })
    await ok(ml, 'rollout.shadow', { versionId: v2 })
    await fails(ml, 'rollout.rollback', {})
    const rows = listAudit(t.services.db, { limit: 50, action: 'rollout.' })
    expect(rows.map((r) => [r.action, r.actor, r.entityId])).toEqual([
      ['rollout.shadow', 'mona', String(v2)],
      ['rollout.canary', 'mona', String(v2)],
      ['rollout.promote', 'mona', String(v1)],
    ])
    expect(rows[1]?.details).toEqual({ events: [{ kind: 'state', versionId: v2, from: 'candidate', to: 'canary' }, { kind: 'canary-share', versionId: v2, percent: 5 }], percent: 5 })
    expect(listAudit(t.services.db, { limit: 50, action: 'model_version.created' })).toHaveLength(2)
  })
})
