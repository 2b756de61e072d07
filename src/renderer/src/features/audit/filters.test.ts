// The Audit page's filter form → audit.list input: trimmed text, whole local days, a report id only when it is one.
import { describe, expect, it } from 'vitest'
import { hasFilters, listInput, NO_FILTERS, reportIdOf } from './filters'

describe('audit filters', () => {
  it('asks for nothing but the page size when empty', () => {
    expect(hasFilters(NO_FILTERS)).toBe(false)
    expect(listInput(NO_FILTERS, 100)).toEqual({ limit: 100 })
    expect(listInput(NO_FILTERS, 50, 901)).toEqual({ limit: 50, beforeId: 901 })
  })

  it('trims user and action, and takes a report id only when it is a whole number', () => {
    const f = { ...NO_FILTERS, user: ' ada ', action: 'report. ', report: ' 42 ' }
    expect(hasFilters(f)).toBe(true)
    expect(listInput(f, 100)).toEqual({ limit: 100, user: 'ada', action: 'report.', reportId: 42 })
    expect(['', '0', '-1', '4.5', 'x42', '07'].map(reportIdOf)).toEqual([null, null, null, null, null, null])
  })

  it('a date range covers whole local days, from the first to the last millisecond', () => {
    const input = listInput({ ...NO_FILTERS, from: '2026-03-01', to: '2026-03-03' }, 100)
    expect(input.since).toBe(new Date(2026, 2, 1).toISOString())
    expect(input.until).toBe(new Date(new Date(2026, 2, 4).getTime() - 1).toISOString())
    expect(listInput({ ...NO_FILTERS, from: 'garbage' }, 100)).toEqual({ limit: 100 })
  })
})
