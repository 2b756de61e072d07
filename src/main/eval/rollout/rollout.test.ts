// Rollout decisions: canary share and stability, the version state machine with rollback, routing, and alert thresholds.
import { describe, expect, it } from 'vitest'
import { checkCanaryAlerts, type ReviewOutcome } from './alerts'
import { canaryBucket, inCanary } from './canary'
import { routeReport } from './route'
import type { Fleet, RolloutAction, RolloutVersion, VersionState } from './states'
import { transition } from './transition'

describe('canary assignment', () => {
  it.each([1, 5, 10, 25, 50])('puts %i%% of 10,000 reports in the canary, within ±2 points', (percent) => {
    let n = 0
    for (let id = 1; id <= 10_000; id++) if (inCanary(id, 'version-7', percent)) n++
    expect(Math.abs(n / 100 - percent)).toBeLessThanOrEqual(2)
  })

  it('is stable per report, grows only by adding reports, and differs between versions', () => {
    const at = (salt: string, p: number) => new Set(Array.from({ length: 10_000 }, (_, i) => i + 1).filter((id) => inCanary(id, salt, p)))
    const five = at('version-7', 5)
    expect(at('version-7', 5)).toEqual(five)
    const ten = at('version-7', 10)
    for (const id of five) expect(ten.has(id)).toBe(true)
    const other = at('version-8', 5)
    const common = [...five].filter((id) => other.has(id)).length
    expect(common).toBeLessThan(five.size / 2) // independent draws share about 5%
    expect(canaryBucket(123, 'version-7')).toBe(canaryBucket(123, 'version-7'))
    expect(inCanary(123, 'version-7', 0)).toBe(false)
    expect(inCanary(123, 'version-7', 100)).toBe(true)
    expect(() => inCanary(1, 's', 101)).toThrow(/between 0 and 100/)
  })
})

function version(id: number, state: VersionState, extra: Partial<RolloutVersion> = {}): RolloutVersion {
  return { id, state, salt: `v${id}`, canaryPercent: null, paused: null, ...extra }
}

function states(f: Fleet): Record<number, string> {
  return Object.fromEntries(f.versions.map((v) => [v.id, v.state + (v.canaryPercent !== null ? ` ${v.canaryPercent}%` : '') + (v.paused ? ' paused' : '')]))
}

function run(fleet: Fleet, ...actions: RolloutAction[]): Fleet {
  let f = fleet
  for (const a of actions) {
    const r = transition(f, a)
    if (!r.ok) throw new Error(r.message)
    f = r.fleet
  }
  return f
}

