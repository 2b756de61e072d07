// The worklist and the open report follow the batch queue: each time it takes up or finishes a report, the cached
// worklist pages, report details and latest drafts are marked stale, so what is on screen is read again (a draft the
// batch wrote appears on its report's page) and the rest is read when shown.
import { useQueryClient } from '@tanstack/react-query'
import { useCallback, useEffect, useRef } from 'react'
import { useEvent } from '../api/hooks'

const FOLLOWING = ['reports.list', 'reports.get', 'interpret.latest'] as const
/** On a fast GPU the queue reports many times a second; the screen is read again at most this often. */
const AT_MOST_EVERY_MS = 500

export function useFollowQueue(): void {
  const qc = useQueryClient()
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  const last = useRef(0)
  useEffect(() => () => clearTimeout(timer.current ?? undefined), [])
  useEvent(
    'queue.progress',
    useCallback(() => {
      const refresh = () => {
        timer.current = null
        last.current = Date.now()
        for (const method of FOLLOWING) void qc.invalidateQueries({ queryKey: [method] })
      }
      if (timer.current !== null) return
      const wait = last.current + AT_MOST_EVERY_MS - Date.now()
      if (wait <= 0) refresh()
      else timer.current = setTimeout(refresh, wait)
    }, [qc]),
  )
}
