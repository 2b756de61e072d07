// Which signed items an export takes: the filters as one pure predicate.
import type { ExportFilters, ExportItem } from './types'

export function matchesFilters(item: ExportItem, f: ExportFilters): boolean {
  if (f.signedFrom !== undefined && item.signedAt < f.signedFrom) return false
  // A bare date as the upper bound includes that whole day.
  if (f.signedTo !== undefined && item.signedAt > (f.signedTo.length === 10 ? `${f.signedTo}T23:59:59.999Z` : f.signedTo)) return false
  if (f.kinds?.length && !f.kinds.includes(item.kind)) return false
  if (f.reviewers?.length && !f.reviewers.includes(item.reviewer)) return false
  if (f.reasonCodes?.length && !item.reasonCodes.some((r) => f.reasonCodes?.includes(r))) return false
  if (f.outcomes?.length && !f.outcomes.includes(item.outcome)) return false
  if (f.modelVersions?.length) {
    const sha = item.draft?.baseModel.sha256
    if (sha === undefined || !f.modelVersions.some((v) => sha.startsWith(v.toLowerCase()))) return false
  }
  if (f.standings?.length) {
    const standing = item.draft?.standing
    if (standing === undefined || !f.standings.includes(standing)) return false
  }
  return true
}
