// since/until for the audit list: dates are whole UTC days, date-times need their offset, bad input names the field.
import { describe, expect, it } from 'vitest'
import { auditTimeRange } from './timeRange'

describe('auditTimeRange', () => {
  const cases: [string | undefined, string | undefined, { since?: string; until?: string }][] = [
    [undefined, undefined, {}],
    ['2026-03-01', undefined, { since: '2026-03-01T00:00:00.000Z' }],
    [undefined, '2026-03-01', { until: '2026-03-02T00:00:00.000Z' }],
    ['2026-02-28', '2026-02-28', { since: '2026-02-28T00:00:00.000Z', until: '2026-03-01T00:00:00.000Z' }],
    [undefined, '2024-12-31', { until: '2025-01-01T00:00:00.000Z' }],
    ['2026-03-01T09:30:00+01:00', undefined, { since: '2026-03-01T08:30:00.000Z' }],
    [undefined, '2026-03-01T08:00:00Z', { until: '2026-03-01T08:00:00.001Z' }],
    [undefined, '2026-03-01T08:00Z', { until: '2026-03-01T08:00:00.001Z' }],
  ]
  it.each(cases)('since %s, until %s', (since, until, expected) => {
    expect(auditTimeRange(since, until)).toEqual(expected)
  })

  const bad: [string | undefined, string | undefined, RegExp][] = [
    ['2026-02-30', undefined, /^since: 2026-02-30 is not a calendar date/],
    [undefined, '2026-03-01T08:00:00', /^until: use a date .* with its offset/],
    ['yesterday', undefined, /^since: use a date/],
    ['2026-03-02', '2026-03-01', /^since \(2026-03-02\) is not before until \(2026-03-01\)/],
  ]
  it.each(bad)('refuses since %s, until %s', (since, until, message) => {
    expect(() => auditTimeRange(since, until)).toThrow(message)
  })
})
