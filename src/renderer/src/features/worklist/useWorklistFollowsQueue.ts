// The worklist's draft column follows the batch queue: each time a report is taken up or finished, the cached
// worklist pages are marked stale, so the rows on screen are read again and pages not on screen are read when shown.
import { useQueryClient } from '@tanstack/react-query'
import { useCallback } from 'react'
import { useEvent } from '../../api/hooks'

export function useWorklistFollowsQueue(): void {
  const qc = useQueryClient()
  useEvent(
    'queue.progress',
    useCallback(() => void qc.invalidateQueries({ queryKey: ['reports.list'] }), [qc]),
  )
}
