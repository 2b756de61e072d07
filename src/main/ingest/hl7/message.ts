// Low-level HL7 v2 message parsing: text → segments with fields, delimiters from MSH; throws located ParseErrors.
import { ParseError } from '../../../shared/domain/report'
import { codeUnitsOfString } from './codeUnits'
import { readDelimiters, type Hl7Delimiters } from './delimiters'
import { latin1Bytes, type ByteDecoder } from './escape'
import { splitLines } from './lines'

export interface Hl7Segment {
  id: string
  /** Line number within the file (or within the text given to parseHl7Message). */
  line: number
  /**
   * Escaped field values indexed by HL7 field number: fields[0] is the segment id, fields[3] is
   * field 3. For MSH, fields[1] is the field separator and fields[2] the encoding characters,
   * so MSH-10 is fields[10] like everywhere else.
   */
  fields: string[]
}

export interface Hl7Message {
  delimiters: Hl7Delimiters
  segments: Hl7Segment[]
  /** Decodes \Xhh\ escapes in the message's character set. */
  decodeBytes: ByteDecoder
}

export interface ParseHl7Options {
  /** Line number of the text's first line within its file, so errors point into the file. */
  firstLine?: number
  decodeBytes?: ByteDecoder
}

const SEGMENT_ID = /^[A-Z][A-Z0-9]{2}$/

/** Parses one message. Throws ParseError (with line, segment, field) when the text is not an HL7 v2 message. */
export function parseHl7Message(text: string, options: ParseHl7Options = {}): Hl7Message {
  const lines = splitLines(codeUnitsOfString(text), options.firstLine ?? 1).filter((l) => !l.blank)
  const first = lines[0]
  if (first === undefined) throw new ParseError('empty message', { line: options.firstLine ?? 1 })
  const mshText = text.slice(first.contentStart, first.contentEnd)
  if (!mshText.startsWith('MSH')) {
    throw new ParseError('message does not start with an MSH segment', { line: first.lineNo, segment: mshText.slice(0, 3) })
  }
  const sep = mshText[3]
  const encodingEnd = sep === undefined ? -1 : mshText.indexOf(sep, 4)
  const encodingChars = sep === undefined ? '' : mshText.slice(4, encodingEnd < 0 ? undefined : encodingEnd)
  const read = readDelimiters(sep, encodingChars)
  if (!read.ok) throw new ParseError(read.reason, { line: first.lineNo, segment: 'MSH', field: read.field })
  const d = read.delimiters

  const segments: Hl7Segment[] = []
  for (const [index, line] of lines.entries()) {
    const content = text.slice(line.contentStart, line.contentEnd)
    const id = content.slice(0, 3)
    if (!SEGMENT_ID.test(id) || (content.length > 3 && content[3] !== d.field)) {
      throw new ParseError('line is not an HL7 segment (expected a three-character segment id and the field separator)', {
        line: line.lineNo,
      })
    }
    if (index > 0 && id === 'MSH') {
      throw new ParseError('a second MSH segment inside one message', { line: line.lineNo, segment: 'MSH' })
    }
    const parts = content.split(d.field)
    const fields = index === 0 ? ['MSH', d.field, ...parts.slice(1)] : parts
    segments.push({ id, line: line.lineNo, fields })
  }
  return { delimiters: d, segments, decodeBytes: options.decodeBytes ?? latin1Bytes }
}
