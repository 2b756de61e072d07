// Rollout state on a real SQLite file: register versions, walk them to production, pause, roll back, refuse without writing.
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeTempDir } from '../../../test/helpers/services'
import { openDatabase, type Db } from '../store/db'
import { routeReport } from './rollout/route'
import { applyRolloutAction, loadFleet, registerVersion, type NewVersion } from './rolloutStore'

const ML = { id: 3, name: 'ml-user' }
const AT = '2026-03-01T10:00:00.000Z'
let dir: string
let db: Db

beforeEach(() => {
  dir = makeTempDir()
  db = openDatabase(join(dir, 'readout.db'))
  db.prepare(
    `INSERT INTO models (id, kind, path, name, size, sha256, architecture, parameter_count, quantisation, has_chat_template, metadata, added_at)
     VALUES (1, 'base', '/m/base.gguf', 'base', 1, 'aa', 'llama', 1, 'F16', 1, '{}', ?), (2, 'adapter', '/m/a.gguf', 'a', 1, 'bb', 'llama', 1, 'F16', 0, '{}', ?)`,
  ).run(AT, AT)
})
afterEach(() => {
  db.close()
  rmSync(dir, { recursive: true, force: true })
})

function version(name: string, scale: number | null): NewVersion {
  return {
    name,
    baseModelId: 1,
    baseSha256: 'aa',
    adapters: scale === null ? [] : [{ modelId: 2, sha256: 'bb', scale }],
    promptTemplateVersion: 't1',
    sampling: { temperature: 0, seed: 42, maxTokens: 512 },
  }
}

const states = () => Object.fromEntries(loadFleet(db).versions.map((v) => [v.id, v.state]))

describe('rollout store', () => {
  it('registers versions once by name and by configuration', () => {
    const base = registerVersion(db, version('base', null), ML, AT)
    expect(() => registerVersion(db, version('base', 0.5), ML, AT)).toThrow(/already named "base"/)
    expect(() => registerVersion(db, version('again', null), ML, AT)).toThrow(new RegExp(`already model version ${base} \\("base"\\)`))
    expect(loadFleet(db)).toEqual({ versions: [expect.objectContaining({ id: base, state: 'candidate', canaryPercent: null, paused: null, salt: expect.stringMatching(/^[0-9a-f]{16}$/) })], productionHistory: [] })
  })

  it('promotes, runs a canary, pauses it, promotes again and rolls back to the previous production', () => {
    const v1 = registerVersion(db, version('base', null), ML, AT)
    const v2 = registerVersion(db, version('lora-0.5', 0.5), ML, AT)
    applyRolloutAction(db, { kind: 'promote', versionId: v1, evaluationRunId: null }, ML, AT)
    applyRolloutAction(db, { kind: 'canary', versionId: v2, percent: 10 }, ML, AT)
    const paused = applyRolloutAction(db, { kind: 'pause', versionId: v2, reason: 'correction rate alert' }, ML, AT)
    expect(paused.events).toEqual([{ kind: 'paused', versionId: v2, reason: 'correction rate alert' }])
    expect(db.prepare('SELECT paused_reason, paused_at FROM model_versions WHERE id = ?').get(v2)).toEqual({ paused_reason: 'correction rate alert', paused_at: AT })
    for (let id = 1; id <= 300; id++) expect(routeReport(id, loadFleet(db)).shown).toBe(v1)
    applyRolloutAction(db, { kind: 'resume', versionId: v2 }, ML, AT)

    db.prepare("INSERT INTO eval_runs (id, created_at, created_by_id, created_by_name, state, set_spec, gate_text, gate_version, seed, report_count) VALUES (5, ?, 3, 'ml-user', 'queued', '{}', 'g', 'g1', 1, 0)").run(AT)
    applyRolloutAction(db, { kind: 'promote', versionId: v2, evaluationRunId: 5 }, ML, '2026-03-02T00:00:00.000Z')
    expect(states()).toEqual({ [v1]: 'retired', [v2]: 'production' })
    expect(loadFleet(db).productionHistory).toEqual([v1, v2])

    const back = applyRolloutAction(db, { kind: 'rollback' }, ML, '2026-03-03T00:00:00.000Z')
    expect(back.events.at(-1)).toEqual({ kind: 'rolled-back', from: v2, to: v1 })
    expect(states()).toEqual({ [v1]: 'production', [v2]: 'retired' })
    expect(loadFleet(db).productionHistory).toEqual([v1])
    expect(db.prepare('SELECT kind, version_id, previous_version_id, eval_run_id, user_name FROM model_version_promotions ORDER BY id').all()).toEqual([
      { kind: 'promote', version_id: v1, previous_version_id: null, eval_run_id: null, user_name: 'ml-user' },
      { kind: 'promote', version_id: v2, previous_version_id: v1, eval_run_id: 5, user_name: 'ml-user' },
      { kind: 'rollback', version_id: v1, previous_version_id: v2, eval_run_id: null, user_name: 'ml-user' },
    ])
    expect(db.prepare('SELECT state_changed_at FROM model_versions WHERE id = ?').get(v1)).toEqual({ state_changed_at: '2026-03-03T00:00:00.000Z' })
  })

  it('refuses a transition with its code and writes nothing', () => {
    const v1 = registerVersion(db, version('base', null), ML, AT)
    const v2 = registerVersion(db, version('lora', 1), ML, AT)
    applyRolloutAction(db, { kind: 'promote', versionId: v1, evaluationRunId: null }, ML, AT)
    applyRolloutAction(db, { kind: 'shadow', versionId: v2 }, ML, AT)
    expect(() => applyRolloutAction(db, { kind: 'promote', versionId: v2, evaluationRunId: null }, ML, AT)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringMatching(/evaluation run/) }))
    expect(() => applyRolloutAction(db, { kind: 'rollback' }, ML, AT)).toThrow(expect.objectContaining({ code: 'CONFLICT' }))
    expect(states()).toEqual({ [v1]: 'production', [v2]: 'shadow' })
    expect(db.prepare('SELECT count(*) AS n FROM model_version_promotions').get()).toEqual({ n: 1 })
  })
})
