// Tests for blood-pressure tables from home-monitor and diary apps: epoch and ISO times, any column order, missing and implausible values.
import { describe, expect, it } from 'vitest'
import type { ParsedReport } from '../../../shared/domain/report'
import { bpCsvParser } from './bpCsv'
import { parseAbsolute } from './bpTime'
import { libreViewParser } from './libreview'
import { bytesOf, fixture, parseFail, parseOk, sniffs } from './testFixtures'

/** [code, value, time, flag] per observation, in stored order. */
function rowsOf(report: ParsedReport): [string, number | undefined, string | undefined, string | undefined][] {
  return report.observations.map((o) => [o.code.code, o.valueNum, o.observedAt, o.deviceFlag])
}

describe('parseAbsolute', () => {
  it.each([
    ['1710397800', '2024-03-14T06:30:00Z', 'epoch-s'],
    ['1710397800000', '2024-03-14T06:30:00Z', 'epoch-ms'],
    ['1710397800.5', '2024-03-14T06:30:00.500Z', 'epoch-s'],
    ['2024-03-14T07:30:00+01:00', '2024-03-14T07:30:00+01:00', 'iso'],
    ['2024-03-14 07:30+0100', '2024-03-14T07:30:00+01:00', 'iso'],
    ['2024-03-14T06:30:00.250Z', '2024-03-14T06:30:00.250Z', 'iso'],
  ])('%s → %s', (text, iso, source) => {
    expect(parseAbsolute(text)).toMatchObject({ iso, source })
  })

  it.each(['20240314', '123', '2024-03-14T07:30:00', '99999999999999', '946684799'])('%s is not an absolute time', (text) => {
    expect(parseAbsolute(text)).toBeNull()
  })
})

describe('app export: epoch seconds, null and empty values, JSON blobs in quoted cells', () => {
  const bytes = fixture('bp/app-epoch-seconds.csv')
  const report = parseOk(bpCsvParser, bytes)

  it('is a blood-pressure table, not a CGM export', () => {
    expect(sniffs(bpCsvParser, bytes)).toBe(true)
    expect(sniffs(libreViewParser, bytes)).toBe(false)
    expect(report.kind).toBe('blood_pressure')
  })

  it('imports the complete readings in UTC, a null pulse as no pulse', () => {
    expect(rowsOf(report)).toEqual([
      ['8480-6', 128, '2024-03-14T06:30:00Z', undefined],
      ['8462-4', 84, '2024-03-14T06:30:00Z', undefined],
      ['8867-4', 66, '2024-03-14T06:30:00Z', undefined],
      ['8480-6', 135, '2024-03-14T18:45:00Z', undefined],
      ['8462-4', 88, '2024-03-14T18:45:00Z', undefined],
      ['8480-6', 122, '2024-03-15T18:50:00Z', undefined],
      ['8462-4', 80, '2024-03-15T18:50:00Z', undefined],
      ['8867-4', 64, '2024-03-15T18:50:00Z', undefined],
    ])
  })

  it('lists the rows without both pressures by line', () => {
    expect(report.parseLog).toEqual([
      '3 reading times read as Unix epoch seconds, stored as UTC.',
      'The file states no pressure unit; mmHg assumed.',
      '3 readings.',
      '2 rows without both a systolic and a diastolic value were not imported (lines 4, 5).',
    ])
    expect(report.metrics).toEqual({ 'bp.readings': 3, 'bp.avg_sys': (128 + 135 + 122) / 3, 'bp.avg_dia': (84 + 88 + 80) / 3, 'bp.avg_pulse': 65 })
  })
})

describe('app export: epoch milliseconds, tab, reordered columns, time column found by content', () => {
  const report = parseOk(bpCsvParser, fixture('bp/app-epoch-ms.tsv'))

  it('maps the columns whatever their order and reads the units in snake-case names', () => {
    expect(rowsOf(report).map(([code, value, time]) => [code, value, time])).toEqual([
      ['8480-6', 119, '2024-04-02T07:00:00Z'],
      ['8462-4', 79, '2024-04-02T07:00:00Z'],
      ['8867-4', 72, '2024-04-02T07:00:00Z'],
      ['8480-6', 124, '2024-04-02T19:15:00Z'],
      ['8462-4', 82, '2024-04-02T19:15:00Z'],
      ['8480-6', 142, '2024-04-03T19:20:00Z'],
      ['8462-4', 91, '2024-04-03T19:20:00Z'],
      ['8867-4', 70, '2024-04-03T19:20:00Z'],
    ])
    expect(new Set(report.observations.map((o) => o.unit))).toEqual(new Set(['mmhg', 'bpm']))
  })

  it('says which column held the times and which row was left out', () => {
    expect(report.parseLog).toEqual([
      'Column 4 ("ts") holds the reading times (recognised by its content).',
      '3 reading times read as Unix epoch milliseconds, stored as UTC.',
      '3 readings.',
      '1 rows without both a systolic and a diastolic value were not imported (line 4).',
    ])
  })
})

describe('diary export: ISO 8601 with offsets, semicolons, extra columns', () => {
  const report = parseOk(bpCsvParser, fixture('bp/diary-iso-offset.csv'))

  it('keeps each time with its own offset (the file crosses a daylight-saving change)', () => {
    expect(rowsOf(report).filter(([code]) => code === '8480-6')).toEqual([
      ['8480-6', 138, '2024-03-14T07:30:00+01:00', undefined],
      ['8480-6', 131, '2024-03-14T21:10:00+01:00', undefined],
      ['8480-6', 144, '2024-03-31T07:20:00+02:00', undefined],
    ])
    expect(report.observations.filter((o) => o.code.code === '8867-4').map((o) => o.unit)).toEqual(['1/min', '1/min', '1/min'])
    expect(report.parseLog).toEqual(['3 reading times read as ISO 8601 times with a UTC offset, kept with their offset.', '3 readings.'])
  })
})

