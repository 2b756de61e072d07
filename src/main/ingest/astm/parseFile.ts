// The ASTM E1394 FormatParser: framed or plain record text, split into H…L messages, one unit per message and patient.
import { ParseError, type ParsedUnit } from '../../../shared/domain/report'
import { codeUnitsOf } from '../hl7/codeUnits'
import { isDelimiterChar } from '../hl7/delimiters'
import type { FormatParser } from '../types'
import { deframeAstm, isFramedAstm } from './lowLevel'
import type { AstmRecordText } from './records'
import { astmMessageToReports } from './report'
import { textRecords } from './textRecords'

// Bytes a framed capture may start with: ENQ, EOT, ACK, NAK and blanks.
const LEADING = new Set(['\x04', '\x05', '\x06', '\x15', ' ', '\t', '\r', '\n'])

/** "H" and four distinct delimiter characters, after blanks, ENQ and an optional STX + frame number. */
export function sniffAstm(text: string): boolean {
  let i = 0
  while (i < text.length && i < 1024 && LEADING.has(text[i] ?? '')) i++
  if (text[i] === '\x02' && /[0-7]/.test(text[i + 1] ?? '')) i += 2
  if (text[i] !== 'H') return false
  const chars = [...text.slice(i + 1, i + 5)]
  return chars.length === 4 && chars.every(isDelimiterChar) && new Set(chars).size === 4
}

interface Group {
  kind: 'message' | 'orphan'
  records: AstmRecordText[]
}

/** H opens a message and L closes it; records outside any H…L form an orphan group that fails. */
function groupMessages(records: readonly AstmRecordText[]): Group[] {
  const groups: Group[] = []
  let current: Group | undefined
  for (const rec of records) {
    const type = rec.text.slice(0, 1)
    if (type === 'H') {
      current = { kind: 'message', records: [rec] }
      groups.push(current)
    } else {
      if (current === undefined) {
        current = { kind: 'orphan', records: [] }
        groups.push(current)
      }
      current.records.push(rec)
    }
    if (type === 'L' && current.kind === 'message') current = undefined
  }
  return groups
}

function asParseError(e: unknown, rec: AstmRecordText | undefined): ParseError {
  if (e instanceof ParseError) return e
  return new ParseError(`internal error while reading the message: ${e instanceof Error ? e.message : String(e)}`, rec?.location ?? { line: 1 })
}

/** The units of one H…L group, all sharing the group's raw bytes; index is filled in by the caller. */
function groupUnits(group: Group, slice: (start: number, end: number) => Uint8Array, notes: readonly string[]): ParsedUnit[] {
  const first = group.records[0]
  const last = group.records.at(-1)
  const raw = first === undefined || last === undefined ? new Uint8Array() : slice(first.start, last.end)
  try {
    if (group.kind === 'orphan') {
      // A transport error explains the orphan better than the missing header does.
      const transport = group.records.find((r) => r.error !== undefined)?.error
      throw transport ?? new ParseError('records outside a message: no H record before them', { ...first?.location, segment: first?.text.slice(0, 1) || undefined })
    }
    const reports = astmMessageToReports(group.records)
    for (const report of reports) report.parseLog.unshift(...notes)
    if (reports.length === 1) return reports.map((report) => ({ ok: true, report, raw, index: 0 }))
    // Several patients share the message's bytes as received; part tells their stored copies apart.
    return reports.map((report, part) => ({ ok: true, report, raw, index: 0, part }))
  } catch (e) {
    return [{ ok: false, error: asParseError(e, first), raw, index: 0 }]
  }
}

export function parseAstmFile(bytes: Uint8Array): ParsedUnit[] {
  try {
    let records: AstmRecordText[]
    let notes: string[] = []
    let slice: (start: number, end: number) => Uint8Array
    if (isFramedAstm(bytes)) {
      const deframed = deframeAstm(bytes)
      records = deframed.records
      notes = deframed.notes
      slice = (start, end) => bytes.slice(start, end)
    } else {
      const src = codeUnitsOf(bytes)
      records = textRecords(src)
      slice = (start, end) => src.bytes(start, end)
    }
    const groups = groupMessages(records)
    if (groups.length === 0) {
      return [{ ok: false, error: new ParseError('no ASTM record found', { line: 1 }), raw: bytes.slice(), index: 0 }]
    }
    // Units are numbered across the file once a message may yield several (one per patient).
    return groups.flatMap((group) => groupUnits(group, slice, notes)).map((unit, index) => ({ ...unit, index }))
  } catch (e) {
    return [{ ok: false, error: asParseError(e, undefined), raw: bytes.slice(), index: 0 }]
  }
}

export const astmParser: FormatParser = {
  name: 'astm',
  sniff: (text) => sniffAstm(text),
  parse: (bytes) => parseAstmFile(bytes),
}
