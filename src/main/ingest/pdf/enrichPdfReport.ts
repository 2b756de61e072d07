// Adds the values recognised in a PDF's text to a report: the PDF import's own report, or a report
// that carried the PDF embedded (HL7 ED, FHIR presentedForm).
import type { ParsedReport } from '../../../shared/domain/report'
import { recogniseEcgText } from './recogniseEcgText'

export const PDF_TEXT_PENDING = 'PDF stored as attachment; text not read yet'
export const NOTHING_RECOGNISED = 'No structured values recognised; stored as text'

function codeKey(system: string, code: string): string {
  return `${system}|${code}`
}

/**
 * Returns a new report with the recognised values. For the PDF import's own report ('pdf') the
 * text also decides kind and status. For other formats only values whose code the report does not
 * already carry are added, so structured data always wins over what was read off the printout.
 */
export function enrichPdfReport(report: ParsedReport, text: string): ParsedReport {
  const recognised = recogniseEcgText(text)
  const parseLog = report.parseLog.filter((line) => line !== PDF_TEXT_PENDING)
  const isOwn = report.sourceFormat === 'pdf'

  if (isOwn) {
    const status = recognised.status ?? 'preliminary'
    if (recognised.status === undefined && text.trim() !== '') {
      parseLog.push('No confirmation printed on the document; treated as preliminary')
    }
    if (text.trim() === '') parseLog.push('The PDF has no text layer (scanned image?)')
    parseLog.push(...recognised.log)
    parseLog.push(
      recognised.observations.length > 0
        ? `${recognised.observations.length} values recognised from the printed text`
        : NOTHING_RECOGNISED,
    )
    return {
      ...report,
      kind: recognised.isEcg ? 'ecg' : report.kind,
      status,
      observations: [...report.observations, ...recognised.observations],
      parseLog,
    }
  }

  const present = new Set(report.observations.map((o) => codeKey(o.code.system, o.code.code)))
  const added = recognised.observations.filter((o) => !present.has(codeKey(o.code.system, o.code.code)))
  // The embedded document is the same report: its observations share the report's status and time.
  const withReportFacts = added.map((o) => ({ ...o, status: report.status, ...(report.observedAt !== undefined ? { observedAt: report.observedAt } : {}) }))
  if (added.length > 0) {
    parseLog.push(...recognised.log)
    parseLog.push(`${added.length} values recognised from the embedded PDF and added`)
  } else {
    parseLog.push(
      recognised.observations.length > 0
        ? 'Embedded PDF values already present as structured data; nothing added'
        : 'Embedded PDF: no structured values recognised',
    )
  }
  return {
    ...report,
    kind: report.kind === 'other' && recognised.isEcg ? 'ecg' : report.kind,
    observations: [...report.observations, ...withReportFacts],
    parseLog,
  }
}