describe('separate date and time columns, reordered, with implausible readings', () => {
  const report = parseOk(bpCsvParser, fixture('bp/separate-date-time-implausible.csv'))

  it('keeps implausible readings, flagged, so a reader sees them', () => {
    expect(rowsOf(report)).toEqual([
      ['8480-6', 126, '2024-05-02T07:15:00', undefined],
      ['8462-4', 82, '2024-05-02T07:15:00', undefined],
      ['8867-4', 68, '2024-05-02T07:15:00', undefined],
      ['8480-6', 80, '2024-05-02T19:30:00', 'IMPLAUSIBLE'],
      ['8462-4', 120, '2024-05-02T19:30:00', 'IMPLAUSIBLE'],
      ['8867-4', 71, '2024-05-02T19:30:00', undefined],
      ['8480-6', 310, '2024-05-03T07:10:00', 'IMPLAUSIBLE'],
      ['8462-4', 85, '2024-05-03T07:10:00', 'IMPLAUSIBLE'],
      ['8867-4', 66, '2024-05-03T07:10:00', undefined],
      ['8480-6', 129, '2024-05-03T19:40:00', undefined],
      ['8462-4', 84, '2024-05-03T19:40:00', undefined],
      ['8867-4', 400, '2024-05-03T19:40:00', 'IMPLAUSIBLE'],
      ['8480-6', 130, '2024-05-04T07:05:00', undefined],
      ['8462-4', 80, '2024-05-04T07:05:00', undefined],
      ['8867-4', 70, '2024-05-04T07:05:00', undefined],
    ])
  })

  it('leaves them out of the averages and says why, by line', () => {
    expect(report.metrics).toEqual({
      'bp.readings': 3,
      'bp.implausible': 2,
      'bp.avg_sys': (126 + 129 + 130) / 3,
      'bp.avg_dia': (82 + 84 + 80) / 3,
      // The 400 /min pulse is out; its reading's pressures count.
      'bp.avg_pulse': (68 + 70) / 2,
    })
    expect(report.parseLog).toContain(
      '3 implausible values flagged IMPLAUSIBLE and left out of the averages: line 3 (systolic 80 not above diastolic 120); ' +
        'line 4 (systolic 310 mmHg outside 50–260); line 5 (pulse 400 /min outside 25–250). ' +
        'Limits: systolic 50–260 and diastolic 20–200 mmHg, systolic above diastolic; pulse 25–250 /min.',
    )
  })
})

describe('snake-case app export with local times', () => {
  it('reads measured_at, heart_rate, sys_mmhg and dia_mmhg', () => {
    const report = parseOk(bpCsvParser, fixture('bp/app-snake-case.csv'))
    expect(rowsOf(report).map(([code, value, time]) => [code, value, time])).toEqual([
      ['8480-6', 117, '2024-06-01T08:00:00'],
      ['8462-4', 76, '2024-06-01T08:00:00'],
      ['8867-4', 61, '2024-06-01T08:00:00'],
      ['8480-6', 121, '2024-06-01T20:00:00'],
      ['8462-4', 78, '2024-06-01T20:00:00'],
    ])
  })
})

describe('recognised by the systolic/diastolic pair', () => {
  it.each([
    ['Data;Skurczowe;Rozkurczowe;Tętno', '01.03.2024 08:00;120;80;60'],
    ['Päivämäärä;Yläpaine;Alapaine;Pulssi', '01.03.2024 08:00;120;80;60'],
    ['Datum;Systoliskt;Diastoliskt;Puls', '2024-03-01 08:00;120;80;60'],
    ['Dato;Systolisk;Diastolisk;Puls', '01-03-2024 08:00;120;80;60'],
    ['Datum;Systolický tlak;Diastolický tlak;Tep', '1. 3. 2024 8:00;120;80;60'],
    ['Data/hora;Sistólica;Diastólica;Pulsação', '01/03/2024 08:00;120;80;60'],
    ['when,SBP,DBP,HR', '2024-03-01T08:00:00,120,80,60'],
    ['Date,Systolic BP,Diastolic BP,BPM', '2024-03-01 08:00,120,80,60'],
  ])('%s', (header, row) => {
    const report = parseOk(bpCsvParser, bytesOf(`${header}\n${row}\n`))
    expect(report.observations.map((o) => [o.code.code, o.valueNum, o.observedAt])).toEqual([
      ['8480-6', 120, '2024-03-01T08:00:00'],
      ['8462-4', 80, '2024-03-01T08:00:00'],
      ['8867-4', 60, '2024-03-01T08:00:00'],
    ])
  })

  it('refuses a table with pressures but no time, saying what is missing', () => {
    const error = parseFail(bpCsvParser, bytesOf('Systolic,Diastolic\n120,80\n'))
    expect(error.describe()).toBe('line 1: the blood-pressure table has no date or time column: every reading needs the time it was taken')
  })

  it('ignores tables without the pair', () => {
    expect(sniffs(bpCsvParser, bytesOf('Date,Systolic,Pulse\n2024-03-01,120,60\n'))).toBe(false)
  })
})
