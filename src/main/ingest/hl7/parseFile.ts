// The HL7 v2 FormatParser: sniffs files, splits them into messages and maps each ORU^R01 to a report.
import { ParseError, type ParsedUnit } from '../../../shared/domain/report'
import type { FormatParser } from '../types'
import { decodeMessageBytes } from './charset'
import { codeUnitsOf, type CodeUnitSource } from './codeUnits'
import { isDelimiterChar } from './delimiters'
import { looseFieldText, readMshLoosely } from './header'
import { parseHl7Message } from './message'
import { oruToReport } from './oru'
import { splitMessages, type MessageSpan } from './splitMessages'

/** True when the text starts (after blanks, MLLP start bytes and FHS/BHS batch headers) with MSH and a field separator. */
export function sniffHl7(text: string): boolean {
  let i = 0
  for (;;) {
    // \s covers the MLLP start byte (vertical tab) too.
    while (i < text.length && /\s/.test(text[i] ?? '')) i++
    const id = text.slice(i, i + 3)
    if (id === 'MSH') return isDelimiterChar(text[i + 3])
    if (id !== 'FHS' && id !== 'BHS') return false
    const next = text.slice(i).search(/[\r\n]/)
    if (next < 0) return false
    i += next
  }
}

/** Anything thrown while reading a message becomes that message's failure, never the file's. */
function asParseError(e: unknown, line: number): ParseError {
  if (e instanceof ParseError) return e
  return new ParseError(`internal error while reading the message: ${e instanceof Error ? e.message : String(e)}`, { line })
}

function decodeSpan(src: CodeUnitSource, span: MessageSpan, raw: Uint8Array) {
  if (src.utf16) return { text: src.text(span.start, span.end), decodeBytes: (b: Uint8Array) => new TextDecoder('utf-8').decode(b) }
  // MSH is ASCII, so Latin-1 is a safe way to read MSH-18 before the character set is known.
  const firstLineEnd = raw.findIndex((b) => b === 0x0d || b === 0x0a)
  const mshText = new TextDecoder('latin1').decode(firstLineEnd < 0 ? raw : raw.subarray(0, firstLineEnd))
  const msh = readMshLoosely(mshText)
  return decodeMessageBytes(raw, msh === undefined ? '' : looseFieldText(msh, 18))
}

function parseSpan(src: CodeUnitSource, span: MessageSpan, index: number): ParsedUnit {
  const raw = src.bytes(span.start, span.end)
  try {
    if (span.kind === 'damaged-header') {
      throw new ParseError('the message header is damaged: the line carries the encoding characters but does not start with MSH', {
        line: span.firstLine,
      })
    }
    if (span.kind === 'orphan') {
      const segment = /^[A-Z][A-Z0-9]{2}$/.test(span.firstSegment) ? span.firstSegment : undefined
      throw new ParseError(
        'segments without a message header: no MSH segment before them',
        segment === undefined ? { line: span.firstLine } : { line: span.firstLine, segment },
      )
    }
    const decoded = decodeSpan(src, span, raw)
    const message = parseHl7Message(decoded.text, { firstLine: span.firstLine, decodeBytes: decoded.decodeBytes })
    const report = oruToReport(message)
    if ('note' in decoded && decoded.note !== undefined) report.parseLog.unshift(decoded.note)
    return { ok: true, report, raw, index }
  } catch (e) {
    return { ok: false, error: asParseError(e, span.firstLine), raw, index }
  }
}

export function parseHl7File(bytes: Uint8Array): ParsedUnit[] {
  try {
    const src = codeUnitsOf(bytes)
    const spans = splitMessages(src)
    if (spans.length === 0) {
      return [{ ok: false, error: new ParseError('no HL7 message found (no MSH segment)', { line: 1 }), raw: bytes.slice(), index: 0 }]
    }
    return spans.map((span, index) => parseSpan(src, span, index))
  } catch (e) {
    return [{ ok: false, error: asParseError(e, 1), raw: bytes.slice(), index: 0 }]
  }
}

export const hl7Parser: FormatParser = {
  name: 'hl7v2',
  sniff: (text) => sniffHl7(text),
  parse: (bytes) => parseHl7File(bytes),
}
