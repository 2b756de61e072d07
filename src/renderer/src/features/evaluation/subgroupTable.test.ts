import { describe, expect, it } from 'vitest'
import { subgroupSections, type SubgroupLike } from './subgroupTable'

const f1 = (difference: number, interval: { low: number; high: number; level: number } | null, verdict: 'better' | 'worse' | 'no clear difference' | 'unclear') => ({
  metric: 'finding_f1',
  kind: 'continuous' as const,
  difference,
  interval,
  verdict,
})
const missed = (difference: number) => ({ metric: 'missed_critical', kind: 'binary' as const, difference, interval: { low: -0.1, high: 0.2, level: 0.95 }, verdict: 'no clear difference' as const })

const groups: SubgroupLike[] = [
  { dimension: 'kind', value: 'ecg', reports: 40, tooSmall: false, comparison: { metrics: [missed(0.05), f1(-0.1, { low: -0.2, high: -0.02, level: 0.95 }, 'worse')] } },
  { dimension: 'kind', value: 'lab', reports: 3, tooSmall: true, comparison: { metrics: [missed(0), f1(0.25, null, 'unclear')] } },
  { dimension: 'sex', value: 'female', reports: 25, tooSmall: true, comparison: { metrics: [f1(0.5, null, 'better')] } },
  { dimension: 'brandNew', value: 'x', reports: 1, tooSmall: true, comparison: { metrics: [] } },
]

describe('subgroupSections', () => {
  const sections = subgroupSections(groups, ['missed_critical', 'finding_f1'])

  it('groups by dimension in the order given, with labels (unknown dimensions by their name)', () => {
    expect(sections.map((s) => [s.label, s.rows.map((r) => `${r.value}:${r.reports}`)])).toEqual([
      ['Report kind', ['ecg:40', 'lab:3']],
      ['Sex', ['female:25']],
      ['brandNew', ['x:1']],
    ])
  })

  it('keeps a large subgroup’s intervals and verdicts', () => {
    expect(sections[0]!.rows[0]).toEqual({
      value: 'ecg',
      reports: 40,
      tooSmall: false,
      cells: [
        { metric: 'missed_critical', difference: '+5.0 pp', interval: '95% CI −10.0 to +20.0 pp', verdict: 'no clear difference' },
        { metric: 'finding_f1', difference: '−0.100', interval: '95% CI −0.200 to −0.020', verdict: 'worse' },
      ],
    })
  })

  it('marks a small subgroup too small: the point difference stays, no interval, no verdict', () => {
    expect(sections[0]!.rows[1]!.cells).toEqual([
      { metric: 'missed_critical', difference: '0.0 pp', interval: 'too small to judge', verdict: 'unclear' },
      { metric: 'finding_f1', difference: '+0.250', interval: 'too small to judge', verdict: 'unclear' },
    ])
    // Even if a verdict came with it, a too-small subgroup draws none.
    expect(sections[1]!.rows[0]!.cells[1]!.verdict).toBe('unclear')
  })

  it('says when a metric was not compared', () => {
    expect(sections[1]!.rows[0]!.cells[0]).toEqual({ metric: 'missed_critical', difference: '—', interval: 'not compared', verdict: 'unclear' })
  })
})
