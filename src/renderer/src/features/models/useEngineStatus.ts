// The engine's status (models.status), refetched when the engine announces a change, plus load progress from events.
import { useQueryClient } from '@tanstack/react-query'
import { useCallback, useState } from 'react'
import { useCall, useEvent } from '../../api/hooks'

export interface LoadProgress {
  progress: number
  label?: string
}

export function useEngineStatus(enabled = true) {
  const qc = useQueryClient()
  const status = useCall('models.status', {}, {
    enabled,
    // The event stream carries the changes; polling while loading covers a window opened mid-load.
    refetchInterval: (q) => (q.state.data?.state === 'loading' ? 1000 : false),
  })
  const [progress, setProgress] = useState<LoadProgress | null>(null)
  useEvent(
    'models.loadProgress',
    useCallback((p: LoadProgress) => setProgress(p), []),
  )
  useEvent(
    'models.status',
    useCallback(
      ({ state }: { state: string }) => {
        if (state !== 'loading') setProgress(null)
        void qc.invalidateQueries({ queryKey: ['models.status'] })
      },
      [qc],
    ),
  )
  const loading = status.data?.state === 'loading'
  const fraction = loading ? Math.max(progress?.progress ?? 0, status.data?.loadProgress ?? 0) : null
  return { status, loading, fraction, label: progress?.label }
}
