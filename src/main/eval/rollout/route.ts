// Which version drafts a new report for the clinician, and which shadows draft it in the background.
import { inCanary } from './canary'
import { canaryOf, productionOf, type Fleet } from './states'

export interface Route {
  /** The version whose draft is shown; null when no version is in production. */
  shown: number | null
  /** Versions that draft the report in the background, at lower priority; their drafts are never shown. */
  shadows: number[]
}

/** A report goes to the canary when it falls in the canary's share and the canary is not paused; otherwise to production. */
export function routeReport(reportId: number, fleet: Fleet): Route {
  const production = productionOf(fleet)
  const canary = canaryOf(fleet)
  const toCanary = canary !== null && canary.paused === null && canary.canaryPercent !== null && inCanary(reportId, canary.salt, canary.canaryPercent)
  return {
    shown: toCanary ? canary.id : (production?.id ?? null),
    shadows: fleet.versions.filter((v) => v.state === 'shadow').map((v) => v.id),
  }
}

/**
 * Which version drafts a report for the clinician now: `previous` is the version of the report's latest draft
 * (undefined: it has none; null: a draft by no known version). Only a first draft is routed; a re-draft stays with
 * the canary that drafted it while that canary still drafts (not paused, not moved on), and otherwise goes to
 * production, as every report does while no canary drafts.
 */
export function draftVersionFor(reportId: number, fleet: Fleet, previous: number | null | undefined): { kind: 'canary'; versionId: number } | { kind: 'production' } {
  const canary = canaryOf(fleet)
  if (canary === null || canary.paused !== null) return { kind: 'production' }
  if (previous !== undefined) return previous === canary.id ? { kind: 'canary', versionId: canary.id } : { kind: 'production' }
  return routeReport(reportId, fleet).shown === canary.id ? { kind: 'canary', versionId: canary.id } : { kind: 'production' }
}
