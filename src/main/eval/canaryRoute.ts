// The canary version that drafts this report for the clinician, or null for production (the engine configuration).
import type { ModelVersion } from '../../shared/contract/rollout'
import type { Db } from '../store/db'
import { prepared } from '../store/prepared'
import { draftVersionFor } from './rollout/route'
import { loadFleet } from './rolloutStore'
import { getVersion } from './versionsStore'

export function canaryVersionFor(db: Db, reportId: number): ModelVersion | null {
  const fleet = loadFleet(db)
  if (!fleet.versions.some((v) => v.state === 'canary')) return null
  const latest = prepared(db, 'SELECT model_version_id AS v FROM interpretations WHERE report_id = ? ORDER BY id DESC LIMIT 1').get(reportId) as { v: number | null } | undefined
  const route = draftVersionFor(reportId, fleet, latest === undefined ? undefined : latest.v)
  return route.kind === 'canary' ? getVersion(db, route.versionId) : null
}
