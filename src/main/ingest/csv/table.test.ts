// Tests for CSV reading: delimiter detection, line numbers, decimal commas, header normalisation.
import { describe, expect, it } from 'vitest'
import { ParseError } from '../../../shared/domain/report'
import { detectDelimiter, isSkippable, normaliseHeader, parseDecimal, readCsv } from './table'

describe('detectDelimiter', () => {
  it('finds comma, semicolon and tab', () => {
    expect(detectDelimiter('a,b,c\n1,2,3\n')).toBe(',')
    expect(detectDelimiter('Datum;Sys;Dia\n05.03.2024;128,5;84,0\n06.03.2024;121,5;80,5\n')).toBe(';')
    expect(detectDelimiter('Date\tSys\tDia\n1\t2\t3\n')).toBe('\t')
  })

  it('ignores delimiters inside quotes', () => {
    expect(detectDelimiter('"a;b;c;d",x\n"1;2;3;4",y\n')).toBe(',')
  })
})

describe('readCsv', () => {
  it('keeps the starting line of each record, across blank lines, multi-line quotes and mixed endings', () => {
    const rows = readCsv('h1,h2\r\n\r\n1,"two\nlines"\n3,4\r5,6\n', ',')
    expect(rows).toEqual([
      { line: 1, cells: ['h1', 'h2'] },
      { line: 2, cells: [''] },
      { line: 3, cells: ['1', 'two\nlines'] },
      { line: 5, cells: ['3', '4'] },
      { line: 6, cells: ['5', '6'] },
    ])
  })

  it('accepts ragged rows', () => {
    expect(readCsv('a,b,c\n1\n1,2,3,4\n').map((r) => r.cells.length)).toEqual([3, 1, 4])
  })

  it('throws a located ParseError for an unclosed quote', () => {
    expect(() => readCsv('a,b\n1,"oops\n2,3\n', ',')).toThrow(ParseError)
  })
})

describe('cell helpers', () => {
  it('parses decimal points and commas, nothing else', () => {
    expect(parseDecimal('120')).toBe(120)
    expect(parseDecimal(' 5.6 ')).toBe(5.6)
    expect(parseDecimal('128,5')).toBe(128.5)
    expect(parseDecimal('-3')).toBe(-3)
    for (const bad of ['', 'abc', '1,234.5', '12a', '1.2.3', 'NaN', 'Infinity']) expect(parseDecimal(bad), bad).toBeNull()
  })

  it('normalises headers for alias matching', () => {
    expect(normaliseHeader('Systolisch (mmHg)')).toBe('systolisch')
    expect(normaliseHeader('  Diastólica [mmHg] ')).toBe('diastolica')
    expect(normaliseHeader('Sys.')).toBe('sys')
    expect(normaliseHeader('Fréquence_cardiaque')).toBe('frequence cardiaque')
  })

  it('skips blank and comment rows only', () => {
    expect(isSkippable([''])).toBe(true)
    expect(isSkippable([' ', ''])).toBe(true)
    expect(isSkippable(['# note', 'x'])).toBe(true)
    expect(isSkippable(['// note'])).toBe(true)
    expect(isSkippable(['2024-01-01', '#1'])).toBe(false)
  })
})
