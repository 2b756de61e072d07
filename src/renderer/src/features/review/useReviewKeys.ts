// The review screen's single-key shortcuts on the window, ignored while typing in a field or while a dialog is open.
import { useEffect, useRef } from 'react'

export type ReviewKey = 'next' | 'previous' | 'accept' | 'edit' | 'reject' | 'new' | 'sign' | 'help'

/** The action a key press stands for, or null. Pure, so the table of keys is tested. */
export function reviewKeyOf(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>): ReviewKey | null {
  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) return 'sign'
  if (e.ctrlKey || e.metaKey || e.altKey) return null
  switch (e.key) {
    case 'j':
      return 'next'
    case 'k':
      return 'previous'
    case 'a':
      return 'accept'
    case 'e':
      return 'edit'
    case 'r':
      return 'reject'
    case 'n':
      return 'new'
    case '?':
      return 'help'
    default:
      return null
  }
}

function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  return target.isContentEditable || target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement
}

export function useReviewKeys(active: boolean, onKey: (k: ReviewKey) => void): void {
  const handler = useRef(onKey)
  handler.current = onKey
  useEffect(() => {
    if (!active) return
    const listener = (e: KeyboardEvent) => {
      if (e.defaultPrevented || typing(e.target)) return
      if (e.target instanceof HTMLElement && e.target.closest('[role="dialog"]')) return
      const k = reviewKeyOf(e)
      if (k === null) return
      e.preventDefault()
      handler.current(k)
    }
    window.addEventListener('keydown', listener)
    return () => window.removeEventListener('keydown', listener)
  }, [active])
}
