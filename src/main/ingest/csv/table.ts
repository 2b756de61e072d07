// Reads CSV text into rows that keep their source line numbers; shared by the CGM and BP parsers.
import { parse } from 'csv-parse/sync'
import { ParseError } from '../../../shared/domain/report'

export type Delimiter = ',' | ';' | '\t'

export interface CsvRow {
  /** 1-based line where the record starts in the decoded text. */
  line: number
  cells: string[]
}

const CANDIDATES: readonly Delimiter[] = ['\t', ';', ',']

function countOutsideQuotes(line: string, ch: string): number {
  let n = 0
  let quoted = false
  for (const c of line) {
    if (c === '"') quoted = !quoted
    else if (c === ch && !quoted) n++
  }
  return n
}

/**
 * Picks the delimiter that splits the first lines most consistently: the count that recurs on
 * most lines, times how often it recurs. Decimal commas in ';' files recur less reliably than the
 * delimiter itself; ties go to tab, then ';', then ','.
 */
export function detectDelimiter(text: string): Delimiter {
  const lines = text.split(/\r\n|\r|\n/, 60).filter((l) => l.trim() !== '')
  let best: Delimiter = ','
  let bestScore = 0
  for (const delimiter of CANDIDATES) {
    const frequency = new Map<number, number>()
    for (const line of lines) {
      const count = countOutsideQuotes(line, delimiter)
      if (count > 0) frequency.set(count, (frequency.get(count) ?? 0) + 1)
    }
    let score = 0
    for (const [count, lineCount] of frequency) score = Math.max(score, count * lineCount)
    if (score > bestScore) {
      best = delimiter
      bestScore = score
    }
  }
  return best
}

/**
 * Splits decoded text into rows. Line endings are unified first because csv-parse settles on the
 * first ending it sees and would merge the rest of a mixed-ending file into one record.
 * Rows may be ragged. Throws ParseError (with line) for broken quoting.
 */
export function readCsv(text: string, delimiter: Delimiter = detectDelimiter(text)): CsvRow[] {
  const ends: number[] = []
  let cells: string[][]
  try {
    cells = parse(text.replace(/\r\n?/g, '\n'), {
      delimiter,
      record_delimiter: '\n',
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      on_record: (record: string[], context) => {
        ends.push(context.lines)
        return record
      },
    })
  } catch (err) {
    const line = typeof err === 'object' && err !== null && 'lines' in err && typeof err.lines === 'number' ? err.lines : undefined
    const message = err instanceof Error ? err.message : String(err)
    throw new ParseError(`CSV could not be read: ${message}`, line === undefined ? {} : { line })
  }
  const rows: CsvRow[] = []
  let previousEnd = 0
  cells.forEach((record, i) => {
    const end = ends[i] ?? previousEnd + 1
    rows.push({ line: previousEnd + 1, cells: record })
    previousEnd = end
  })
  return rows
}

/** Blank rows and '#' or '//' comment rows carry no data and are skipped everywhere. */
export function isSkippable(cells: readonly string[]): boolean {
  const first = cells.find((c) => c.trim() !== '')
  if (first === undefined) return true
  const lead = first.trimStart()
  return cells.indexOf(first) === 0 && (lead.startsWith('#') || lead.startsWith('//'))
}

/** Whether every cell of the row is empty. */
export function isBlank(cells: readonly string[]): boolean {
  return cells.every((c) => c.trim() === '')
}

/** A decimal number as devices write it: '120', '5.6', '5,6' (decimal comma), '-3'. */
export function parseDecimal(text: string): number | null {
  const t = text.trim()
  if (!/^[+-]?(\d+([.,]\d+)?|[.,]\d+)$/.test(t)) return null
  const n = Number(t.replace(',', '.'))
  return Number.isFinite(n) ? n : null
}

/** Lower-case, no accents, no bracketed units, single spaces: the form header aliases are written in. */
export function normaliseHeader(header: string): string {
  return header
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\(.*?\)|\[.*?\]/g, ' ')
    .replace(/[_.:]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}

export function cell(row: CsvRow, index: number | undefined): string {
  return index === undefined ? '' : (row.cells[index] ?? '').trim()
}
