// The worklist and the open report follow the batch queue: each time it takes up or finishes a report, the cached
// worklist pages, report details and latest drafts are marked stale, so what is on screen is read again (a draft the
// batch wrote appears on its report's page) and the rest is read when shown.
import { useQueryClient } from '@tanstack/react-query'
import { useCallback } from 'react'
import { useEvent } from '../api/hooks'

const FOLLOWING = ['reports.list', 'reports.get', 'interpret.latest'] as const

export function useFollowQueue(): void {
  const qc = useQueryClient()
  useEvent(
    'queue.progress',
    useCallback(() => {
      for (const method of FOLLOWING) void qc.invalidateQueries({ queryKey: [method] })
    }, [qc]),
  )
}
