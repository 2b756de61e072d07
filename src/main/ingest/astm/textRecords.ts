// De-framed ASTM record text (one record per CR, LF or CRLF line) → record texts with line numbers and byte spans.
import { decodeText } from '../decodeText'
import type { CodeUnitSource } from '../hl7/codeUnits'
import { splitLines } from '../hl7/lines'
import type { AstmRecordText } from './records'

/** Record spans are in the source's code units (bytes after any BOM). */
export function textRecords(src: CodeUnitSource): AstmRecordText[] {
  // One encoding for the whole file, so a record cannot be read differently from its neighbours.
  const whole = src.utf16 ? undefined : decodeText(src.bytes(0, src.length)).encoding
  const records: AstmRecordText[] = []
  for (const line of splitLines(src)) {
    if (line.blank) continue
    const text = src.utf16
      ? src.text(line.contentStart, line.contentEnd)
      : decodeText(src.bytes(line.contentStart, line.contentEnd), whole === 'latin1' ? 'latin1' : undefined).text
    records.push({ text, start: line.contentStart, end: line.sliceEnd, location: { line: line.lineNo } })
  }
  return records
}
