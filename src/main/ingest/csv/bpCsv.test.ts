// Tests for the home blood-pressure CSV parser: English, German (';', decimal comma), French (tab) and header aliases.
import { describe, expect, it } from 'vitest'
import { bpCsvParser } from './bpCsv'
import { mapBpHeader, matchBpHeader } from './bpHeaders'
import { bytesOf, fixture, parseFail, parseOk, sniffs } from './testFixtures'

describe('bpCsvParser.sniff', () => {
  it('recognises blood-pressure headers in several languages and delimiters', () => {
    expect(sniffs(bpCsvParser, fixture('bp/omron-english.csv'))).toBe(true)
    expect(sniffs(bpCsvParser, fixture('bp/beurer-german.csv'))).toBe(true)
    expect(sniffs(bpCsvParser, fixture('bp/french-tab.csv'))).toBe(true)
  })

  it('leaves CGM exports and other CSVs alone', () => {
    expect(sniffs(bpCsvParser, fixture('cgm/dexcom-clarity-mgdl.csv'))).toBe(false)
    expect(sniffs(bpCsvParser, fixture('cgm/libreview-us.csv'))).toBe(false)
    expect(sniffs(bpCsvParser, bytesOf('Date,Weight,Fat\n2024-01-01,70,20\n'))).toBe(false)
    expect(sniffs(bpCsvParser, bytesOf('"unclosed\n'))).toBe(false)
  })
})

describe('English export (Omron style: Date and Time columns, 12-hour clock)', () => {
  const report = parseOk(bpCsvParser, fixture('bp/omron-english.csv'))

  it('describes the report', () => {
    expect(report.kind).toBe('blood_pressure')
    expect(report.sourceFormat).toBe('bp-csv')
    expect(report.status).toBe('final')
    expect(report.patient).toEqual({ identifiers: [] })
    expect(report.observedAt).toBe('2024-03-14T07:30:00')
    expect(report.title).toBe('Home blood pressure 2024-03-14 07:30 – 2024-03-15 07:10')
  })

  it('writes three observations per reading sharing a subId, in time order', () => {
    expect(report.observations).toEqual([
      { code: { system: 'LOINC', code: '8480-6', display: 'Systolic blood pressure' }, valueType: 'numeric', valueNum: 132, unit: 'mmHg', status: 'final', observedAt: '2024-03-14T07:30:00', subId: '0' },
      { code: { system: 'LOINC', code: '8462-4', display: 'Diastolic blood pressure' }, valueType: 'numeric', valueNum: 85, unit: 'mmHg', status: 'final', observedAt: '2024-03-14T07:30:00', subId: '0' },
      { code: { system: 'LOINC', code: '8867-4', display: 'Heart rate' }, valueType: 'numeric', valueNum: 71, unit: 'bpm', status: 'final', observedAt: '2024-03-14T07:30:00', subId: '0' },
      { code: { system: 'LOINC', code: '8480-6', display: 'Systolic blood pressure' }, valueType: 'numeric', valueNum: 124, unit: 'mmHg', status: 'final', observedAt: '2024-03-14T21:45:00', subId: '1' },
      { code: { system: 'LOINC', code: '8462-4', display: 'Diastolic blood pressure' }, valueType: 'numeric', valueNum: 79, unit: 'mmHg', status: 'final', observedAt: '2024-03-14T21:45:00', subId: '1' },
      { code: { system: 'LOINC', code: '8867-4', display: 'Heart rate' }, valueType: 'numeric', valueNum: 66, unit: 'bpm', status: 'final', observedAt: '2024-03-14T21:45:00', subId: '1' },
      // The last reading has no pulse: two observations only.
      { code: { system: 'LOINC', code: '8480-6', display: 'Systolic blood pressure' }, valueType: 'numeric', valueNum: 141, unit: 'mmHg', status: 'final', observedAt: '2024-03-15T07:10:00', subId: '2' },
      { code: { system: 'LOINC', code: '8462-4', display: 'Diastolic blood pressure' }, valueType: 'numeric', valueNum: 92, unit: 'mmHg', status: 'final', observedAt: '2024-03-15T07:10:00', subId: '2' },
    ])
  })

  it('averages the readings', () => {
    expect(report.metrics).toEqual({
      'bp.readings': 3,
      'bp.avg_sys': (132 + 124 + 141) / 3,
      'bp.avg_dia': (85 + 79 + 92) / 3,
      'bp.avg_pulse': (71 + 66) / 2,
    })
  })

  it('logs the date order and the skipped weight row', () => {
    expect(report.parseLog).toEqual([
      'Dates read as MM-DD-YYYY (day > 12 seen in 3 rows)',
      '3 readings.',
      '1 rows without both a systolic and a diastolic value were not imported (line 5).',
    ])
  })
})

