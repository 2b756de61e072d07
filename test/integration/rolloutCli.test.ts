// `readout versions` and `readout rollout` through the built CLI as a signed-in user, on a real data folder with the
// generated test models registered: register versions, promote, canary, refuse a bad share, promote with an evaluation run, roll back.
import { rmSync } from 'node:fs'
import Database from 'better-sqlite3'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeTestModels } from '../../scripts/make-test-models'
import type { ModelVersion, RolloutStatus } from '../../src/shared/contract/rollout'
import { createCliUser, runCli } from '../helpers/cli'
import { insertFinishedRun } from '../helpers/rollout'
import { makeTempDir } from '../helpers/services'

let dataDir: string
let work: string

function ok(args: string[]): string {
  const r = runCli(dataDir, args)
  expect(r.status, `readout ${args.join(' ')}: ${r.stderr}`).toBe(0)
  return r.stdout
}
function finishedRun(baseline: number, candidate: number): number {
  const db = new Database(join(dataDir, 'readout.db'))
  try {
    return insertFinishedRun(db, [baseline, candidate], 'cli-admin')
  } finally {
    db.close()
  }
}
const json = <T>(args: string[]): T => JSON.parse(ok([...args, '--json'])) as T

beforeAll(async () => {
  dataDir = makeTempDir('readout-rollout-cli-')
  work = makeTempDir('readout-rollout-models-')
  const models = await makeTestModels({ outDir: join(work, 'models') })
  createCliUser(dataDir)
  ok(['models', 'add', models.base])
  ok(['models', 'add', models.adapter])
}, 120_000)
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true })
  rmSync(work, { recursive: true, force: true })
})

describe('readout versions / rollout', () => {
  it('registers versions, promotes, sets a canary by name, promotes it with its evaluation run, and rolls back', () => {
    const base = json<ModelVersion>(['versions', 'add', '1', '--name', 'base-only'])
    const tuned = json<ModelVersion>(['versions', 'add', '1+2:0.5'])
    expect(tuned).toMatchObject({ name: 'base1-a2x0.5', state: 'candidate', adapters: [{ modelId: 2, scale: 0.5 }] })
    expect(json<ModelVersion[]>(['versions', 'list']).map((v) => v.id)).toEqual([base.id, tuned.id])

    expect(json<RolloutStatus>(['rollout', 'promote', 'base-only']).productionId).toBe(base.id)
    const canary = json<RolloutStatus>(['rollout', 'canary', 'base1-a2x0.5', '15'])
    expect(canary.versions.find((v) => v.id === tuned.id)).toMatchObject({ state: 'canary', canaryPercent: 15 })

    // A share out of range: a located error on stderr, exit 1, nothing changed.
    const bad = runCli(dataDir, ['rollout', 'canary', String(tuned.id), '100', '--json'])
    expect(bad.status).toBe(1)
    expect(bad.stdout).toBe('')
    expect(bad.stderr).toContain('less than 100 percent')
    // A second promotion without its evaluation run is refused.
    const unjustified = runCli(dataDir, ['rollout', 'promote', String(tuned.id)])
    expect(unjustified.status).toBe(1)
    expect(unjustified.stderr).toContain('evaluation run')

    // Rollback needs an earlier production: refused now, with the reason.
    const early = runCli(dataDir, ['rollout', 'rollback'])
    expect(early.status).toBe(1)
    expect(early.stderr).toContain('first production version')

    const text = ok(['rollout', 'status'])
    expect(text).toContain('production: 1 (base-only)')
    expect(text).toContain('canary 15%')

    // With a finished evaluation run that compared both (written directly: runs are not wired to the engine yet).
    const run = finishedRun(base.id, tuned.id)
    const promoted = json<RolloutStatus>(['rollout', 'promote', String(tuned.id), '--evaluation', String(run)])
    expect([promoted.productionId, promoted.canaryId, promoted.productionHistory]).toEqual([tuned.id, null, [base.id, tuned.id]])
    const back = json<RolloutStatus>(['rollout', 'rollback'])
    expect([back.productionId, back.productionHistory]).toEqual([base.id, [base.id]])
    expect(back.versions.find((v) => v.id === tuned.id)?.state).toBe('retired')
    expect(ok(['rollout', 'status'])).toContain('production: 1 (base-only)')
  }, 120_000)

  it('explains an unknown version name and a bad SPEC', () => {
    const unknown = runCli(dataDir, ['rollout', 'shadow', 'nope'])
    expect(unknown.status).toBe(1)
    expect(unknown.stderr).toContain('no model version named "nope"')
    const spec = runCli(dataDir, ['versions', 'add', '1+x'])
    expect(spec.status).toBe(1)
    expect(spec.stderr).toContain('adapter 1 ("x")')
  })
})
