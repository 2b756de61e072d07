// Generates a draft for one report under a fresh job id, collects its streamed text (interpret.chunk) and cancels it on request.
import { useCallback, useRef, useState } from 'react'
import type { Interpretation } from '../../../../shared/contract/interpret'
import { call } from '../../api/client'
import { useEvent } from '../../api/hooks'
import { newJobId } from '../import/batches'

export interface DraftStream {
  running: boolean
  /** Text streamed so far by the running job (kept after a failure, so what the model wrote can be seen). */
  text: string
  /** Why the last generation produced no draft (an ApiError with its code), or null. */
  error: Error | null
  cancelling: boolean
  generate: () => void
  cancel: () => void
}

/** `onDone` receives the stored interpretation; nothing is stored when the job fails or is cancelled. */
export function useDraftStream(reportId: number, onDone: (i: Interpretation) => void): DraftStream {
  const jobRef = useRef<string | null>(null)
  // A cancel that came before the engine registered the job (while the model loads) is repeated on the next chunk.
  const cancelWanted = useRef(false)
  const cancelInFlight = useRef(false)
  const [running, setRunning] = useState(false)
  const [text, setText] = useState('')
  const [error, setError] = useState<Error | null>(null)
  const [cancelling, setCancelling] = useState(false)

  const sendCancel = useCallback((jobId: string) => {
    if (cancelInFlight.current) return
    cancelInFlight.current = true
    call('interpret.cancel', { jobId })
      .then((r) => {
        if (r.cancelled) cancelWanted.current = false
      })
      .catch(() => undefined) // the generation's own outcome is what the user sees
      .finally(() => {
        cancelInFlight.current = false
      })
  }, [])

  const onChunk = useCallback(
    (p: { jobId: string; text: string }) => {
      if (p.jobId !== jobRef.current) return
      setText((t) => t + p.text)
      if (cancelWanted.current) sendCancel(p.jobId)
    },
    [sendCancel],
  )
  useEvent('interpret.chunk', onChunk)

  const generate = useCallback(() => {
    if (jobRef.current !== null) return
    const jobId = newJobId()
    jobRef.current = jobId
    cancelWanted.current = false
    setText('')
    setError(null)
    setCancelling(false)
    setRunning(true)
    call('interpret.report', { reportId, jobId })
      .then(
        (interpretation) => {
          if (jobRef.current === jobId) setText('')
          onDone(interpretation)
        },
        (err: unknown) => {
          if (jobRef.current === jobId) setError(err instanceof Error ? err : new Error(String(err)))
        },
      )
      .finally(() => {
        if (jobRef.current !== jobId) return
        jobRef.current = null
        cancelWanted.current = false
        setRunning(false)
        setCancelling(false)
      })
  }, [reportId, onDone])

  const cancel = useCallback(() => {
    const jobId = jobRef.current
    if (jobId === null) return
    cancelWanted.current = true
    setCancelling(true)
    sendCancel(jobId)
  }, [sendCancel])

  return { running, text, error, cancelling, generate, cancel }
}
