// CGM targets (Battelino 2019) on report metrics: boundaries, and known answers from computeAgp on synthetic traces.
import { describe, expect, it } from 'vitest'
import { agpMetricsRecord, computeAgp, type GlucoseReading } from '../../../shared/domain/agp'
import { loadDefaultRuleSet } from '../defaults'
import { fired, of, run } from '../testSupport'

const rules = loadDefaultRuleSet()
const CGM_RULES = ['cgm.tir', 'cgm.tbr_70', 'cgm.tbr_54', 'cgm.tar_180', 'cgm.tar_250', 'cgm.cv', 'cgm.wear', 'cgm.days']

// Metrics of a well-controlled 14-day trace; each test moves one of them.
const GOOD: Record<string, number> = {
  'agp.tir_70_180_pct': 80,
  'agp.tbr_lt54_pct': 0.5,
  'agp.tbr_54_69_pct': 2,
  'agp.tar_181_250_pct': 15,
  'agp.tar_gt250_pct': 2.5,
  'agp.cv_pct': 30,
  'agp.wear_pct': 95,
  'agp.days': 14,
  'agp.gmi_pct': 6.8,
}

function cgmFired(metrics: Record<string, number>): string[] {
  return fired(run(rules, [], { kind: 'cgm', metrics })).filter((id) => CGM_RULES.includes(id))
}

describe('targets on both sides of each boundary', () => {
  it.each([
    ['cgm.tir', { 'agp.tir_70_180_pct': 70 }, true], // target > 70 %
    ['cgm.tir', { 'agp.tir_70_180_pct': 70.1 }, false],
    ['cgm.tbr_70', { 'agp.tbr_lt54_pct': 0.5, 'agp.tbr_54_69_pct': 3.5 }, true], // < 4 %: sum of both bands
    ['cgm.tbr_70', { 'agp.tbr_lt54_pct': 0.5, 'agp.tbr_54_69_pct': 3.49 }, false],
    ['cgm.tbr_54', { 'agp.tbr_lt54_pct': 1 }, true], // < 1 %
    ['cgm.tbr_54', { 'agp.tbr_lt54_pct': 0.99 }, false],
    ['cgm.tar_180', { 'agp.tar_181_250_pct': 21, 'agp.tar_gt250_pct': 4 }, true], // < 25 %
    ['cgm.tar_180', { 'agp.tar_181_250_pct': 20.4, 'agp.tar_gt250_pct': 4.5 }, false],
    ['cgm.tar_250', { 'agp.tar_gt250_pct': 5 }, true], // < 5 %
    ['cgm.tar_250', { 'agp.tar_gt250_pct': 4.99 }, false],
    ['cgm.cv', { 'agp.cv_pct': 36 }, false], // ≤ 36 %
    ['cgm.cv', { 'agp.cv_pct': 36.01 }, true],
    ['cgm.wear', { 'agp.wear_pct': 70 }, false], // ≥ 70 %
    ['cgm.wear', { 'agp.wear_pct': 69.9 }, true],
    ['cgm.days', { 'agp.days': 14 }, false], // 14 days
    ['cgm.days', { 'agp.days': 13.9 }, true],
  ])('%s %o → fires: %s', (ruleId, change, fires) => {
    expect(cgmFired({ ...GOOD, ...change })).toEqual(fires ? [ruleId] : [])
  })

  it('a sum that lands on the boundary through floating point still counts as on it', () => {
    // 0.1 + 3.9 = 3.9999999999999996 in binary; the target is < 4 %, so 4 % exactly must fire.
    expect(cgmFired({ ...GOOD, 'agp.tbr_lt54_pct': 0.1, 'agp.tbr_54_69_pct': 3.9 })).toEqual(['cgm.tbr_70'])
  })

  it('wear and days are information, the glycaemic targets abnormal', () => {
    const findings = run(rules, [], { kind: 'cgm', metrics: { ...GOOD, 'agp.wear_pct': 50, 'agp.tir_70_180_pct': 60 } })
    expect(of(findings, 'cgm.wear')[0]?.severity).toBe('info')
    expect(of(findings, 'cgm.tir')[0]?.severity).toBe('abnormal')
  })

  it('GMI is always reported, as information', () => {
    const [gmi] = of(run(rules, [], { kind: 'cgm', metrics: GOOD }), 'cgm.gmi')
    expect(gmi).toMatchObject({ severity: 'info', values: { value: 6.8, unit: '%' }, message: 'GMI 6.8% (3.31 + 0.02392 × mean glucose in mg/dL).' })
  })

  it('a missing part of a summed metric is not evaluated, not guessed', () => {
    const { ['agp.tbr_54_69_pct']: _dropped, ...rest } = GOOD
    expect(of(run(rules, [], { kind: 'cgm', metrics: rest }), 'cgm.tbr_70')[0]?.notEvaluated).toMatch(/agp.tbr_54_69_pct missing/)
  })

  it('reports without AGP metrics get no CGM findings', () => {
    expect(run(rules, [], { kind: 'lab', metrics: { 'bp.readings': 3 } }).filter((f) => f.ruleId.startsWith('cgm.'))).toEqual([])
  })
})

