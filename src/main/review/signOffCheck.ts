// The sign-off check of a working version: the evidence check run on the content about to be signed, against its report.
import type { InterpretationDraft } from '../../shared/domain/interpretation'
import type { SignOffIssue } from '../../shared/domain/signOff'
import { checkEvidence } from '../llm/evidence'
import { priorReportsFor } from '../llm/interpretations'
import type { Db } from '../store/db'
import { getReport } from '../store/reportRead'

/** Evidence-check issues of `content` as a signer must see them (the same check drafts get). */
export function versionIssues(db: Db, reportId: number, content: InterpretationDraft): SignOffIssue[] {
  const report = getReport(db, reportId)
  if (!report) return []
  const check = checkEvidence(content, report, { priorReports: priorReportsFor(db, report) })
  return check.issues.map((i) => ({ code: i.code, findingIndex: i.findingIndex, message: i.message }))
}
