// Unit tests for turning worklist filters and order into the reports.list query.
import { describe, expect, it } from 'vitest'
import { clearFilters, hasFilters, NO_FILTERS, toListQuery } from './filters'

describe('worklist filters', () => {
  it('sends only the triage order for no filters', () => {
    expect(toListQuery(NO_FILTERS)).toEqual({ sort: 'triage' })
    expect(hasFilters(NO_FILTERS)).toBe(false)
  })
  it('sends kinds, statuses, draft states, trimmed search and the date bounds', () => {
    const f = { kinds: ['lab'], statuses: ['preliminary'], drafts: ['issues', 'failed'], from: '2026-03-01', to: '2026-03-02', search: '  quokka ', sort: 'triage' } as const
    const q = toListQuery({ ...NO_FILTERS, ...f, kinds: [...f.kinds], statuses: [...f.statuses], drafts: [...f.drafts] })
    expect(q).toEqual({ kinds: ['lab'], statuses: ['preliminary'], drafts: ['issues', 'failed'], from: '2026-03-01', to: '2026-03-02', search: 'quokka', sort: 'triage' })
    expect(hasFilters({ ...NO_FILTERS, drafts: ['none'] })).toBe(true)
  })
  it('sends review statuses, the reviewer and "my reviews in progress"', () => {
    const f = { ...NO_FILTERS, reviewStatuses: ['in_review' as const, 'returned' as const], reviewerId: 7, mine: true }
    expect(toListQuery(f)).toEqual({ sort: 'triage', reviewStatuses: ['in_review', 'returned'], reviewerId: 7, mine: true })
    expect(hasFilters({ ...NO_FILTERS, mine: true })).toBe(true)
    expect(hasFilters({ ...NO_FILTERS, reviewerId: 3 })).toBe(true)
    expect(hasFilters({ ...NO_FILTERS, reviewStatuses: ['signed'] })).toBe(true)
  })
  it('ignores half-typed dates and blank search', () => {
    const f = { ...NO_FILTERS, from: '2026-03', search: '   ' }
    expect(toListQuery(f)).toEqual({ sort: 'triage' })
    expect(hasFilters(f)).toBe(false)
  })
  it('sends the newest-first order, which is not a filter and survives clearing the filters', () => {
    const f = { ...NO_FILTERS, sort: 'time' as const, search: 'quokka' }
    expect(toListQuery(f)).toEqual({ sort: 'time', search: 'quokka' })
    expect(hasFilters({ ...NO_FILTERS, sort: 'time' })).toBe(false)
    expect(clearFilters(f)).toEqual({ ...NO_FILTERS, sort: 'time' })
  })
})
