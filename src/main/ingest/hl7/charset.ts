// Chooses how to decode one HL7 message's bytes from its MSH-18 character set (HL7 table 0211).
import { decodeText } from '../decodeText'
import type { ByteDecoder } from './escape'

/** HL7 table 0211 values mapped to WHATWG encoding labels TextDecoder understands. */
const CHARSET_LABELS: Readonly<Record<string, string>> = {
  ASCII: 'ascii',
  'ISO IR6': 'ascii',
  '8859/1': 'latin1',
  'ISO IR100': 'latin1',
  '8859/2': 'iso-8859-2',
  '8859/3': 'iso-8859-3',
  '8859/4': 'iso-8859-4',
  '8859/5': 'iso-8859-5',
  '8859/6': 'iso-8859-6',
  '8859/7': 'iso-8859-7',
  '8859/8': 'iso-8859-8',
  '8859/9': 'iso-8859-9',
  '8859/15': 'iso-8859-15',
  'UNICODE UTF-8': 'utf-8',
  'UTF-8': 'utf-8',
  'GB 18030-2000': 'gb18030',
  'KS X 1001': 'euc-kr',
  'BIG-5': 'big5',
}

export interface MessageDecoding {
  text: string
  /** Decoder for \Xhh\ escapes, in the same character set as the message. */
  decodeBytes: ByteDecoder
  /** Parse-log note when the declaration could not be honoured as written. */
  note?: string
}

function isAscii(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b >= 0x80) return false
  return true
}

function heuristic(bytes: Uint8Array): MessageDecoding {
  const decoded = decodeText(bytes)
  const decodeBytes: ByteDecoder = (b) => decodeText(b, decoded.encoding === 'latin1' ? 'latin1' : undefined).text
  return { text: decoded.text, decodeBytes }
}

/**
 * Without MSH-18, bytes are read as UTF-8, falling back to Latin-1 when they are not valid UTF-8
 * (the common legacy case). A declared 8-bit set is honoured exactly.
 */
export function decodeMessageBytes(bytes: Uint8Array, msh18: string): MessageDecoding {
  const declared = msh18.trim().toUpperCase()
  if (declared === '') return heuristic(bytes)
  const label = CHARSET_LABELS[declared]
  if (label === undefined) {
    return { ...heuristic(bytes), note: `MSH-18 character set '${msh18.trim()}' is not supported; decoded as UTF-8 or Latin-1` }
  }
  if (label === 'ascii') {
    if (isAscii(bytes)) return heuristic(bytes)
    return { ...heuristic(bytes), note: 'MSH-18 declares ASCII but the message has 8-bit bytes; decoded as UTF-8 or Latin-1' }
  }
  if (label === 'utf-8') {
    try {
      const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
      return { text, decodeBytes: (b) => new TextDecoder('utf-8').decode(b) }
    } catch {
      return { ...heuristic(bytes), note: 'MSH-18 declares UTF-8 but the bytes are not valid UTF-8; decoded as Latin-1' }
    }
  }
  let decoder: TextDecoder
  try {
    decoder = new TextDecoder(label)
  } catch {
    return { ...heuristic(bytes), note: `MSH-18 character set '${msh18.trim()}' is not available here; decoded as UTF-8 or Latin-1` }
  }
  return { text: decoder.decode(bytes), decodeBytes: (b) => new TextDecoder(label).decode(b) }
}
