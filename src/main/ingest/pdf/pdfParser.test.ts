// Tests the PDF import: sniffing, the attachment-only report, text extraction and value recognition.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ParsedReport, ParsedUnit } from '../../../shared/domain/report'
import { minimalPdf } from '../../../../test/fixtures/pdf/minimalPdf'
import { fhirParser } from '../fhir/index'
import { enrichPdfUnits, extractPdfText, NOTHING_RECOGNISED, parsePdf, pdfParser, recogniseEcgText } from './index'

const ECG_PRINTOUT = [
  'Synthetic Test Clinic - 12 Lead ECG',
  'ID: TEST-0001 06-Nov-2023 08:41:05',
  'Vent. rate 72 BPM',
  'PR interval 160 ms',
  'QRS duration 92 ms',
  'QT/QTc 380/412 ms',
  'P-R-T axes 45 -30 60',
  'Normal sinus rhythm',
  'Left axis deviation',
  'Unconfirmed report',
]

function onlyReport(units: ParsedUnit[]): ParsedReport {
  expect(units).toHaveLength(1)
  const unit = units[0]
  if (!unit?.ok) throw new Error(`unexpected failure: ${unit?.error.describe() ?? 'no unit'}`)
  return unit.report
}

describe('pdfParser', () => {
  it('sniffs the %PDF- header only', () => {
    const pdf = minimalPdf(['hello'])
    expect(pdfParser.sniff('', pdf)).toBe(true)
    const text = new TextEncoder().encode('just some text mentioning %PD')
    expect(pdfParser.sniff('just some text', text)).toBe(false)
  })

  it('parses synchronously to an attachment-only report', () => {
    const pdf = minimalPdf(ECG_PRINTOUT)
    const report = onlyReport(pdfParser.parse(pdf))
    expect(report).toEqual({
      kind: 'other',
      sourceFormat: 'pdf',
      patient: { identifiers: [] },
      status: 'preliminary',
      observations: [],
      statements: [],
      attachments: [{ mediaType: 'application/pdf', data: pdf }],
      parseLog: ['PDF stored as attachment; text not read yet'],
      hasCorrections: false,
    })
  })

  it('fails a unit that is not a PDF', () => {
    const units = pdfParser.parse(new TextEncoder().encode('hello'))
    expect(units[0]?.ok).toBe(false)
  })
})

describe('extractPdfText', () => {
  it('reads the lines of a hand-built PDF and leaves the input bytes intact', async () => {
    const pdf = minimalPdf(['Vent. rate 72 BPM', 'QT/QTc 380/412 ms (sic)'])
    const copy = pdf.slice()
    const text = await extractPdfText(pdf)
    expect(text.split('\n')).toEqual(['Vent. rate 72 BPM', 'QT/QTc 380/412 ms (sic)'])
    expect(pdf).toEqual(copy)
  })
})

describe('PDF with an ECG layout', () => {
  it('recognises the labelled values as LOINC observations', async () => {
    const pdf = minimalPdf(ECG_PRINTOUT)
    const report = onlyReport(await parsePdf(pdf))
    expect(report.kind).toBe('ecg')
    expect(report.status).toBe('preliminary')
    expect(report.statements).toEqual([])
    expect(report.attachments).toEqual([{ mediaType: 'application/pdf', data: pdf, text: ECG_PRINTOUT.join('\n') }])
    expect(report.observations.map((o) => [o.code.system, o.code.code, o.code.display, o.valueNum, o.unit, o.status])).toEqual([
      ['LOINC', '8867-4', 'Vent. rate', 72, 'BPM', 'preliminary'],
      ['LOINC', '8625-6', 'PR interval', 160, 'ms', 'preliminary'],
      ['LOINC', '8633-0', 'QRS duration', 92, 'ms', 'preliminary'],
      ['LOINC', '8634-8', 'QT/QTc', 380, 'ms', 'preliminary'],
      ['LOINC', '8636-3', 'QT/QTc', 412, 'ms', 'preliminary'],
      ['LOINC', '8626-4', 'P-R-T axes', 45, 'deg', 'preliminary'],
      ['LOINC', '8632-2', 'P-R-T axes', -30, 'deg', 'preliminary'],
      ['LOINC', '8638-9', 'P-R-T axes', 60, 'deg', 'preliminary'],
    ])
    expect(report.observations.every((o) => o.valueType === 'numeric' && o.observedAt === undefined)).toBe(true)
    expect(report.parseLog).toEqual(['8 values recognised from the printed text'])
  })
})

