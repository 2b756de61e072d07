// HL7 v2 escape sequences: decoding field text (\F\ \S\ \T\ \R\ \E\ \Xhh\ \.br\ …) and encoding text we write.
import type { Hl7Delimiters } from './delimiters'

/** Turns the bytes of a \Xhh\ sequence into text, in the message's character set. */
export type ByteDecoder = (bytes: Uint8Array) => string

export const latin1Bytes: ByteDecoder = (bytes) => new TextDecoder('latin1').decode(bytes)

function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16)
  return out
}

function decodeSequence(seq: string, d: Hl7Delimiters, decodeBytes: ByteDecoder): string | undefined {
  switch (seq) {
    case 'F':
      return d.field
    case 'S':
      return d.component
    case 'T':
      return d.subcomponent
    case 'R':
      return d.repetition
    case 'E':
      return d.escape
    case 'P':
      return d.truncation || undefined
    case '.br':
      return '\n'
    // Highlighting on/off has no meaning in plain text.
    case 'H':
    case 'N':
      return ''
  }
  if (/^X(?:[0-9A-Fa-f]{2})+$/.test(seq)) return decodeBytes(hexBytes(seq.slice(1)))
  const sp = /^\.sp\s*(\d*)$/.exec(seq)
  if (sp) return '\n'.repeat(Math.min(Number(sp[1] || '1'), 100))
  if (seq === '.ce') return '\n'
  // Layout commands (fill, indent, skip) and character-set switches cannot be rendered in plain
  // text; dropping them keeps the words readable.
  if (/^\.(?:fi|nf|in[+-]?\d+|ti[+-]?\d+|sk[+-]?\d*)$/.test(seq)) return ''
  if (/^C[0-9A-Fa-f]{4}$/.test(seq) || /^M[0-9A-Fa-f]{4,6}$/.test(seq) || /^Z/.test(seq)) return ''
  return undefined
}

/** Decodes escape sequences; an unknown or unterminated sequence is kept literally rather than lost. */
export function unescapeHl7(text: string, d: Hl7Delimiters, decodeBytes: ByteDecoder = latin1Bytes): string {
  const esc = d.escape
  if (esc === '' || !text.includes(esc)) return text
  let out = ''
  let i = 0
  while (i < text.length) {
    const open = text.indexOf(esc, i)
    if (open < 0) break
    const close = text.indexOf(esc, open + 1)
    if (close < 0) break
    out += text.slice(i, open)
    const seq = text.slice(open + 1, close)
    const decoded = decodeSequence(seq, d, decodeBytes)
    if (decoded === undefined) {
      // Keep the opening escape and resume at the closing one, which may open a real sequence.
      out += esc + seq
      i = close
    } else {
      out += decoded
      i = close + 1
    }
  }
  return out + text.slice(i)
}

/** Encodes text for a field of a message we build (ACKs): delimiters and control characters escaped. */
export function escapeHl7(text: string, d: Hl7Delimiters): string {
  let out = ''
  for (const ch of text) {
    if (ch === d.escape) out += `${d.escape}E${d.escape}`
    else if (ch === d.field) out += `${d.escape}F${d.escape}`
    else if (ch === d.component) out += `${d.escape}S${d.escape}`
    else if (ch === d.subcomponent) out += `${d.escape}T${d.escape}`
    else if (ch === d.repetition) out += `${d.escape}R${d.escape}`
    else if (ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f) {
      out += `${d.escape}X${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}${d.escape}`
    } else out += ch
  }
  return out
}
