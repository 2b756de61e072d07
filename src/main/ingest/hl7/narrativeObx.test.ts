// OBX rows with an empty OBX-3 (narrative lines) and OBX value types Readout does not interpret: kept, never fatal.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import type { ParsedReport, ParsedUnit, ReportKind } from '../../../shared/domain/report'
import { hl7Parser } from './index'
import { narrativeReportKind } from './reportKind'

function parse(name: string): ParsedUnit[] {
  return hl7Parser.parse(new Uint8Array(readFileSync(fileURLToPath(new URL(`../../../../test/fixtures/hl7/${name}`, import.meta.url)))))
}

function report(name: string): ParsedReport {
  const units = parse(name)
  expect(units).toHaveLength(1)
  const unit = units[0]
  if (unit === undefined || !unit.ok) throw new Error(`expected a report, got ${unit?.ok === false ? unit.error.describe() : 'none'}`)
  return unit.report
}

const MSH = 'MSH|^~\\&|APP|FAC|RCV|RFAC|20240101120000||ORU^R01|CTRL1|P|2.5.1'
const PID = 'PID|1||ID1^^^AUTH||DOE^JANE||19700101|F'
const OBR = 'OBR|1||O1|ECHO^Echo^L|||20240101115000'
const inline = (...obx: string[]) => hl7Parser.parse(new TextEncoder().encode([MSH, PID, OBR, ...obx].join('\r')))

describe('narrative echo report (empty OBX-3 lines around one coded value)', () => {
  const r = report('obx-echo-narrative.hl7')

  it('keeps the coded value as an observation', () => {
    expect(r.observations).toHaveLength(1)
    expect(r.observations[0]).toMatchObject({ code: { system: 'LOINC', code: '10230-1' }, valueNum: 60, unit: '%', refLow: 55, refHigh: 70, status: 'final' })
  })

  it('keeps the narrative lines as report text, in order, split where the coded value interrupts them', () => {
    expect(r.statements).toEqual([
      {
        kind: 'note',
        text: 'TRANSTHORACIC ECHOCARDIOGRAM\n\nLeft ventricle: normal size and wall thickness.\nGlobal systolic function preserved, no regional wall motion abnormality.',
      },
      { kind: 'note', text: 'Valves: mild mitral regurgitation\nAortic valve trileaflet, no stenosis.\n\nConclusion: normal left ventricular function.' },
    ])
  })

  it('is a text report (kind other), not a lab panel, and final', () => {
    expect(r.kind).toBe('other')
    expect(r.status).toBe('final')
  })

  it('notes every narrative row with its line and field', () => {
    expect(r.parseLog).toEqual([
      'line 4: OBX-3 is empty; OBX-5 kept as report text',
      'line 5: OBX-3 and OBX-5 are empty; kept as a blank line of the report text',
      'line 6: OBX-3 is empty; OBX-5 kept as report text',
      'line 7: OBX-3 is empty; OBX-5 kept as report text',
      'line 9: OBX-3 is empty; OBX-5 kept as report text',
      'line 10: OBX-3 and OBX-5 are empty; kept as a blank line of the report text',
      'line 11: OBX-3 is empty; OBX-5 kept as report text',
    ])
  })
})

describe('comment block between numeric lab results', () => {
  const r = report('obx-lab-comment-block.hl7')

  it('imports every numeric result and stays a lab report', () => {
    expect(r.kind).toBe('lab')
    expect(r.observations.map((o) => [o.code.code, o.valueNum])).toEqual([
      ['2823-3', 4.2],
      ['2951-2', 139],
      ['2345-7', 5.4],
    ])
  })

  it('keeps the comment block (an OBX with empty OBX-2 too) before the NTE note, in message order', () => {
    expect(r.statements).toEqual([
      { kind: 'note', text: 'Sample slightly haemolysed.\n\nPotassium may be falsely raised; repeat if clinically indicated.' },
      { kind: 'note', text: 'Validated by synthetic lab.' },
    ])
    expect(r.parseLog).toEqual([
      'line 6: OBX-3 is empty; OBX-5 kept as report text',
      'line 7: OBX-3 and OBX-5 are empty; kept as a blank line of the report text',
      'line 8: OBX-3 is empty; OBX-5 kept as report text',
    ])
  })
})

