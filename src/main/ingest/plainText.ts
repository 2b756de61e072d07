// Last-resort import: any readable text no other parser claimed is kept as one note.
import { ParseError, type ParsedUnit } from '../../shared/domain/report'
import { decodeText } from './decodeText'
import type { FormatParser } from './types'

export const STORED_AS_TEXT = 'No structured format recognised; stored as text'

/** Share of characters that may be control characters or U+FFFD before input counts as binary. */
const MAX_UNPRINTABLE_SHARE = 0.05
const SAMPLE_CHARS = 64 * 1024

function isUnprintable(code: number): boolean {
  if (code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d) return false
  return code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0xfffd
}

/** True for non-empty text without NUL characters whose sample is mostly printable. */
export function looksLikeText(text: string): boolean {
  if (text.trim() === '' || text.includes('\u0000')) return false
  const sample = text.slice(0, SAMPLE_CHARS)
  let unprintable = 0
  for (let i = 0; i < sample.length; i++) if (isUnprintable(sample.charCodeAt(i))) unprintable++
  return unprintable / sample.length <= MAX_UNPRINTABLE_SHARE
}

function parse(bytes: Uint8Array): ParsedUnit[] {
  const decoded = decodeText(bytes)
  if (!looksLikeText(decoded.text)) {
    const reason = decoded.text.trim() === '' ? 'input is empty' : 'input is not readable text'
    return [{ ok: false, error: new ParseError(reason), raw: bytes, index: 0 }]
  }
  const parseLog = [STORED_AS_TEXT]
  if (decoded.encoding === 'latin1') parseLog.push('Text is not valid UTF-8; read as Latin-1')
  // Nothing in free text says it was verified, so it must not be shown as final.
  parseLog.push('No status in the text; treated as preliminary')
  return [
    {
      ok: true,
      report: {
        kind: 'other',
        sourceFormat: 'text',
        patient: { identifiers: [] },
        status: 'preliminary',
        observations: [],
        statements: [{ kind: 'note', text: decoded.text.replace(/\r\n?/g, '\n').trim() }],
        attachments: [],
        parseLog,
        hasCorrections: false,
      },
      raw: bytes,
      index: 0,
    },
  ]
}

export const plainTextParser: FormatParser = {
  name: 'text',
  sniff: (text) => looksLikeText(text),
  parse,
}