describe('PDF with an unknown layout', () => {
  it('keeps the PDF and says plainly that nothing was recognised', async () => {
    const pdf = minimalPdf(['Quarterly maintenance log', 'Battery replaced on unit 4', 'Next check: March'])
    const report = onlyReport(await parsePdf(pdf))
    expect(report.kind).toBe('other')
    expect(report.observations).toEqual([])
    expect(report.statements).toEqual([])
    expect(report.attachments[0]?.text).toBe('Quarterly maintenance log\nBattery replaced on unit 4\nNext check: March')
    expect(report.status).toBe('preliminary')
    expect(report.parseLog).toEqual(['No confirmation printed on the document; treated as preliminary', NOTHING_RECOGNISED])
  })

  it('logs a PDF whose text cannot be extracted and keeps it attached', async () => {
    const broken = new TextEncoder().encode('%PDF-1.4\nthis is not really a pdf\n')
    const report = onlyReport(await parsePdf(broken))
    expect(report.attachments).toEqual([{ mediaType: 'application/pdf', data: broken }])
    expect(report.parseLog).toHaveLength(1)
    expect(report.parseLog[0]).toMatch(/^PDF text could not be extracted \(.+\); kept as attachment only$/)
  })
})

describe('recogniseEcgText', () => {
  it('assumes units only when none is printed and logs it', () => {
    const result = recogniseEcgText('Heart rate: 58\nPR 172\nQRSD 96\nQT 420\nQTc 413')
    expect(result.observations.map((o) => [o.code.code, o.valueNum, o.unit])).toEqual([
      ['8867-4', 58, '/min'],
      ['8625-6', 172, 'ms'],
      ['8633-0', 96, 'ms'],
      ['8634-8', 420, 'ms'],
      ['8636-3', 413, 'ms'],
    ])
    expect(result.log).toContain('Some units not printed; ECG conventions assumed (rates /min, intervals ms)')
  })

  it('skips axes printed as asterisks and numbers that are not values', () => {
    const result = recogniseEcgText('P-R-T axes *** 60 30\nPR 2023 annual report')
    expect(result.observations.map((o) => [o.code.code, o.valueNum])).toEqual([
      ['8632-2', 60],
      ['8638-9', 30],
    ])
    expect(result.log).toContain("P-R-T axes: pAxis printed as '***' (not measured); omitted")
  })

  it('reads a printed confirmation', () => {
    expect(recogniseEcgText('Vent. rate 60 BPM\nConfirmed by: Example, Doctor').status).toBe('final')
    expect(recogniseEcgText('Vent. rate 60 BPM').status).toBeUndefined()
  })
})

describe('embedded PDFs (FHIR presentedForm)', () => {
  it('adds nothing that the structured data already carries', async () => {
    const bytes = new Uint8Array(readFileSync(join(__dirname, '../../../../test/fixtures/fhir/transaction-ecg-bundle.json')))
    const before = onlyReport(fhirParser.parse(bytes))
    const after = onlyReport(await enrichPdfUnits(fhirParser.parse(bytes)))
    expect(after.observations).toEqual(before.observations)
    expect(after.parseLog.at(-1)).toBe('Embedded PDF values already present as structured data; nothing added')
  })

  it('adds recognised values with the report status and time when the report has none', async () => {
    const report: ParsedReport = {
      kind: 'other',
      sourceFormat: 'hl7v2',
      patient: { identifiers: [] },
      status: 'final',
      observedAt: '2024-05-06T09:30:00',
      observations: [],
      statements: [],
      attachments: [{ mediaType: 'application/pdf', data: minimalPdf(['Vent. rate 61 BPM']) }],
      parseLog: [],
      hasCorrections: false,
    }
    const enriched = onlyReport(await enrichPdfUnits([{ ok: true, report, raw: new Uint8Array(), index: 0 }]))
    expect(enriched.kind).toBe('ecg')
    expect(enriched.status).toBe('final')
    expect(enriched.observations).toEqual([
      {
        code: { system: 'LOINC', code: '8867-4', display: 'Vent. rate' },
        valueType: 'numeric',
        valueNum: 61,
        unit: 'BPM',
        status: 'final',
        observedAt: '2024-05-06T09:30:00',
      },
    ])
    expect(enriched.parseLog).toEqual(['1 values recognised from the embedded PDF and added'])
  })
})
