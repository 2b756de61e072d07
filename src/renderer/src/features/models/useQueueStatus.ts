// The batch queue's status: queue.status, kept current by the queue.progress event between fetches.
import { useQueryClient } from '@tanstack/react-query'
import { useCallback } from 'react'
import type { EventPayload } from '../../../../shared/contract'
import type { QueueStatus } from '../../../../shared/contract/interpret'
import { useCall, useEvent } from '../../api/hooks'

const KEY = ['queue.status', {}]

function isQueueState(s: string): s is QueueStatus['state'] {
  return s === 'idle' || s === 'running' || s === 'paused'
}

export function useQueueStatus() {
  const qc = useQueryClient()
  const status = useCall('queue.status', {})
  useEvent(
    'queue.progress',
    useCallback(
      (p: EventPayload<'queue.progress'>) => {
        // Apply the figures at once (the bar moves with each report), then refetch for queued/running counts; the
        // failure lists (Models page, report page) are read again when the number of failures changed.
        const failedBefore = qc.getQueryData<QueueStatus>(KEY)?.failed
        qc.setQueryData<QueueStatus>(KEY, (old) =>
          old
            ? {
                ...old,
                state: isQueueState(p.state) ? p.state : old.state,
                batchDone: p.done,
                batchTotal: p.total,
                failed: p.failed,
                tokensPerSecond: p.tokensPerSecond,
                etaSeconds: p.etaSeconds,
              }
            : old,
        )
        void qc.invalidateQueries({ queryKey: ['queue.status'] })
        if (failedBefore !== p.failed) void qc.invalidateQueries({ queryKey: ['queue.failures'] })
      },
      [qc],
    ),
  )
  return status
}
