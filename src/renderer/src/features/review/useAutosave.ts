// Autosave of the review's working copy: debounced, one save in flight at a time, each sent with the row version it
// was made on. A CONFLICT stops saving and keeps the edits on screen (never overwrites what someone else saved).
import { useCallback, useEffect, useRef, useState } from 'react'
import type { ReviewState } from '../../../../shared/contract/review'
import { ApiError, call } from '../../api/client'
import { toDocument, type WorkingDoc } from './reviewModel'

const DEBOUNCE_MS = 600

export type SaveStatus =
  | { kind: 'saved' }
  | { kind: 'pending' }
  | { kind: 'saving' }
  | { kind: 'error'; message: string }
  | { kind: 'conflict'; message: string }

export function useAutosave(opts: {
  reportId: number
  doc: WorkingDoc
  /** Bumped by every edit: a revision newer than the last saved one is saved. */
  revision: number
  rowVersion: number
  enabled: boolean
  onSaved: (state: ReviewState) => void
  onConflict: () => void
}) {
  const [status, setStatus] = useState<SaveStatus>({ kind: 'saved' })
  const latest = useRef(opts)
  latest.current = opts
  const rowVersion = useRef(opts.rowVersion)
  const savedRevision = useRef(opts.revision)
  const inFlight = useRef<Promise<void> | null>(null)
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  const stopped = useRef(false)
  // Kept edits (refused by a conflict) the user has dealt with: cleared on the server with the next save.
  const resolving = useRef<number[]>([])

  // A reload (or a state from elsewhere) sets the row version the next save builds on.
  useEffect(() => {
    rowVersion.current = opts.rowVersion
  }, [opts.rowVersion])

  const flush = useCallback(async (): Promise<void> => {
    if (timer.current) clearTimeout(timer.current)
    timer.current = null
    while (inFlight.current) await inFlight.current
    const { reportId, doc, revision, enabled } = latest.current
    if (!enabled || stopped.current || revision === savedRevision.current) return
    setStatus({ kind: 'saving' })
    let failed = false
    const run = (async () => {
      try {
        const resolves = resolving.current
        const state = await call('review.save', {
          reportId,
          document: toDocument(doc, rowVersion.current),
          ...(resolves.length > 0 ? { resolvesKeptEdits: resolves } : {}),
        })
        resolving.current = resolving.current.filter((id) => !resolves.includes(id))
        rowVersion.current = state.rowVersion
        savedRevision.current = revision
        latest.current.onSaved(state)
        setStatus(latest.current.revision === revision ? { kind: 'saved' } : { kind: 'pending' })
      } catch (err) {
        if (err instanceof ApiError && err.code === 'CONFLICT') {
          stopped.current = true
          setStatus({ kind: 'conflict', message: err.message })
          latest.current.onConflict()
        } else {
          failed = true
          setStatus({ kind: 'error', message: err instanceof Error ? err.message : String(err) })
        }
      }
    })()
    inFlight.current = run
    await run
    inFlight.current = null
    // Edits made while it saved go in the next save.
    // A failed save waits for the next edit rather than retrying the same document.
    if (!failed && !stopped.current && latest.current.revision !== savedRevision.current) timer.current = setTimeout(() => void flush(), DEBOUNCE_MS)
  }, [])

  const schedule = useCallback(() => {
    if (timer.current) clearTimeout(timer.current)
    timer.current = setTimeout(() => void flush(), DEBOUNCE_MS)
  }, [flush])

  useEffect(() => {
    if (opts.revision === savedRevision.current || !opts.enabled) return
    setStatus((s) => (s.kind === 'conflict' ? s : { kind: 'pending' }))
    schedule()
  }, [opts.revision, opts.enabled, schedule])

  // Leaving the screen saves what is pending rather than dropping it.
  useEffect(() => () => void flush(), [flush])

  /** After a conflict: start again from the saved review (its row version), with the user's edits re-applied by hand. */
  const restart = useCallback((state: ReviewState, revision: number) => {
    stopped.current = false
    rowVersion.current = state.rowVersion
    savedRevision.current = revision
    setStatus({ kind: 'saved' })
  }, [])

  /** Marks kept edits as dealt with; the caller then bumps the revision so that a save carries it. */
  const resolveKept = useCallback((ids: readonly number[]) => {
    resolving.current = [...new Set([...resolving.current, ...ids])]
  }, [])

  return { status, flush, restart, resolveKept }
}
