// Hash-based routes: the page list for navigation, and parsing of the current location.
import { useSyncExternalStore } from 'react'

export const PAGES = [
  { path: 'worklist', label: 'Worklist' },
  { path: 'import', label: 'Import' },
  { path: 'models', label: 'Models' },
  { path: 'export', label: 'Export' },
  { path: 'settings', label: 'Settings' },
  { path: 'audit', label: 'Audit' },
] as const
export type PagePath = (typeof PAGES)[number]['path']

export interface Route {
  page: PagePath
  /** Remaining path segments, e.g. ['42'] for #/reports/42. */
  params: string[]
  /** The raw first segment (e.g. 'reports' for a report view). */
  head: string
}

function parse(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean)
  const head = parts[0] ?? 'worklist'
  const page = (PAGES.find((p) => p.path === head)?.path ?? 'worklist') as PagePath
  return { page, head, params: parts.slice(1) }
}

function subscribeHash(cb: () => void): () => void {
  window.addEventListener('hashchange', cb)
  return () => window.removeEventListener('hashchange', cb)
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribeHash, () => window.location.hash)
  return parse(hash)
}

export function navigate(path: string): void {
  window.location.hash = `#/${path}`
}
