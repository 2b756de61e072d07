// Worklist keyboard: j/k or ↓/↑ move, PgUp/PgDn/Home/End jump, Enter opens, x checks or unchecks, / focuses search,
// Esc leaves search.
import { useEffect, type RefObject } from 'react'

interface Options {
  count: number
  selected: number
  select: (index: number) => void
  open: (index: number) => void
  /** Checks or unchecks the report at this index (for "Interpret selected"). */
  toggle: (index: number) => void
  searchRef: RefObject<HTMLInputElement | null>
  /** Rows per screen, for PgUp/PgDn. */
  pageRows: number
}

function isTextEntry(el: Element | null): boolean {
  if (!(el instanceof HTMLElement)) return false
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName)
}

export function useWorklistKeys(o: Options): void {
  const { count, selected, select, open, toggle, searchRef, pageRows } = o
  useEffect(() => {
    const clamp = (i: number) => Math.max(0, Math.min(count - 1, i))
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return
      if (count === 0 && e.key !== '/') return
      const target = e.target instanceof Element ? e.target : null
      if (target?.closest('[role="dialog"]')) return
      // Enter on a focused link or button activates that, not the selected report.
      if (e.key === 'Enter' && target?.closest('a, button, [role="button"], [role="option"]')) return
      const inSearch = target !== null && target === searchRef.current
      let handled = true
      if (inSearch) {
        // From the search box: ↓/↑ move through the results and Enter opens, so typing a name then Enter works.
        if (e.key === 'ArrowDown') select(clamp(selected + 1))
        else if (e.key === 'ArrowUp') select(clamp(selected - 1))
        else if (e.key === 'Enter') open(selected)
        else if (e.key === 'Escape') searchRef.current?.blur()
        else handled = false
      } else if (isTextEntry(target)) {
        handled = false
      } else if (e.key === 'j' || e.key === 'ArrowDown') select(clamp(selected + 1))
      else if (e.key === 'k' || e.key === 'ArrowUp') select(clamp(selected - 1))
      else if (e.key === 'PageDown') select(clamp(selected + pageRows))
      else if (e.key === 'PageUp') select(clamp(selected - pageRows))
      else if (e.key === 'Home') select(0)
      else if (e.key === 'End') select(count - 1)
      else if (e.key === 'Enter') open(selected)
      else if (e.key === 'x') toggle(selected)
      else if (e.key === '/') searchRef.current?.focus()
      else handled = false
      if (handled) e.preventDefault()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [count, selected, select, open, toggle, searchRef, pageRows])
}
