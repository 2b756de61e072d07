// Aggregation, paired comparison, subgroups and error analysis on rows with hand-chosen outcomes.
import { describe, expect, it } from 'vitest'
import { labReport } from '../llm/prompt/testSupport'
import { summarise } from './aggregate'
import { comparePaired } from './compare'
import { compareSubgroups, evalAgeBand, subgroupFacts, type SubgroupFacts } from './subgroups'
import { metricsRow, rows } from './testSupport'
import { worstReports } from './worstReports'

describe('summarise', () => {
  it('counts outcomes, leaves invalid outputs out of kappa but not out of exact agreement, and pools corrections', () => {
    const s = summarise([
      metricsRow(1, { severity: ['critical', 'critical'], corrections: [1, 1, 0], missed: 0 }),
      metricsRow(2, { severity: ['normal', 'critical'], corrections: [0, 1, 2], missed: 2, evidenceFailure: true }),
      metricsRow(3, { valid: false, severity: ['normal', 'abnormal'], corrections: [0, 0, 0] }),
    ])
    expect(s.reports).toBe(3)
    expect(s.schemaValid).toBe(2)
    expect(s.evidence).toEqual({ verified: 1, issues: 1, contradiction: 0, invalid: 1, failureRate: 2 / 3 })
    expect(s.missedCritical).toEqual({ reports: 1, findings: 2, criticalRuleFindings: 2 })
    expect(s.severity.exact).toBeCloseTo(1 / 3, 12)
    expect(s.severity.rated.n).toBe(2)
    expect(s.severity.rated.matrix).toEqual([
      [0, 0, 1],
      [0, 0, 0],
      [0, 0, 1],
    ])
    // 1 + 3 corrected of 2 + 3 drafted.
    expect(s.corrections).toEqual({ accepted: 1, edited: 2, rejected: 2, added: 0, rate: 4 / 5 })
  })
})

describe('comparePaired', () => {
  // 40 reports: the baseline misses a critical in reports 1–10, the candidate only in 1–2 (8 discordant pairs, all for the candidate).
  const base = rows(40, (i) => ({ missed: i < 10 ? 1 : 0, f1: 0.5, corrections: [1, 1, 0] }))
  const cand = rows(40, (i) => ({ missed: i < 2 ? 1 : 0, f1: 0.5, corrections: i < 20 ? [2, 0, 0] : [1, 1, 0] }))

  it('gives the difference, its interval and McNemar for a binary metric', () => {
    const c = comparePaired(base, cand, { seed: 1, resamples: 2000, metrics: ['missed_critical'] })
    const m = c.metrics[0]!
    expect(c.reports).toBe(40)
    expect([m.baseline, m.candidate, m.difference]).toEqual([10 / 40, 2 / 40, -8 / 40])
    expect(m.test).toEqual({ name: 'mcnemar-exact', pValue: expect.closeTo(2 / 256, 12), baselineOnly: 8, candidateOnly: 0 })
    expect(m.interval!.high).toBeLessThan(0)
    expect(m.verdict).toBe('better')
  })

  it('pools a ratio metric and reports no clear difference for identical values', () => {
    const c = comparePaired(base, cand, { seed: 1, resamples: 1000, rounds: 2000, metrics: ['correction_rate', 'finding_f1'] })
    const [rate, f1] = c.metrics
    // Baseline 40 of 80 findings corrected; candidate 20 of 80.
    expect([rate!.baseline, rate!.candidate]).toEqual([0.5, 0.25])
    expect(rate!.verdict).toBe('better')
    expect(rate!.test).toMatchObject({ name: 'approximate-randomisation', exact: false })
    expect(rate!.test!.pValue).toBeLessThan(0.01)
    expect(f1!.difference).toBe(0)
    expect(f1!.verdict).toBe('no clear difference')
    expect(f1!.test!.pValue).toBe(1)
  })

  it('is reproducible for a seed', () => {
    expect(comparePaired(base, cand, { seed: 9, resamples: 1000, rounds: 500 })).toEqual(comparePaired(base, cand, { seed: 9, resamples: 1000, rounds: 500 }))
  })

  it('refuses versions evaluated on different reports, naming one', () => {
    expect(() => comparePaired(base, cand.slice(1), { seed: 1 })).toThrow(/candidate lacks report 1\b/)
    expect(() => comparePaired(base, [...cand, metricsRow(99)], { seed: 1 })).toThrow(/1 report\(s\) the baseline lacks/)
  })
})

