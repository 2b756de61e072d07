// Runs a rule change (activate, reset, re-evaluate) under a fresh job id, follows `rules.progress`, keeps the summary.
import { useCallback, useRef, useState } from 'react'
import type { MethodName } from '../../../../shared/contract'
import type { Progress } from '../../../../shared/contract/events'
import { useAction, useEvent } from '../../api/hooks'
import { newJobId } from '../import/batches'

// Findings, the worklist's triage order and the active rule set all change with a re-evaluation.
const INVALIDATES: MethodName[] = ['reports.list', 'reports.get', 'rules.get']

export interface RulesJobSummary {
  /** What was done, e.g. "Activated site-1+…". */
  what: string
  reports: number
  findings: number
  seconds: number
}

export interface RulesJob {
  running: boolean
  /** Reports done of total, while running (null before the first progress event). */
  progress: { done: number; total: number } | null
  summary: RulesJobSummary | null
  error: Error | null
  /** Resolves true when the file was activated and every report re-evaluated. */
  activate: (text: string) => Promise<boolean>
  reset: () => Promise<boolean>
  run: () => Promise<boolean>
}

export function useRulesJob(): RulesJob {
  const activateAction = useAction('rules.activate', INVALIDATES)
  const resetAction = useAction('rules.resetToDefault', INVALIDATES)
  const runAction = useAction('rules.run', INVALIDATES)
  const jobRef = useRef<string | null>(null)
  const [progress, setProgress] = useState<RulesJob['progress']>(null)
  const [summary, setSummary] = useState<RulesJobSummary | null>(null)

  const onProgress = useCallback((p: Progress) => {
    if (p.jobId === jobRef.current) setProgress({ done: p.done, total: p.total })
  }, [])
  useEvent('rules.progress', onProgress)

  const { reset: clearActivate } = activateAction
  const { reset: clearReset } = resetAction
  const { reset: clearRun } = runAction
  const begin = useCallback((): string => {
    clearActivate()
    clearReset()
    clearRun()
    const jobId = newJobId()
    jobRef.current = jobId
    setProgress(null)
    setSummary(null)
    return jobId
  }, [clearActivate, clearReset, clearRun])

  const settle = useCallback(async <R extends Omit<RulesJobSummary, 'what'>>(job: Promise<R>, what: (r: R) => string) => {
    try {
      const r = await job
      setSummary({ what: what(r), reports: r.reports, findings: r.findings, seconds: r.seconds })
      return true
    } catch {
      return false // the mutation's error is shown instead
    } finally {
      jobRef.current = null
    }
  }, [])

  const { mutateAsync: activateAsync } = activateAction
  const { mutateAsync: resetAsync } = resetAction
  const { mutateAsync: runAsync } = runAction
  const activate = useCallback(
    async (text: string) => {
      const jobId = begin()
      return settle(activateAsync({ text, jobId }), (r) => `Activated the site rule file ${r.version}`)
    },
    [begin, settle, activateAsync],
  )
  const reset = useCallback(async () => {
    const jobId = begin()
    return settle(resetAsync({ jobId }), (r) => `Back to the shipped defaults ${r.version}`)
  }, [begin, settle, resetAsync])
  const run = useCallback(async () => {
    const jobId = begin()
    return settle(runAsync({ jobId }), () => 'Re-evaluated with the active rules')
  }, [begin, settle, runAsync])

  return {
    running: activateAction.isPending || resetAction.isPending || runAction.isPending,
    progress,
    summary,
    error: activateAction.error ?? resetAction.error ?? runAction.error,
    activate,
    reset,
    run,
  }
}