describe('known answers from computeAgp on synthetic 14-day traces', () => {
  const START = Date.UTC(2026, 0, 1)
  const FIVE_MIN = 5 * 60_000
  const N = 14 * 288 // 14 days of 5-minute readings

  /** 4032 readings, cycling through a fixed pattern of values. */
  function trace(pattern: number[], keep: (i: number) => boolean = () => true): GlucoseReading[] {
    const readings: GlucoseReading[] = []
    for (let i = 0; i < N; i++) if (keep(i)) readings.push({ t: START + i * FIVE_MIN, mgdl: pattern[i % pattern.length] ?? 0 })
    return readings
  }

  function metricsOf(readings: GlucoseReading[]): Record<string, number> {
    return agpMetricsRecord(computeAgp(readings, { expectedIntervalMin: 5 }))
  }

  it('steady 90–160 mg/dL: every target met, only GMI reported', () => {
    const metrics = metricsOf(trace([90, 110, 130, 160, 140, 120]))
    expect(metrics['agp.tir_70_180_pct']).toBe(100)
    expect(metrics['agp.days']).toBe(14)
    const findings = run(rules, [], { kind: 'cgm', metrics })
    expect(findings.map((f) => f.ruleId)).toEqual(['cgm.gmi'])
    // Mean 125 mg/dL → GMI 3.31 + 0.02392 × 125 = 6.3.
    expect(findings[0]?.values.value).toBeCloseTo(6.3, 10)
  })

  it('a poorly controlled trace misses the targets it was built to miss', () => {
    // Per 100 readings: 2 at 45 (< 54), 3 at 60 (54–69), 60 at 120, 25 at 220 (181–250), 10 at 300 (> 250).
    const pattern = [...Array(2).fill(45), ...Array(3).fill(60), ...Array(60).fill(120), ...Array(25).fill(220), ...Array(10).fill(300)] as number[]
    const metrics = metricsOf(trace(pattern))
    // 4032 = 40 × 100 + 32: the last 32 readings are 2 × 45, 3 × 60, 27 × 120.
    expect(metrics['agp.tbr_lt54_pct']).toBeCloseTo((82 / 4032) * 100, 10)
    expect(metrics['agp.tir_70_180_pct']).toBeCloseTo((2427 / 4032) * 100, 10)
    expect(cgmFired(metrics).sort()).toEqual(['cgm.cv', 'cgm.tar_180', 'cgm.tar_250', 'cgm.tbr_54', 'cgm.tbr_70', 'cgm.tir'].sort())
    const [tir] = of(run(rules, [], { kind: 'cgm', metrics }), 'cgm.tir')
    expect(tir?.message).toBe('Time in range 70–180 mg/dL is 60.19%; target > 70 %.')
  })

  it('a sensor worn 60 % of the time is flagged as insufficient data', () => {
    const metrics = metricsOf(trace([100, 120, 140], (i) => i % 10 < 6))
    expect(metrics['agp.wear_pct']).toBeCloseTo(60, 1)
    expect(cgmFired(metrics)).toEqual(['cgm.wear'])
  })
})