describe('version state machine', () => {
  const start: Fleet = { versions: [version(1, 'candidate'), version(2, 'candidate'), version(3, 'candidate')], productionHistory: [] }

  it('walks candidate → shadow → canary → production, one production at a time, and rolls back', () => {
    const f1 = run(start, { kind: 'promote', versionId: 1, evaluationRunId: null })
    expect(states(f1)).toEqual({ 1: 'production', 2: 'candidate', 3: 'candidate' })
    const f2 = run(f1, { kind: 'shadow', versionId: 2 }, { kind: 'canary', versionId: 2, percent: 10 })
    expect(states(f2)).toEqual({ 1: 'production', 2: 'canary 10%', 3: 'candidate' })
    const promoted = transition(f2, { kind: 'promote', versionId: 2, evaluationRunId: 42 })
    expect(promoted.ok && promoted.events).toEqual([
      { kind: 'state', versionId: 1, from: 'production', to: 'retired' },
      { kind: 'state', versionId: 2, from: 'canary', to: 'production' },
      { kind: 'promoted', versionId: 2, evaluationRunId: 42, previous: 1 },
    ])
    const f3 = promoted.ok ? promoted.fleet : start
    expect(states(f3)).toEqual({ 1: 'retired', 2: 'production', 3: 'candidate' })
    expect(f3.productionHistory).toEqual([1, 2])
    const back = transition(f3, { kind: 'rollback' })
    expect(back.ok && states(back.fleet)).toEqual({ 1: 'production', 2: 'retired', 3: 'candidate' })
    expect(back.ok && back.fleet.productionHistory).toEqual([1])
    expect(back.ok && back.events.at(-1)).toEqual({ kind: 'rolled-back', from: 2, to: 1 })
    expect(f2.versions[0]!.state).toBe('production') // inputs are never modified
  })

  const prod: Fleet = { versions: [version(1, 'production'), version(2, 'shadow'), version(3, 'canary', { canaryPercent: 5 }), version(4, 'retired'), version(5, 'candidate')], productionHistory: [4, 1] }

  it.each([
    // [action, expected code, message pattern]
    [{ kind: 'canary', versionId: 2, percent: 10 }, 'CONFLICT', /Version 3 is already the canary/],
    [{ kind: 'canary', versionId: 3, percent: 0 }, 'INVALID_INPUT', /more than 0 and less than 100/],
    [{ kind: 'canary', versionId: 3, percent: 100 }, 'INVALID_INPUT', /promote it/],
    [{ kind: 'canary', versionId: 3, percent: 2.345 }, 'INVALID_INPUT', /steps of 0\.01/],
    [{ kind: 'promote', versionId: 2, evaluationRunId: null }, 'INVALID_INPUT', /evaluation run/],
    [{ kind: 'promote', versionId: 5, evaluationRunId: 9 }, 'CONFLICT', /Version 5 is candidate: it cannot be promoted \(only a shadow or the canary can\)/],
    [{ kind: 'promote', versionId: 4, evaluationRunId: 9 }, 'CONFLICT', /Version 4 is retired/],
    [{ kind: 'retire', versionId: 1 }, 'CONFLICT', /in production: promote another version or roll back/],
    [{ kind: 'shadow', versionId: 1 }, 'CONFLICT', /Version 1 is production: it cannot go to shadow/],
    [{ kind: 'pause', versionId: 2, reason: 'x' }, 'CONFLICT', /only the canary/],
    [{ kind: 'resume', versionId: 3 }, 'CONFLICT', /not a paused canary/],
    [{ kind: 'retire', versionId: 99 }, 'NOT_FOUND', /No model version 99/],
  ] as const)('refuses %j', (action, code, message) => {
    const r = transition(prod, action)
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.code).toBe(code)
      expect(r.message).toMatch(message)
    }
  })

  it.each([
    [{ kind: 'canary', versionId: 3, percent: 20 }, { 3: 'canary 20%' }],
    [{ kind: 'canary', versionId: 3, percent: 69.32 }, { 3: 'canary 69.32%' }], // 6931.999… after × 100 in floating point
    [{ kind: 'shadow', versionId: 3 }, { 3: 'shadow' }],
    [{ kind: 'retire', versionId: 3 }, { 3: 'retired' }],
    [{ kind: 'pause', versionId: 3, reason: 'alert' }, { 3: 'canary 5% paused' }],
    [{ kind: 'promote', versionId: 2, evaluationRunId: 7 }, { 1: 'retired', 2: 'production' }],
    [{ kind: 'rollback' }, { 1: 'retired', 4: 'production' }],
  ] as const)('allows %j', (action, changed) => {
    const r = transition(prod, action)
    expect(r.ok && states(r.fleet)).toEqual({ ...states(prod), ...changed })
  })

  it('has no rollback before a second production, and no canary without production', () => {
    const first = run(start, { kind: 'promote', versionId: 1, evaluationRunId: null })
    expect(transition(first, { kind: 'rollback' })).toMatchObject({ ok: false, message: expect.stringMatching(/first production version/) })
    expect(transition(start, { kind: 'rollback' })).toMatchObject({ ok: false, code: 'CONFLICT' })
    expect(transition(start, { kind: 'canary', versionId: 2, percent: 5 })).toMatchObject({ ok: false, message: expect.stringMatching(/no production version/) })
  })
})

