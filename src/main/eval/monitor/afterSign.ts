// After a signature: the report's shadow drafts are compared with the signed version, and the canary's alert thresholds are checked.
import type { InterpretationDraft } from '../../../shared/domain/interpretation'
import type { EventBus } from '../../eventBus'
import type { Logger } from '../../log'
import { priorReportsFor } from '../../llm/interpretations'
import type { Db } from '../../store/db'
import { activeNoteTexts } from '../../store/patientNotes'
import { prepared } from '../../store/prepared'
import { getReport } from '../../store/reportRead'
import { reportMetrics } from '../reportMetrics'
import { checkCanaryAlerts } from '../rollout/alerts'
import { canaryOf, productionOf } from '../rollout/states'
import { loadFleet } from '../rolloutStore'
import { pauseCanary } from './pauseCanary'
import { reviewOutcome } from './figures'
import { reviewRecords } from './monitorStore'
import { draftScore, type StoredShadowMetrics } from './shadowFigures'
import { getThresholds } from './thresholdsStore'

interface SignedRow {
  id: number
  content: string
  base_interpretation_id: number | null
}

/** The report's first signed version: what its draft (and its shadow drafts) are judged against. */
function firstSigned(db: Db, reportId: number): SignedRow | undefined {
  return prepared(db, "SELECT id, content, base_interpretation_id FROM interpretation_versions WHERE report_id = ? AND version = 1 AND state = 'signed'").get(reportId) as
    | SignedRow
    | undefined
}

/**
 * Sets metrics on the report's shadow drafts not compared yet (idempotent: compared ones are left alone), each beside
 * the draft the clinician was shown. Returns how many were compared.
 */
export function compareShadowDrafts(db: Db, reportId: number, now: string): number {
  const pending = prepared(db, 'SELECT id, raw_output FROM shadow_drafts WHERE report_id = ? AND metrics IS NULL').all(reportId) as { id: number; raw_output: string }[]
  if (pending.length === 0) return 0
  const signed = firstSigned(db, reportId)
  const report = getReport(db, reportId)
  if (signed === undefined || report === undefined) return 0
  const reference = JSON.parse(signed.content) as InterpretationDraft
  const context = { report, priorReports: priorReportsFor(db, report), notes: activeNoteTexts(db, report.patient.id), reference }
  const shown =
    signed.base_interpretation_id === null
      ? undefined
      : (prepared(db, 'SELECT id, draft, model_version_id FROM interpretations WHERE id = ?').get(signed.base_interpretation_id) as
          | { id: number; draft: string; model_version_id: number | null }
          | undefined)
  const shownScore = shown === undefined ? null : { ...draftScore(reportMetrics({ ...context, output: JSON.parse(shown.draft) as InterpretationDraft })), interpretationId: shown.id, versionId: shown.model_version_id }
  const update = prepared(db, 'UPDATE shadow_drafts SET metrics = ?, compared_at = ? WHERE id = ? AND metrics IS NULL')
  db.transaction(() => {
    for (const d of pending) {
      const metrics: StoredShadowMetrics = { shadow: draftScore(reportMetrics({ ...context, output: d.raw_output })), shown: shownScore, signedVersionId: signed.id }
      update.run(JSON.stringify(metrics), now, d.id)
    }
  })()
  return pending.length
}

/**
 * When the signed report was drafted by the canary or production, checks the canary's thresholds over both versions'
 * newest reviews; crossing one pauses the canary (new reports go to production), audited with ids and figures only,
 * and announced as `rollout.alert`. Returns whether it paused.
 */
export function checkCanaryAfterSign(deps: { db: Db; events: EventBus; log: Logger }, reportId: number, now: string): boolean {
  const { db } = deps
  const signed = firstSigned(db, reportId)
  if (signed?.base_interpretation_id == null) return false
  const drafter = (prepared(db, 'SELECT model_version_id AS v FROM interpretations WHERE id = ?').get(signed.base_interpretation_id) as { v: number | null } | undefined)?.v ?? null
  const fleet = loadFleet(db)
  const canary = canaryOf(fleet)
  const production = productionOf(fleet)
  if (drafter === null || canary === null || production === null || canary.paused !== null) return false
  if (drafter !== canary.id && drafter !== production.id) return false
  const thresholds = getThresholds(db)
  const decision = checkCanaryAlerts(
    reviewRecords(db, canary.id, thresholds.window).map(reviewOutcome),
    reviewRecords(db, production.id, thresholds.window).map(reviewOutcome),
    thresholds,
  )
  if (decision.action !== 'pause') return false
  const details = { cause: 'threshold', productionId: production.id, reportId, thresholds, canary: decision.canary, production: decision.production }
  pauseCanary(deps, canary.id, decision.reasons.join(' '), details, now)
  deps.log.info(`rollout: canary version ${canary.id} paused by an alert threshold`)
  return true
}

/**
 * Runs right after the sign transaction (not inside it: a failure here must never undo a signature); both steps are
 * idempotent, so a crash in between only delays them until the next signature or the shadow worker's pass.
 */
export function afterSign(deps: { db: Db; events: EventBus; log: Logger }, reportId: number): void {
  const now = new Date().toISOString()
  try {
    compareShadowDrafts(deps.db, reportId, now)
  } catch (err) {
    deps.log.error(`rollout: comparing the shadow drafts of report ${reportId} failed`, err)
  }
  try {
    checkCanaryAfterSign(deps, reportId, now)
  } catch (err) {
    deps.log.error(`rollout: the canary alert check after report ${reportId} failed`, err)
  }
}