describe('German export (BOM, semicolons, decimal comma, dotted dates)', () => {
  const report = parseOk(bpCsvParser, fixture('bp/beurer-german.csv'))

  it('reads day-first dotted dates with a separate time column', () => {
    const systolic = report.observations.filter((o) => o.code.code === '8480-6')
    expect(systolic.map((o) => [o.observedAt, o.valueNum])).toEqual([
      ['2024-03-05T07:30:00', 128.5],
      ['2024-03-05T19:45:00', 135],
      ['2024-03-06T07:15:00', 121],
    ])
    expect(report.parseLog[0]).toBe('Dates read as DD-MM-YYYY (no day > 12 seen; dotted dates are written day first); please confirm.')
  })

  it('keeps the units the headers state', () => {
    expect(new Set(report.observations.map((o) => `${o.code.code} ${o.unit}`))).toEqual(new Set(['8480-6 mmHg', '8462-4 mmHg', '8867-4 1/min']))
  })

  it('averages with the decimal value', () => {
    expect(report.metrics?.['bp.avg_sys']).toBeCloseTo((128.5 + 135 + 121) / 3, 9)
    expect(report.metrics?.['bp.avg_dia']).toBeCloseTo((84 + 88 + 80) / 3, 9)
    expect(report.metrics?.['bp.avg_pulse']).toBeCloseTo((68 + 72 + 64) / 3, 9)
    expect(report.metrics?.['bp.readings']).toBe(3)
  })
})

describe('French export (tab-delimited, combined date and time, no units)', () => {
  const report = parseOk(bpCsvParser, fixture('bp/french-tab.csv'))

  it('reads the combined column day first and sorts the readings', () => {
    expect(report.observations.map((o) => [o.code.code, o.valueNum, o.unit, o.observedAt, o.subId])).toEqual([
      ['8480-6', 126, 'mm[Hg]', '2024-03-13T20:40:00', '0'],
      ['8462-4', 82, 'mm[Hg]', '2024-03-13T20:40:00', '0'],
      ['8867-4', 75, '/min', '2024-03-13T20:40:00', '0'],
      ['8480-6', 118, 'mm[Hg]', '2024-03-14T08:15:00', '1'],
      ['8462-4', 76, 'mm[Hg]', '2024-03-14T08:15:00', '1'],
      ['8867-4', 70, '/min', '2024-03-14T08:15:00', '1'],
    ])
  })

  it('says that it assumed mmHg', () => {
    expect(report.parseLog).toContain('The file states no pressure unit; mmHg assumed.')
    expect(report.parseLog[0]).toBe('Dates read as DD-MM-YYYY (day > 12 seen in 2 rows)')
  })
})

