// Tests for the AGP metrics against a synthetic 14-day trace whose answers are worked out by hand.
import { describe, expect, it } from 'vitest'
import { agpMetricsRecord, computeAgp, type GlucoseReading } from './agp'

const MIN = 60_000
const DAY = 1440 * MIN
const START = Date.UTC(2024, 2, 1, 0, 0, 0)

// One day of 288 five-minute readings, as (value, count) blocks: 2 + 10 + 216 + 40 + 20 = 288.
const DAY_PATTERN: [number, number][] = [
  [40, 2], // < 54
  [60, 10], // 54–69
  [150, 216], // 70–180
  [200, 40], // 181–250
  [300, 20], // > 250
]

function trace(days: number, skipDays: number[] = []): GlucoseReading[] {
  const readings: GlucoseReading[] = []
  for (let d = 0; d < days; d++) {
    let slot = 0
    for (const [mgdl, count] of DAY_PATTERN) {
      for (let k = 0; k < count; k++, slot++) {
        if (!skipDays.includes(d)) readings.push({ t: START + d * DAY + slot * 5 * MIN, mgdl })
      }
    }
  }
  return readings
}

describe('computeAgp on a 14-day 5-minute trace', () => {
  const m = computeAgp(trace(14), { expectedIntervalMin: 5 })
  const n = 14 * 288 // 4032

  it('counts readings and the covered span', () => {
    expect(m.readingCount).toBe(n)
    expect(m.first).toBe(START)
    expect(m.last).toBe(START + 14 * DAY - 5 * MIN)
    expect(m.days).toBe(14)
    expect(m.wearPct).toBe(100)
    expect(m.sufficientData).toBe(true)
  })

  it('computes mean, SD, CV and GMI', () => {
    const mean = (2 * 40 + 10 * 60 + 216 * 150 + 40 * 200 + 20 * 300) / 288 // 47080 / 288 = 163.47…
    const squares = 14 * (2 * (40 - mean) ** 2 + 10 * (60 - mean) ** 2 + 216 * (150 - mean) ** 2 + 40 * (200 - mean) ** 2 + 20 * (300 - mean) ** 2)
    const sd = Math.sqrt(squares / (n - 1))
    expect(m.meanMgdl).toBeCloseTo(mean, 9)
    expect(m.meanMgdl).toBeCloseTo(163.4722, 4)
    expect(m.sdMgdl).toBeCloseTo(sd, 9)
    expect(m.cvPct).toBeCloseTo((sd / mean) * 100, 9)
    expect(m.gmiPct).toBeCloseTo(3.31 + 0.02392 * mean, 9)
    expect(m.gmiPct).toBeCloseTo(7.2203, 4)
  })

  it('splits the readings into the Battelino ranges', () => {
    expect(m.tbrLt54Pct).toBeCloseTo((2 / 288) * 100, 9)
    expect(m.tbr54to69Pct).toBeCloseTo((10 / 288) * 100, 9)
    expect(m.tir70to180Pct).toBe(75)
    expect(m.tar181to250Pct).toBeCloseTo((40 / 288) * 100, 9)
    expect(m.tarGt250Pct).toBeCloseTo((20 / 288) * 100, 9)
    expect(m.tbrLt70Pct).toBeCloseTo((12 / 288) * 100, 9)
    expect(m.tarGt180Pct).toBeCloseTo((60 / 288) * 100, 9)
    const sum = m.tbrLt54Pct + m.tbr54to69Pct + m.tir70to180Pct + m.tar181to250Pct + m.tarGt250Pct
    expect(sum).toBeCloseTo(100, 9)
  })

  it('infers the 5-minute interval when not told', () => {
    const inferred = computeAgp(trace(14))
    expect(inferred.intervalMin).toBe(5)
    expect(inferred.wearPct).toBe(100)
  })

  it('accepts readings in any order', () => {
    const reversed = computeAgp([...trace(14)].reverse(), { expectedIntervalMin: 5 })
    expect(reversed).toMatchObject({ first: m.first, last: m.last, readingCount: n, tir70to180Pct: 75, wearPct: 100 })
    // Summing in another order may differ in the last bit only.
    expect(reversed.meanMgdl).toBeCloseTo(m.meanMgdl, 9)
  })
})

