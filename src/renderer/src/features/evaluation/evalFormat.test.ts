import { describe, expect, it } from 'vitest'
import { formatCost, formatDifference, formatInterval, formatMetricValue, formatPValue, formatTimeLeft, testName, verdictColor, type MetricKind } from './evalFormat'

describe('formatMetricValue', () => {
  it.each([
    ['binary', 0.125, '12.5%'],
    ['binary', 0, '0.0%'],
    ['ratio', 1 / 3, '33.3%'],
    ['continuous', 0.8125, '0.813'],
    ['continuous', 2, '2.000'],
    ['continuous', Number.NaN, '—'],
    ['binary', null, '—'],
  ] as [MetricKind, number | null, string][])('%s %s → %s', (kind, v, text) => expect(formatMetricValue(kind, v)).toBe(text))
})

describe('formatDifference', () => {
  it.each([
    ['binary', 0.025, '+2.5 pp'],
    ['binary', -0.1, '−10.0 pp'],
    ['ratio', 0, '0.0 pp'],
    // −0.0004 pp rounds to zero: no sign.
    ['binary', -0.000004, '0.0 pp'],
    ['continuous', -0.04, '−0.040'],
    ['continuous', 0.1234, '+0.123'],
    ['continuous', -0.0001, '0.000'],
    ['continuous', Number.NaN, '—'],
    ['binary', null, '—'],
  ] as [MetricKind, number | null, string][])('%s %s → %s', (kind, d, text) => expect(formatDifference(kind, d)).toBe(text))
})

describe('formatInterval', () => {
  it.each([
    ['binary', { low: -0.01, high: 0.045, level: 0.95 }, '95% CI −1.0 to +4.5 pp'],
    ['continuous', { low: -0.12, high: -0.02, level: 0.95 }, '95% CI −0.120 to −0.020'],
    ['continuous', { low: 0, high: 0.5, level: 0.9 }, '90% CI 0.000 to +0.500'],
    ['binary', null, 'no interval'],
    ['continuous', { low: Number.NaN, high: Number.NaN, level: 0.95 }, 'no interval'],
    // The stored analysis writes NaN as null.
    ['binary', { low: null, high: 0.1, level: 0.95 }, 'no interval'],
  ] as [MetricKind, { low: number | null; high: number | null; level: number } | null, string][])('%s %j → %s', (kind, ci, text) => expect(formatInterval(kind, ci)).toBe(text))
})

describe('formatPValue', () => {
  it.each([
    [0.0001, 'p < 0.001'],
    [0.001, 'p = 0.001'],
    [0.01234, 'p = 0.012'],
    [0.4321, 'p = 0.43'],
    [0.999, 'p = 1'],
    [1, 'p = 1'],
    [null, '—'],
    [Number.NaN, '—'],
  ] as [number | null, string][])('%s → %s', (p, text) => expect(formatPValue(p)).toBe(text))
})

describe('testName and verdictColor', () => {
  it('names the tests', () => {
    expect(testName({ name: 'mcnemar-exact' })).toBe("McNemar's exact test")
    expect(testName({ name: 'approximate-randomisation', exact: true })).toBe('paired randomisation (exact)')
    expect(testName({ name: 'approximate-randomisation', exact: false })).toBe('paired approximate randomisation')
    expect(testName(null)).toBe('no test')
  })
  it.each([
    ['better', 'green'],
    ['worse', 'red'],
    ['no clear difference', 'gray'],
    ['unclear', 'gray'],
  ] as const)('%s → %s', (v, c) => expect(verdictColor(v)).toBe(c))
})

describe('formatTimeLeft', () => {
  it.each([
    [null, 'estimating time left'],
    [-1, 'estimating time left'],
    [0, 'under a minute left'],
    [59, 'under a minute left'],
    [60, 'about 1 min left'],
    [250, 'about 4 min left'],
    [3599, 'about 1 h 00 min left'],
    [3900, 'about 1 h 05 min left'],
  ] as [number | null, string][])('%s s → %s', (s, text) => expect(formatTimeLeft(s)).toBe(text))
})

describe('formatCost', () => {
  it.each([
    [1234.4, 0, '1,234'],
    [12.345, 1, '12.3'],
    [Number.NaN, 0, '—'],
    [null, 1, '—'],
  ] as [number | null, number, string][])('%s (%i digits) → %s', (v, d, text) => expect(formatCost(v, d)).toBe(text))
})