describe('routeReport', () => {
  const fleet: Fleet = { versions: [version(1, 'production'), version(2, 'shadow'), version(3, 'canary', { canaryPercent: 30 })], productionHistory: [1] }

  it('shows production or the canary for its share, never a shadow', () => {
    let canary = 0
    for (let id = 1; id <= 2000; id++) {
      const r = routeReport(id, fleet)
      expect(r.shadows).toEqual([2])
      expect(r.shown).not.toBe(2)
      if (r.shown === 3) canary++
      expect(r.shown === 3).toBe(inCanary(id, 'v3', 30))
    }
    expect(canary / 2000).toBeGreaterThan(0.27)
    expect(canary / 2000).toBeLessThan(0.33)
  })

  it('sends everything to production while the canary is paused', () => {
    const paused = run(fleet, { kind: 'pause', versionId: 3, reason: 'correction rate alert' })
    for (let id = 1; id <= 500; id++) expect(routeReport(id, paused).shown).toBe(1)
    expect(routeReport(1, { versions: [version(2, 'shadow')], productionHistory: [] })).toEqual({ shown: null, shadows: [2] })
  })
})

describe('checkCanaryAlerts', () => {
  const reviews = (n: number, edited: number, failures = 0): ReviewOutcome[] =>
    Array.from({ length: n }, (_, i) => ({ drafted: 4, edited, rejected: 0, evidenceFailure: i < failures }))

  it('pauses when the correction rate is above production by more than the margin', () => {
    // Canary 2 of 4 = 50%, production 1 of 4 = 25%: 25 points above, margin 10.
    const d = checkCanaryAlerts(reviews(20, 2), reviews(20, 1))
    expect(d).toMatchObject({ action: 'pause', canary: { reviews: 20, correctionRate: 0.5 }, production: { correctionRate: 0.25 } })
    expect(d.action === 'pause' && d.reasons).toEqual(["Correction rate 50% over the last 20 canary reviews is above production's 25% by more than 10%."])
  })

  it('does not pause at exactly the margin', () => {
    // One finding per review: canary 7 of 20 corrected (35%), production 5 of 20 (25%): exactly 10 points.
    const one = (n: number, corrected: number): ReviewOutcome[] => Array.from({ length: n }, (_, i) => ({ drafted: 1, edited: i < corrected ? 1 : 0, rejected: 0, evidenceFailure: false }))
    const d = checkCanaryAlerts(one(20, 7), one(20, 5))
    expect(d.canary.correctionRate).toBeCloseTo(0.35, 12)
    expect(d.production.correctionRate).toBeCloseTo(0.25, 12)
    expect(d.action).toBe('none')
    expect(checkCanaryAlerts(one(20, 8), one(20, 5)).action).toBe('pause')
  })

  it('pauses on evidence failures, each cause named', () => {
    const d = checkCanaryAlerts(reviews(20, 2, 3), reviews(20, 1))
    expect(d.action === 'pause' && d.reasons.map((r) => r.split(' ')[0])).toEqual(['Correction', 'Evidence'])
    expect(checkCanaryAlerts(reviews(20, 1, 1), reviews(20, 1)).action).toBe('none') // 5% vs 0%: not more than 5 points
  })

  it('looks only at the newest reviews of the window, and waits for enough of them', () => {
    const recovering = [...reviews(50, 4), ...reviews(50, 1)]
    expect(checkCanaryAlerts(recovering, reviews(50, 1)).action).toBe('none')
    expect(checkCanaryAlerts(recovering, reviews(50, 1), { window: 100, minReviews: 20, correctionRateMargin: 0.1, evidenceFailureMargin: 0.05 }).action).toBe('pause')
    expect(checkCanaryAlerts(reviews(19, 4), reviews(50, 1))).toMatchObject({ action: 'wait', reason: '19 canary and 50 production reviews; 20 of each are needed to compare.' })
  })
})
