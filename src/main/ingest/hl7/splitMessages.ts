// Splits an HL7 file into messages (and stray segments without an MSH), skipping batch envelopes and blank lines.
import type { CodeUnitSource } from './codeUnits'
import { isDelimiterChar } from './delimiters'
import { splitLines, type SourceLine } from './lines'

export interface MessageSpan {
  /** 'orphan': segments where no MSH opened a message; 'damaged-header': starts with a mangled MSH. */
  kind: 'message' | 'orphan' | 'damaged-header'
  /** Code-unit span within the source: from the first segment to the end of the last one. */
  start: number
  end: number
  firstLine: number
  /** Id of the first segment (for locating errors in orphans). */
  firstSegment: string
}

const ENVELOPE = new Set(['FHS', 'BHS', 'BTS', 'FTS'])

function charAt(src: CodeUnitSource, line: SourceLine, offset: number): string | undefined {
  const i = line.contentStart + offset
  return i < line.contentEnd ? String.fromCharCode(src.at(i)) : undefined
}

function head(src: CodeUnitSource, line: SourceLine, length: number): string {
  let text = ''
  for (let i = line.contentStart; i < Math.min(line.contentStart + length, line.contentEnd); i++) text += String.fromCharCode(src.at(i))
  return text
}

/** "|^~\\&|" for a message whose MSH begins "MSH|^~\\&|": field 1 of a header and of no other segment. */
function headerSignature(mshHead: string): string {
  const sep = mshHead[3] ?? '|'
  const end = mshHead.indexOf(sep, 4)
  // Fewer than two encoding characters would match ordinary segments ("PID||").
  return end < 6 ? '|^~\\&|' : mshHead.slice(3, end + 1)
}

/**
 * A message runs from an MSH to the next MSH or envelope segment. A second PID inside a message
 * starts an orphan: either the MSH of the next message was lost, or one message carries several
 * patients, which a single report cannot hold; cutting there keeps the first patient's results intact.
 */
export function splitMessages(src: CodeUnitSource): MessageSpan[] {
  const spans: MessageSpan[] = []
  let current: (MessageSpan & { sawPid: boolean }) | undefined
  let signature = '|^~\\&|'
  const close = () => {
    if (current !== undefined) spans.push({ kind: current.kind, start: current.start, end: current.end, firstLine: current.firstLine, firstSegment: current.firstSegment })
    current = undefined
  }
  for (const line of splitLines(src)) {
    if (line.blank) continue
    const id = head(src, line, 3)
    const fourth = charAt(src, line, 3)
    if (id === 'MSH' && isDelimiterChar(fourth)) {
      close()
      signature = headerSignature(head(src, line, 12))
      current = { kind: 'message', start: line.contentStart, end: line.sliceEnd, firstLine: line.lineNo, firstSegment: 'MSH', sawPid: false }
      continue
    }
    if (ENVELOPE.has(id) && (fourth === undefined || isDelimiterChar(fourth))) {
      close()
      continue
    }
    const isPid = id === 'PID'
    // A header with a damaged "MSH" still carries the encoding characters right after it; reading it
    // as a new (failed) message keeps it from spoiling the message before it.
    const damagedHeader = head(src, line, 3 + signature.length).includes(signature)
    if (current === undefined || (isPid && current.sawPid) || damagedHeader) {
      close()
      const kind = damagedHeader ? 'damaged-header' : 'orphan'
      current = { kind, start: line.contentStart, end: line.sliceEnd, firstLine: line.lineNo, firstSegment: id, sawPid: isPid }
      continue
    }
    current.end = line.sliceEnd
    if (isPid) current.sawPid = true
  }
  close()
  return spans
}
