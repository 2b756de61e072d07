// The per-version monitoring table: every version that has drafted (or is drafting) with its figures against production.
import type { RolloutMonitor, VersionMonitor } from '../../../shared/contract/rollout'
import type { Db } from '../../store/db'
import { prepared } from '../../store/prepared'
import { listVersions } from '../versionsStore'
import { reviewFigures, vsProduction, type ReviewRecord } from './figures'
import { reviewRecords, shadowComparisons } from './monitorStore'
import { shadowFigures } from './shadowFigures'
import { getThresholds } from './thresholdsStore'

/** Fixed: the same reviews always give the same intervals. */
export const MONITOR_SEED = 14

/** Reports drafted for clinicians since the shadow version entered shadow that it has not drafted: its work still to do. */
export function shadowBacklog(db: Db, versionId: number): number {
  return (
    prepared(
      db,
      `SELECT count(DISTINCT i.report_id) AS n FROM interpretations i, model_versions m
       WHERE m.id = @v AND m.state = 'shadow' AND i.created_at >= m.state_changed_at
         AND NOT EXISTS (SELECT 1 FROM shadow_drafts d WHERE d.report_id = i.report_id AND d.version_id = m.id)`,
    ).get({ v: versionId }) as { n: number }
  ).n
}

export function rolloutMonitor(db: Db): RolloutMonitor {
  const versions = listVersions(db)
  const production = versions.find((v) => v.state === 'production') ?? null
  const byVersion = new Map<number, ReviewRecord[]>()
  for (const r of reviewRecords(db)) {
    const list = byVersion.get(r.versionId) ?? []
    list.push(r)
    byVersion.set(r.versionId, list)
  }
  const prodRecords = production === null ? [] : (byVersion.get(production.id) ?? [])
  const rows: VersionMonitor[] = versions
    // Candidates that never drafted have nothing to show; retired ones stay while their reviews say something.
    .filter((v) => v.state !== 'candidate' || byVersion.has(v.id))
    .map((v) => {
      const records = byVersion.get(v.id) ?? []
      const comparisons = v.state === 'shadow' || v.state === 'canary' || v.state === 'retired' ? shadowComparisons(db, v.id) : []
      const hasShadow = v.state === 'shadow' || comparisons.length > 0
      return {
        versionId: v.id,
        name: v.name,
        state: v.state,
        canaryPercent: v.canaryPercent,
        pausedReason: v.pausedReason,
        figures: reviewFigures(records),
        vsProduction: production === null || production.id === v.id ? null : vsProduction(records, prodRecords, MONITOR_SEED),
        shadow: hasShadow ? { compared: comparisons.length, ...shadowFigures(comparisons, MONITOR_SEED), backlog: shadowBacklog(db, v.id) } : null,
      }
    })
  return { productionId: production?.id ?? null, thresholds: getThresholds(db), seed: MONITOR_SEED, versions: rows }
}
