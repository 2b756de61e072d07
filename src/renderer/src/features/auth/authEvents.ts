// What the renderer does when a call finds the session gone or locked: re-read the session's status, so the sign-in
// or lock screen replaces the page. Wired into React Query's caches in main.tsx.
import type { QueryClient } from '@tanstack/react-query'
import { ApiError } from '../../api/client'

export const STATUS_KEY = ['auth.status'] as const

export function onCallError(queryClient: QueryClient, error: unknown): void {
  if (error instanceof ApiError && error.code === 'UNAUTHENTICATED') void queryClient.invalidateQueries({ queryKey: STATUS_KEY })
}

/** Drops every cached answer but the session's own status: nothing a previous user saw stays in memory. */
export function clearCachedData(queryClient: QueryClient): void {
  queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== STATUS_KEY[0] })
}
