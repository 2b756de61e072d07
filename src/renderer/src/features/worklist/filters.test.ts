// Unit tests for turning worklist filters into the reports.list query.
import { describe, expect, it } from 'vitest'
import { hasFilters, NO_FILTERS, toListQuery } from './filters'

describe('worklist filters', () => {
  it('sends nothing for no filters', () => {
    expect(toListQuery(NO_FILTERS)).toEqual({})
    expect(hasFilters(NO_FILTERS)).toBe(false)
  })
  it('sends kinds, statuses, trimmed search and the date bounds', () => {
    const q = toListQuery({ kinds: ['lab'], statuses: ['preliminary'], from: '2026-03-01', to: '2026-03-02', search: '  quokka ' })
    expect(q).toEqual({ kinds: ['lab'], statuses: ['preliminary'], from: '2026-03-01', to: '2026-03-02', search: 'quokka' })
  })
  it('ignores half-typed dates and blank search', () => {
    const f = { ...NO_FILTERS, from: '2026-03', search: '   ' }
    expect(toListQuery(f)).toEqual({})
    expect(hasFilters(f)).toBe(false)
  })
})
