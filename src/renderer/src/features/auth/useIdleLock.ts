// The inactivity lock in the renderer: no keyboard, mouse or touch input for the configured time locks the session
// (the server also locks it on its own clock). Input meanwhile tells the server the person is still there.
import { useEffect, useRef } from 'react'
import { call } from '../../api/client'

const ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const

export function useIdleLock(idleLockSeconds: number, lock: () => void): void {
  const lastInput = useRef(Date.now())
  const lastPing = useRef(Date.now())
  const lockRef = useRef(lock)
  lockRef.current = lock

  useEffect(() => {
    const idleMs = idleLockSeconds * 1000
    // Often enough that the server's clock never runs out while someone is using the app.
    const pingEveryMs = Math.min(30_000, idleMs / 3)
    lastInput.current = Date.now()
    lastPing.current = Date.now()
    const onInput = () => {
      const now = Date.now()
      lastInput.current = now
      if (now - lastPing.current >= pingEveryMs) {
        lastPing.current = now
        void call('auth.status', { active: true }).catch(() => undefined)
      }
    }
    for (const e of ACTIVITY_EVENTS) window.addEventListener(e, onInput, { passive: true, capture: true })
    const timer = window.setInterval(() => {
      if (Date.now() - lastInput.current >= idleMs) lockRef.current()
    }, 1000)
    return () => {
      for (const e of ACTIVITY_EVENTS) window.removeEventListener(e, onInput, { capture: true })
      window.clearInterval(timer)
    }
  }, [idleLockSeconds])
}
