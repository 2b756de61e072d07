// Wraps a CSV parse into the single ParsedUnit a CSV file yields, turning any failure into a located ParseError.
import { ParseError, type ParsedReport, type ParsedUnit } from '../../../shared/domain/report'

/**
 * A CSV export is one report: it parses whole or not at all. Any exception from `build` (a located
 * ParseError for bad data, anything else for a bug) becomes the failed unit, never a throw.
 */
export function singleUnit(bytes: Uint8Array, build: () => ParsedReport): ParsedUnit[] {
  try {
    return [{ ok: true, report: build(), raw: bytes, index: 0 }]
  } catch (err) {
    const error =
      err instanceof ParseError ? err : new ParseError(`unexpected error: ${err instanceof Error ? err.message : String(err)}`)
    return [{ ok: false, error, raw: bytes, index: 0 }]
  }
}

/** A ParseError pointing at one cell: line, column name and 1-based column number. */
export function cellError(message: string, line: number, column: string, columnIndex: number): ParseError {
  return new ParseError(message, { line, segment: column, field: columnIndex + 1 })
}
