// Evaluation tests' data: synthetic reports of distinct patients, each signed by a clinician (written through the
// review store's own functions, as review.sign does, without a password prompt per report).
import { canonicalContent } from '../../src/main/review/contentHash'
import { insertVersion, signVersion } from '../../src/main/review/versionStore'
import type { Db } from '../../src/main/store/db'
import { getReport } from '../../src/main/store/reportRead'
import type { ReportDetail } from '../../src/shared/contract/reports'
import type { InterpretationDraft } from '../../src/shared/domain/interpretation'
import type { SessionUser } from '../../src/shared/domain/roles'
import { oru } from './hl7'
import { callOk, type TestServices } from './services'

/** Report i: patient EV-i, potassium critically high for even i (a critical rule fires), normal for odd i. */
export function evalReportHl7(i: number): string {
  const critical = i % 2 === 0
  return oru({
    controlId: `EV${i}`,
    mrn: `EV-${i}`,
    observedAt: `202603${String(1 + (i % 28)).padStart(2, '0')}0800`,
    results: [
      { code: '2823-3', display: 'Potassium', value: critical ? '6.9' : '4.2', unit: 'mmol/L', range: '3.5-5.1', ...(critical ? { flag: 'HH' } : {}) },
      { code: '2951-2', display: 'Sodium', value: '140', unit: 'mmol/L', range: '135-145' },
    ],
  })
}

export async function importEvalReports(t: TestServices, n: number): Promise<number[]> {
  const files = Array.from({ length: n }, (_, i) => ({ name: `ev${i}.hl7`, contentBase64: Buffer.from(evalReportHl7(i)).toString('base64') }))
  const r = await callOk<{ results: { reportIds: number[] }[] }>(t, 'import.files', { files })
  return r.results.flatMap((x) => x.reportIds)
}

/** What the clinician signed: the potassium finding with its severity and the sodium finding, citing their observations. */
export function signedContent(report: ReportDetail): InterpretationDraft {
  const [k, na] = report.observations.map((o) => `O${o.id}`) as [string, string]
  const critical = report.observations[0]?.valueNum === 6.9
  return {
    summary: critical ? 'Critically high potassium.' : 'Electrolytes within range.',
    findings: [
      { statement: `Potassium ${critical ? '6.9' : '4.2'} mmol/L is ${critical ? 'critically high' : 'normal'}.`, severity: critical ? 'critical' : 'normal', evidence: [k], recommendation: critical ? 'Repeat potassium now.' : null },
      { statement: 'Sodium 140 mmol/L is within the reference range.', severity: 'normal', evidence: [na], recommendation: null },
    ],
    overall_severity: critical ? 'critical' : 'normal',
    comparison_with_prior: null,
    limitations: 'No earlier results.',
  }
}

/** Writes and signs the report's first version with `content`; returns the signed version's id. */
export function signDirect(db: Db, reportId: number, content: InterpretationDraft, signer: SessionUser, now = new Date().toISOString()): number {
  return db.transaction(() => {
    const id = insertVersion(db, {
      reportId,
      previousVersionId: null,
      baseInterpretationId: null,
      document: { baseVersion: 0, findings: [], rejectDraft: { reason: 'other', comment: 'written without a draft' }, summary: { text: content.summary, reason: 'other' }, overallSeverity: { value: content.overall_severity, reason: 'other' } },
      content,
      author: signer,
      now,
      amendmentReason: null,
    })
    signVersion(db, { versionId: id, reportId, signer, now, meaning: 'reviewed and approved', contentSha256: canonicalContent(content).sha256, acknowledgement: null })
    return id
  })()
}

/** Imports `n` reports and signs each as `signer`; returns the report ids. */
export async function signedEvalReports(t: TestServices, n: number, signer: SessionUser): Promise<number[]> {
  const ids = await importEvalReports(t, n)
  for (const id of ids) signDirect(t.services.db, id, signedContent(getReport(t.services.db, id)!), signer)
  return ids
}
