// Hash-based routes: the page list for navigation, parsing of the current location, and going back.
import { useSyncExternalStore } from 'react'

export const PAGES = [
  { path: 'worklist', label: 'Worklist' },
  { path: 'import', label: 'Import' },
  { path: 'models', label: 'Models' },
  { path: 'export', label: 'Export' },
  { path: 'evaluation', label: 'Evaluation' },
  { path: 'rollout', label: 'Rollout' },
  { path: 'settings', label: 'Settings' },
  { path: 'audit', label: 'Audit' },
  { path: 'users', label: 'Users' },
] as const
export type PagePath = (typeof PAGES)[number]['path']

/** Views below a page: #/reports/<id>, #/review/<id> and #/print/<id> belong to the worklist, #/quarantine/<id> to import. */
const SUB_VIEWS: Record<string, PagePath> = { reports: 'worklist', review: 'worklist', print: 'worklist', quarantine: 'import' }

export interface Route {
  /** The navigation entry this location belongs to. */
  page: PagePath
  /** Remaining path segments, e.g. ['42'] for #/reports/42. */
  params: string[]
  /** The raw first segment (e.g. 'reports' for a report view). */
  head: string
}

function parse(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean)
  const head = parts[0] ?? 'worklist'
  const page = PAGES.find((p) => p.path === head)?.path ?? SUB_VIEWS[head] ?? 'worklist'
  return { page, head, params: parts.slice(1) }
}

// Whether this window has moved within the app, so that "back" can return to where the user came from.
let movedWithinApp = false

function subscribeHash(cb: () => void): () => void {
  window.addEventListener('hashchange', cb)
  return () => window.removeEventListener('hashchange', cb)
}
window.addEventListener('hashchange', () => {
  movedWithinApp = true
})

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribeHash, () => window.location.hash)
  return parse(hash)
}

export function navigate(path: string): void {
  window.location.hash = `#/${path}`
}

/** The hash for a path, for links: `href={hrefTo('reports/42')}`. */
export function hrefTo(path: string): string {
  return `#/${path}`
}

/** Back to the previous view of this app, or to the fallback when the view was opened directly. */
export function goBack(fallback: PagePath): void {
  if (movedWithinApp && window.history.length > 1) window.history.back()
  else navigate(fallback)
}

/** A positive integer id from a route segment, or undefined. */
export function idParam(route: Route): number | undefined {
  const raw = route.params[0]
  if (raw === undefined || !/^\d{1,15}$/.test(raw)) return undefined
  const n = Number(raw)
  return n > 0 ? n : undefined
}
