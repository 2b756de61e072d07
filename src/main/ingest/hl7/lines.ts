// Splits code units into CR / LF / CRLF lines, shared by file splitter and message parser so both count alike.
import type { CodeUnitSource } from './codeUnits'

const CR = 0x0d
const LF = 0x0a
const VT = 0x0b
const FS = 0x1c
const SPACE = 0x20
const TAB = 0x09

export interface SourceLine {
  lineNo: number
  /** First unit of the line's content, after MLLP framing bytes and leading blanks. */
  contentStart: number
  /** End (exclusive) of the content, before trailing MLLP framing bytes and the terminator. */
  contentEnd: number
  /** End of the line including its terminator when the terminator directly follows the content. */
  sliceEnd: number
  blank: boolean
}

/**
 * VT and FS (MLLP start/end bytes) are stripped at line edges, because files captured from a
 * socket keep them; they never count as line breaks, so line numbers match a text editor's.
 */
export function splitLines(src: CodeUnitSource, firstLine = 1): SourceLine[] {
  const lines: SourceLine[] = []
  const n = src.length
  let start = 0
  let lineNo = firstLine
  while (start < n) {
    let end = start
    while (end < n) {
      const c = src.at(end)
      if (c === CR || c === LF) break
      end++
    }
    let termEnd = end
    if (end < n) termEnd = src.at(end) === CR && end + 1 < n && src.at(end + 1) === LF ? end + 2 : end + 1
    let contentStart = start
    while (contentStart < end) {
      const c = src.at(contentStart)
      if (c !== VT && c !== FS && c !== SPACE && c !== TAB) break
      contentStart++
    }
    let contentEnd = end
    while (contentEnd > contentStart) {
      const c = src.at(contentEnd - 1)
      if (c !== VT && c !== FS) break
      contentEnd--
    }
    // Leading blanks were skipped, so an empty remainder means the line held nothing else.
    const blank = contentStart === contentEnd
    lines.push({ lineNo, contentStart, contentEnd, sliceEnd: contentEnd === end ? termEnd : contentEnd, blank })
    lineNo++
    start = termEnd
  }
  return lines
}
