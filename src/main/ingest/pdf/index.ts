// PDF import: the PDF is kept as an attachment; labelled values in its text become observations
// once the (asynchronous) text extraction has run.
import { ParseError, type ParsedReport, type ParsedUnit } from '../../../shared/domain/report'
import type { FormatParser } from '../types'
import { enrichPdfReport, PDF_TEXT_PENDING } from './enrichPdfReport'
import { extractPdfText } from './extractPdfText'

export { enrichPdfReport, NOTHING_RECOGNISED } from './enrichPdfReport'
export { extractPdfText } from './extractPdfText'
export { recogniseEcgText, type RecognisedText } from './recogniseEcgText'

const PDF_MAGIC = '%PDF-'

/** Readers accept the header anywhere in the first 1024 bytes (some writers prepend junk). */
export function hasPdfHeader(bytes: Uint8Array): boolean {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024))
  return head.includes(PDF_MAGIC)
}

/** The report for a PDF before its text is read: kind 'other', the PDF as attachment, no values. */
function pdfReport(bytes: Uint8Array): ParsedReport {
  return {
    kind: 'other',
    sourceFormat: 'pdf',
    patient: { identifiers: [] },
    status: 'preliminary',
    observations: [],
    statements: [],
    attachments: [{ mediaType: 'application/pdf', data: bytes }],
    parseLog: [PDF_TEXT_PENDING],
    hasCorrections: false,
  }
}

function parse(bytes: Uint8Array): ParsedUnit[] {
  if (!hasPdfHeader(bytes)) {
    return [{ ok: false, error: new ParseError('not a PDF (no %PDF- header)', { offset: 1 }), raw: bytes, index: 0 }]
  }
  return [{ ok: true, report: pdfReport(bytes), raw: bytes, index: 0 }]
}

/**
 * Synchronous part of the PDF import (FormatParser.parse is synchronous). The import pipeline
 * then awaits `enrichPdfUnits` (or calls extractPdfText + enrichPdfReport itself).
 */
export const pdfParser: FormatParser = {
  name: 'pdf',
  sniff: (_text, bytes) => hasPdfHeader(bytes),
  parse,
}

/**
 * Reads the text of every PDF attachment of each successful unit and applies the recogniser. A PDF
 * whose text cannot be extracted stays attached, with a parse-log line saying why.
 */
export async function enrichPdfUnits(units: ParsedUnit[]): Promise<ParsedUnit[]> {
  const out: ParsedUnit[] = []
  for (const unit of units) {
    if (!unit.ok) {
      out.push(unit)
      continue
    }
    let report = unit.report
    const attachments = [...unit.report.attachments]
    for (const [i, attachment] of attachments.entries()) {
      if (attachment.mediaType !== 'application/pdf') continue
      try {
        const text = await extractPdfText(attachment.data)
        // The text is kept with its PDF: that is where "stored as text" puts it.
        attachments[i] = { ...attachment, text }
        report = enrichPdfReport(report, text)
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err)
        report = {
          ...report,
          parseLog: [...report.parseLog.filter((l) => l !== PDF_TEXT_PENDING), `PDF text could not be extracted (${reason}); kept as attachment only`],
        }
      }
    }
    out.push({ ...unit, report: { ...report, attachments } })
  }
  return out
}

/** Convenience for callers that can await: sync parse followed by text recognition. */
export async function parsePdf(bytes: Uint8Array): Promise<ParsedUnit[]> {
  return enrichPdfUnits(parse(bytes))
}
