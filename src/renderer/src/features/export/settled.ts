// A value that follows its input only once the input has stopped changing for a while: the export preview asks the
// server once per pause in typing, not once per keystroke (each preview reads and de-identifies signed reports).
import { useEffect, useMemo, useState } from 'react'

export const PREVIEW_SETTLE_MS = 300

interface Timers {
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof globalThis.setTimeout>),
}

/** Calls `onSettle` with the last value pushed, `ms` after the last push; a push in between starts the wait again. */
export function createSettler<T>(ms: number, onSettle: (value: T) => void, timers: Timers = realTimers) {
  let handle: unknown = null
  const cancel = () => {
    if (handle !== null) timers.clearTimeout(handle)
    handle = null
  }
  return {
    push(value: T): void {
      cancel()
      handle = timers.setTimeout(() => {
        handle = null
        onSettle(value)
      }, ms)
    },
    cancel,
  }
}

/**
 * `key` once it has not changed for `ms` (the first value at once). Keys are strings (e.g. a request's JSON) so that an
 * equal request built anew on each render is the same key and does not restart the wait.
 */
export function useSettled(key: string, ms = PREVIEW_SETTLE_MS): string {
  const [settled, setSettled] = useState(key)
  const settler = useMemo(() => createSettler<string>(ms, setSettled), [ms])
  useEffect(() => settler.push(key), [key, settler])
  useEffect(() => () => settler.cancel(), [settler])
  return settled
}