describe('sensor wear', () => {
  it('counts a missing day against wear but not against the span', () => {
    const m = computeAgp(trace(14, [6]), { expectedIntervalMin: 5 })
    expect(m.days).toBe(14)
    expect(m.wearPct).toBeCloseTo((13 / 14) * 100, 9)
    expect(m.sufficientData).toBe(true)
  })

  it('flags under 70 % wear as insufficient', () => {
    const m = computeAgp(trace(14, [2, 3, 4, 5, 6]), { expectedIntervalMin: 5 })
    expect(m.wearPct).toBeCloseTo((9 / 14) * 100, 9)
    expect(m.sufficientData).toBe(false)
  })

  it('flags under 14 days as insufficient', () => {
    expect(computeAgp(trace(10), { expectedIntervalMin: 5 }).sufficientData).toBe(false)
  })

  it('uses the 15-minute Libre interval when given', () => {
    const libre = Array.from({ length: 96 }, (_, i) => ({ t: START + i * 15 * MIN, mgdl: 100 }))
    const m = computeAgp(libre, { expectedIntervalMin: 15 })
    expect(m.days).toBe(1)
    expect(m.wearPct).toBe(100)
    // At 5 minutes the span (95 × 15 + 5 min) would expect 286 readings, not 96.
    expect(computeAgp(libre, { expectedIntervalMin: 5 }).wearPct).toBeCloseTo((96 / 286) * 100, 9)
  })
})

describe('range boundaries (Battelino 2019)', () => {
  const at = (mgdl: number) => computeAgp([{ t: START, mgdl }])

  it.each([
    [53, 'tbrLt54Pct'],
    [54, 'tbr54to69Pct'],
    [69, 'tbr54to69Pct'],
    [70, 'tir70to180Pct'],
    [180, 'tir70to180Pct'],
    [181, 'tar181to250Pct'],
    [250, 'tar181to250Pct'],
    [251, 'tarGt250Pct'],
  ] as const)('%d mg/dL falls in %s', (mgdl, band) => {
    expect(at(mgdl)[band]).toBe(100)
  })

  it('classifies values converted from mmol/L the way they read in mmol/L', () => {
    expect(at(180.156).tir70to180Pct).toBe(100) // 10.0 mmol/L: in range
    expect(at(70.26).tir70to180Pct).toBe(100) // 3.9 mmol/L: in range
    expect(at(54.05).tbr54to69Pct).toBe(100) // 3.0 mmol/L: not below 54
    expect(at(250.42).tar181to250Pct).toBe(100) // 13.9 mmol/L: not above 250
  })

  it('gives one reading a zero SD and CV', () => {
    expect(at(100)).toMatchObject({ sdMgdl: 0, cvPct: 0, meanMgdl: 100 })
  })
})

describe('errors and flattening', () => {
  it('refuses an empty trace', () => {
    expect(() => computeAgp([])).toThrow(RangeError)
    expect(() => computeAgp([{ t: Number.NaN, mgdl: 100 }])).toThrow(RangeError)
  })

  it('flattens to the metric names reports store', () => {
    const record = agpMetricsRecord(computeAgp(trace(14), { expectedIntervalMin: 5 }))
    expect(record['agp.tir_70_180_pct']).toBe(75)
    expect(record['agp.days']).toBe(14)
    expect(record['agp.wear_pct']).toBe(100)
    expect(record['agp.readings']).toBe(4032)
    expect(Object.keys(record).sort()).toEqual(
      [
        'agp.cv_pct', 'agp.days', 'agp.gmi_pct', 'agp.interval_min', 'agp.mean_mgdl', 'agp.readings', 'agp.sd_mgdl',
        'agp.tar_181_250_pct', 'agp.tar_gt180_pct', 'agp.tar_gt250_pct', 'agp.tbr_54_69_pct', 'agp.tbr_lt54_pct',
        'agp.tbr_lt70_pct', 'agp.tir_70_180_pct', 'agp.wear_pct',
      ].sort(),
    )
  })
})
