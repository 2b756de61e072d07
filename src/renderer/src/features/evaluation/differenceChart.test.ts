import { describe, expect, it } from 'vitest'
import { axisExtent, chartRows, xOf, type ChartRow, type ComparedMetric } from './differenceChart'

const m = (patch: Partial<ComparedMetric>): ComparedMetric => ({
  metric: 'finding_f1',
  label: 'Finding F1',
  kind: 'continuous',
  better: 'higher',
  difference: 0,
  interval: null,
  verdict: 'unclear',
  ...patch,
})

describe('chartRows', () => {
  it.each([
    // F1 up 0.05 (CI 0.01..0.09): 5 points better, whisker 1..9.
    [m({ difference: 0.05, interval: { low: 0.01, high: 0.09 }, verdict: 'better' }), { point: 5, low: 1, high: 9 }],
    // Missed criticals up 10 pp (lower is better): 10 points worse; the interval 2..18 pp turns into −18..−2.
    [m({ metric: 'missed_critical', kind: 'binary', better: 'lower', difference: 0.1, interval: { low: 0.02, high: 0.18 } }), { point: -10, low: -18, high: -2 }],
    // A correction rate down 5 pp is 5 points better.
    [m({ metric: 'correction_rate', kind: 'ratio', better: 'lower', difference: -0.05, interval: null }), { point: 5, low: null, high: null }],
    // An interval that could not be computed is left out, the point stays.
    [m({ difference: 0, interval: { low: Number.NaN, high: Number.NaN } }), { point: 0, low: null, high: null }],
    // The stored analysis writes NaN as null.
    [m({ difference: -0.02, interval: { low: null, high: null } }), { point: -2, low: null, high: null }],
  ] as [ComparedMetric, Pick<ChartRow, 'point' | 'low' | 'high'>][])('%#', (metric, want) => {
    const [row] = chartRows([metric])
    expect(row!.point).toBeCloseTo(want.point, 10)
    if (want.low === null) expect(row!.low).toBeNull()
    else expect(row!.low).toBeCloseTo(want.low, 10)
    if (want.high === null) expect(row!.high).toBeNull()
    else expect(row!.high).toBeCloseTo(want.high, 10)
  })

  it('leaves out counts per report and undefined differences', () => {
    const rows = chartRows([m({ metric: 'invented_numbers', difference: 2 }), m({ metric: 'unknown_evidence_ids' }), m({ metric: 'finding_recall', difference: Number.NaN }), m({ metric: 'finding_precision', difference: null }), m({ metric: 'summary_chrf' })])
    expect(rows.map((r) => r.metric)).toEqual(['summary_chrf'])
  })
})

describe('axisExtent', () => {
  const row = (point: number, low: number | null = null, high: number | null = null): ChartRow => ({ metric: 'x', label: 'x', point, low, high, verdict: 'unclear' })
  it.each([
    [[], 1],
    [[row(0)], 1],
    [[row(0.4, -0.9, 1)], 1],
    [[row(1.5)], 2],
    [[row(-3, -6.2, 0.2)], 10],
    [[row(12), row(-40)], 50],
    [[row(100)], 100],
    [[row(0, -250, 3)], 100],
  ] as [ChartRow[], number][])('%#: %j → %i', (rows, extent) => expect(axisExtent(rows)).toBe(extent))
})

describe('xOf', () => {
  it.each([
    [0, 10, 100, 200, 200],
    [-10, 10, 100, 200, 100],
    [10, 10, 100, 200, 300],
    [5, 10, 100, 200, 250],
    // Beyond the axis: held at its edge.
    [25, 10, 100, 200, 300],
    [-25, 10, 100, 200, 100],
  ])('%s on ±%s from %s over %s px → %s', (v, extent, left, width, x) => expect(xOf(v, extent, left, width)).toBe(x))
})
