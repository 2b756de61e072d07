// Fetches the worklist in pages of 200: the first page (with the total) always, later pages as rows come into view.
import { keepPreviousData, useQueries } from '@tanstack/react-query'
import { useMemo } from 'react'
import type { ReportSummary } from '../../../../shared/contract/reports'
import { call } from '../../api/client'
import { useCall } from '../../api/hooks'
import type { ListQuery } from './filters'

export const PAGE_SIZE = 200
const STALE_MS = 30_000

/** Page 0 and the total. While new filters load, the previous page stays on screen rather than a blank list. */
export function useFirstPage(query: ListQuery) {
  return useCall('reports.list', { ...query, offset: 0, limit: PAGE_SIZE }, { placeholderData: keepPreviousData, staleTime: STALE_MS })
}

/**
 * Row lookup by index over pages fetched on demand. `visible` is the [first, last] index on screen (with overscan);
 * the pages covering it are fetched and stay cached, so scrolling back is instant.
 */
export function usePagedRows(
  query: ListQuery,
  firstPage: ReportSummary[] | undefined,
  total: number,
  visible: [number, number],
): { rowAt: (index: number) => ReportSummary | undefined; error: unknown } {
  const [lo, hi] = visible
  const pageNumbers = useMemo(() => {
    const out: number[] = []
    if (total <= PAGE_SIZE) return out
    const last = Math.min(Math.floor(hi / PAGE_SIZE), Math.floor((total - 1) / PAGE_SIZE))
    for (let p = Math.max(1, Math.floor(lo / PAGE_SIZE)); p <= last; p++) out.push(p)
    return out
  }, [lo, hi, total])

  const pages = useQueries({
    queries: pageNumbers.map((p) => {
      const input = { ...query, offset: p * PAGE_SIZE, limit: PAGE_SIZE }
      return { queryKey: ['reports.list', input], queryFn: () => call('reports.list', input), staleTime: STALE_MS }
    }),
  })

  const byPage = new Map<number, ReportSummary[]>()
  if (firstPage) byPage.set(0, firstPage)
  pages.forEach((q, i) => {
    const p = pageNumbers[i]
    if (p !== undefined && q.data) byPage.set(p, q.data.items)
  })
  return {
    rowAt: (index) => byPage.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE],
    error: pages.find((q) => q.error)?.error,
  }
}