describe('other languages and layouts', () => {
  it.each([
    ['Fecha;Hora;Sistólica (mmHg);Diastólica (mmHg);Pulso (lpm)', 'es'],
    ['Data;Ora;Pressione sistolica;Pressione diastolica;Battiti', 'it'],
    ['Datum;Tijd;Bovendruk;Onderdruk;Hartslag', 'nl'],
    ['Datum;Uhrzeit;SYS;DIA;Puls', 'de'],
  ])('maps %s', (header, language) => {
    const map = mapBpHeader(header.split(';'))
    expect(map?.columns).toEqual({ date: 0, time: 1, systolic: 2, diastolic: 3, pulse: 4 })
    expect(map?.languages[0]).toBe(language)
  })

  it('matches headers with units, case and accents', () => {
    expect(matchBpHeader('SYS(mmHg)')).toEqual({ column: 'systolic' })
    expect(matchBpHeader('Systolique')).toEqual({ column: 'systolic', language: 'fr' })
    expect(matchBpHeader('Puls 1/min')).toEqual({ column: 'pulse', nonEnglish: true })
    expect(matchBpHeader('Pulsfrequenz')).toEqual({ column: 'pulse', language: 'de' })
    expect(matchBpHeader('Date/Time')).toEqual({ column: 'datetime' })
    expect(matchBpHeader('Blood pressure date and time')).toBeNull()
    expect(matchBpHeader('Date and time')).toEqual({ column: 'datetime', language: 'en' })
    expect(matchBpHeader('Weight')).toBeNull()
  })

  it('parses a Spanish file, day first because of the header language', () => {
    const text = 'Fecha;Hora;Sistólica;Diastólica;Pulso\n01/03/2024;08:00;120;80;60\n02/03/2024;08:00;130;85;65\n'
    const report = parseOk(bpCsvParser, bytesOf(text))
    // Both orders keep the file sorted, so the header language decides.
    expect(report.observations[0]?.observedAt).toBe('2024-03-01T08:00:00')
    expect(report.parseLog[0]).toBe('Dates read as DD-MM-YYYY (no day > 12 seen; headers are in a day-first language (es)); please confirm.')
  })

  it('uses file order to settle ambiguous dates', () => {
    const text = 'Date,Systolic,Diastolic\n01/02/2024 08:00,120,80\n01/03/2024 08:00,121,81\n02/01/2024 08:00,122,82\n'
    const report = parseOk(bpCsvParser, bytesOf(text))
    expect(report.observations.filter((o) => o.code.code === '8480-6').map((o) => o.observedAt)).toEqual([
      '2024-01-02T08:00:00',
      '2024-01-03T08:00:00',
      '2024-02-01T08:00:00',
    ])
    expect(report.parseLog[0]).toMatch(/MM-DD-YYYY \(no day > 12 seen; the rows are in time order only when read month first\)/)
  })

  it('converts kPa averages to mmHg', () => {
    const text = 'Date;Systolic (kPa);Diastolic (kPa)\n2024-03-01 08:00;16;10,6\n'
    const report = parseOk(bpCsvParser, bytesOf(text))
    expect(report.observations[0]).toMatchObject({ valueNum: 16, unit: 'kPa' })
    expect(report.metrics?.['bp.avg_sys']).toBeCloseTo(120.01, 2)
    expect(report.metrics?.['bp.avg_dia']).toBeCloseTo(79.51, 2)
    expect(report.metrics?.['bp.avg_pulse']).toBeUndefined()
  })

  it('keeps a date without a time as a date only', () => {
    const report = parseOk(bpCsvParser, bytesOf('Date,SYS,DIA\n2024-03-01,120,80\n'))
    expect(report.observations[0]?.observedAt).toBe('2024-03-01')
    expect(report.parseLog).toContain('1 readings have no time of day and are stored with their date only.')
  })
})

describe('bad blood-pressure files fail whole, with a location', () => {
  it('rejects an unreadable systolic value at its line and column; comment lines are skipped', () => {
    const error = parseFail(bpCsvParser, fixture('bp/broken.csv'))
    expect(error.location).toEqual({ line: 4, segment: 'Systolic', field: 3 })
    expect(error.describe()).toBe('line 4, segment Systolic, field 3: "abc" is not a systolic pressure')
  })

  it('rejects a file whose only reading lacks its diastolic value', () => {
    const error = parseFail(bpCsvParser, bytesOf('Date,Time,SYS,DIA\n2024-03-01,08:00,120,\n'))
    expect(error.message).toBe('the file holds no complete blood-pressure readings; 1 rows lack a systolic or diastolic value')
  })

  it('rejects an unreadable date or time', () => {
    expect(parseFail(bpCsvParser, bytesOf('Date,Time,SYS,DIA\nyesterday,08:00,120,80\n')).location).toEqual({ line: 2, segment: 'Date', field: 1 })
    expect(parseFail(bpCsvParser, bytesOf('Date,Time,SYS,DIA\n2024-03-01,noon,120,80\n')).location).toEqual({ line: 2, segment: 'Time', field: 2 })
  })

  it('rejects a file without a blood-pressure header', () => {
    expect(parseFail(bpCsvParser, bytesOf('a,b\n1,2\n')).message).toMatch(/no blood-pressure header/)
  })
})