describe('value types Readout does not interpret', () => {
  it('keeps ED rows without data as rows without a value, with a located note, and every other result', () => {
    const r = report('obx-ed-without-data.hl7')
    expect(r.kind).toBe('ecg')
    expect(r.observations.map((o) => [o.code.code, o.valueType, o.valueNum, o.valueText])).toEqual([
      ['8867-4', 'numeric', 72, undefined],
      ['8634-8', 'numeric', 384, undefined],
      ['ECGPDF', 'text', undefined, undefined],
      ['ECGPDF', 'text', undefined, undefined],
    ])
    expect(r.attachments).toEqual([])
    expect(r.parseLog).toEqual(
      expect.arrayContaining([
        'line 6, OBX-5: encapsulated data (ED) is empty or not validly encoded; the row is kept without data',
        'line 7, OBX-5: encapsulated data (ED) is empty; the row is kept without data',
      ]),
    )
  })

  it('keeps RP (reference pointer) values as the text sent, identified or not', () => {
    const r = report('obx-rp-pointer.hl7')
    expect(r.observations.map((o) => [o.code.code, o.valueNum ?? o.valueText])).toEqual([
      ['8867-4', 64],
      ['ECGPDF', 'ECG-IMG-0007^PACS^AP^PDF'],
    ])
    expect(r.statements).toEqual([{ kind: 'note', text: 'ECG-IMG-0008^PACS^IM^JPEG' }])
    expect(r.parseLog).toEqual(
      expect.arrayContaining([
        'line 5: OBX-2 value type RP is not interpreted; OBX-5 kept as the text sent',
        'line 6: OBX-3 is empty; OBX-5 kept as report text',
      ]),
    )
  })

  it('keeps an ED document sent without an identifier as an attachment', () => {
    const [unit] = inline('OBX|1|ED|||^TEXT^PLAIN^A^Plain report text||||||F')
    if (unit === undefined || !unit.ok) throw new Error('expected a report')
    expect(unit.report.attachments).toHaveLength(1)
    expect(unit.report.attachments[0]?.mediaType).toBe('text/plain')
    expect(new TextDecoder().decode(unit.report.attachments[0]?.data)).toBe('Plain report text')
    expect(unit.report.parseLog).toContain('line 4: OBX-3 is empty; the encapsulated data in OBX-5 is kept as an attachment')
  })

  it('reads coded and numeric values without an identifier as text, and a preliminary narrative keeps the report preliminary', () => {
    const [unit] = inline('OBX|1|CWE|||N^Normal^HL70078||||||P', 'OBX|2|SN|||<^0.5|mg/L|||||P')
    if (unit === undefined || !unit.ok) throw new Error('expected a report')
    expect(unit.report.statements).toEqual([{ kind: 'note', text: 'Normal\n<0.5 mg/L' }])
    expect(unit.report.status).toBe('preliminary')
  })
})

describe('nothing usable', () => {
  it('quarantines a message whose every OBX is empty, at the first OBX', () => {
    const [unit, ...rest] = parse('obx-all-obx-empty.hl7')
    expect(rest).toEqual([])
    if (unit === undefined || unit.ok) throw new Error('expected a failure')
    expect(unit.error.location).toEqual({ line: 4, segment: 'OBX' })
    expect(unit.error.message).toMatch(/^nothing to import/)
  })
})

describe('narrativeReportKind', () => {
  it.each<[ReportKind, number, number, ReportKind]>([
    ['lab', 1, 5, 'other'],
    ['lab', 3, 2, 'lab'],
    ['lab', 2, 2, 'lab'],
    ['lab', 0, 0, 'lab'],
    ['ecg', 0, 9, 'ecg'],
    ['blood_pressure', 1, 4, 'blood_pressure'],
  ])('%s with %d observations and %d narrative lines → %s', (kind, observations, lines, expected) => {
    expect(narrativeReportKind(kind, observations, lines)).toBe(expected)
  })
})
