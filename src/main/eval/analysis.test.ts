// The stored analysis of a run: summaries and costs per version, each candidate compared and gated, reproducible.
import { describe, expect, it } from 'vitest'
import { analyseRun } from './analysis'
import { summariseCost } from './cost'
import { loadDefaultGate } from './gate/defaultGate'
import type { SubgroupFacts } from './subgroups'
import { rows } from './testSupport'

const cost = (i: number) => ({ promptTokens: 400 + i, outputTokens: 100, tokensPerSecond: 20, timeToFirstTokenMs: 200, wallMs: 5000 })

describe('summariseCost', () => {
  it('gives mean, median and 95th percentile (type 7) and the total time', () => {
    // Wall times 1..20 s: mean 10.5, median 10.5, p95 at h = 19·0.95 = 18.05 → 19.05 s.
    const c = summariseCost(Array.from({ length: 20 }, (_, i) => ({ ...cost(0), wallMs: (i + 1) * 1000 })))
    expect(c.wallMs.mean).toBeCloseTo(10_500, 9)
    expect(c.wallMs.median).toBeCloseTo(10_500, 9)
    expect(c.wallMs.p95).toBeCloseTo(19_050, 9)
    expect(c.totalWallMs).toBe(210_000)
    expect(summariseCost([]).drafts).toBe(0)
  })
})

describe('analyseRun', () => {
  const g = loadDefaultGate()
  const gate = { ...g, statistics: { ...g.statistics, resamples: 1000 } }
  const n = 40
  const facts = new Map<number, SubgroupFacts>(Array.from({ length: n }, (_, i) => [i + 1, { kind: i < 30 ? 'lab' : 'ecg', ageBand: '40–64', sex: 'female', deviceModel: 'X' }]))
  const baseline = { versionId: 1, rows: rows(n, () => ({})), costs: Array.from({ length: n }, (_, i) => cost(i)) }
  const good = { versionId: 2, rows: rows(n, () => ({})), costs: Array.from({ length: n }, (_, i) => cost(i)) }
  const unsafe = { versionId: 3, rows: rows(n, (i) => ({ missed: i === 0 ? 1 : 0, f1: 0.9 })), costs: Array.from({ length: n }, (_, i) => cost(i)) }

  it('gates each candidate on its own, and passes only when every candidate passes', () => {
    const a = analyseRun(gate, baseline, [good, unsafe], facts, { resamples: 1000, subgroupResamples: 1000 })
    expect(a.versions.map((v) => [v.versionId, v.role, v.summary.reports, v.cost.drafts])).toEqual([
      [1, 'baseline', 40, 40],
      [2, 'candidate', 40, 40],
      [3, 'candidate', 40, 40],
    ])
    expect(a.candidates.map((c) => [c.versionId, c.gate.pass])).toEqual([
      [2, true],
      [3, false],
    ])
    expect(a.candidates[1]!.gate.reasons[0]).toMatch(/^no-more-missed-criticals:/)
    expect(a.candidates[1]!.worst[0]).toMatchObject({ reportId: 1, missedCritical: 1 })
    expect(a.candidates[1]!.subgroups.find((s) => s.value === 'ecg')).toMatchObject({ reports: 10, tooSmall: true })
    expect(a.pass).toBe(false)
    expect(analyseRun(gate, baseline, [good], facts, { resamples: 1000, subgroupResamples: 1000 }).pass).toBe(true)
    expect(analyseRun(gate, baseline, [], facts).pass).toBe(false)
  })

  it('gives the same figures when a stored run is analysed again', () => {
    const once = analyseRun(gate, baseline, [unsafe], facts, { resamples: 1000, subgroupResamples: 1000 })
    expect(analyseRun(gate, baseline, [unsafe], facts, { resamples: 1000, subgroupResamples: 1000 })).toEqual(once)
  })
})