describe('subgroups', () => {
  it.each([
    ['1958-04-12', '2026-03-01T08:30:00Z', '65–79'],
    ['2010-05-01', '2026-03-01', '0–17'],
    ['1986-03-02', '2026-03-01', '18–39'], // 39 the day before the 40th birthday
    ['1986-03-01', '2026-03-01', '40–64'],
    ['1986', '2026-06-01', 'unknown'], // 39 or 40: straddles two bands
    ['1986', '2027-06-01', '40–64'],
    ['1940', '2026-06-01', '80 or older'],
    [null, '2026-06-01', 'unknown'],
  ])('born %s, seen %s → %s', (birth, at, band) => {
    expect(evalAgeBand(birth, at)).toBe(band)
  })

  it('reads kind, age band, sex and device model from a report', () => {
    expect(subgroupFacts(labReport())).toEqual({ kind: 'lab', ageBand: '65–79', sex: 'female', deviceModel: 'Acme Chem 500' })
    const bare = labReport({ device: null, deviceInfo: { manufacturer: null, model: null, serial: null } })
    expect(subgroupFacts({ ...bare, patient: { ...bare.patient, sex: null, birthDate: null } })).toMatchObject({ sex: 'unknown', ageBand: 'unknown', deviceModel: 'unknown' })
  })

  it('compares every subgroup, largest first, and marks those under the minimum size instead of hiding them', () => {
    const base = rows(40, (i) => ({ evidenceFailure: i % 2 === 0 }))
    const cand = rows(40, () => ({}))
    const facts = new Map<number, SubgroupFacts>(base.map((m, i) => [m.reportId, { kind: i < 35 ? 'lab' : 'ecg', ageBand: '40–64', sex: i < 20 ? 'female' : 'male', deviceModel: 'X' }]))
    const result = compareSubgroups(base, cand, facts, { seed: 1, resamples: 1000, rounds: 500, metrics: ['evidence_failure'] })
    expect(result.map((r) => [r.dimension, r.value, r.reports, r.tooSmall])).toEqual([
      ['kind', 'lab', 35, false],
      ['kind', 'ecg', 5, true],
      ['ageBand', '40–64', 40, false],
      ['sex', 'female', 20, true],
      ['sex', 'male', 20, true],
      ['deviceModel', 'X', 40, false],
    ])
    const ecg = result[1]!.comparison.metrics[0]!
    // Reports 36–40 (i = 35..39): failures at i = 36, 38 → 2 of 5 for the baseline.
    expect([ecg.baseline, ecg.candidate, ecg.interval, ecg.test, ecg.verdict]).toEqual([2 / 5, 0, null, null, 'unclear'])
    expect(result[0]!.comparison.metrics[0]!.interval).not.toBeNull()
    expect(compareSubgroups(base, cand, facts, { seed: 1, resamples: 1000, metrics: ['evidence_failure'], minSize: 5 }).find((r) => r.value === 'ecg')!.tooSmall).toBe(false)
    expect(() => compareSubgroups(base, cand, new Map(), { seed: 1 })).toThrow(/no subgroup facts for report 1/)
  })
})

describe('worstReports', () => {
  it('ranks missed criticals first, then called normal, evidence failure, F1 drop; skips reports not worse', () => {
    const base = [metricsRow(1), metricsRow(2), metricsRow(3), metricsRow(4), metricsRow(5, { missed: 1 }), metricsRow(6)]
    const cand = [
      metricsRow(1, { f1: 0.2 }),
      metricsRow(2, { evidenceFailure: true }),
      metricsRow(3, { missed: 1, f1: 0.9 }),
      metricsRow(4, { calledNormal: 1 }),
      metricsRow(5, { missed: 1 }), // as bad as the baseline: not worse
      metricsRow(6, { f1: 0.8 }),
    ]
    expect(worstReports(base, cand).map((d) => d.reportId)).toEqual([3, 4, 2, 1, 6])
    expect(worstReports(base, cand, 2).map((d) => d.reportId)).toEqual([3, 4])
  })
})
