// Decodes imported bytes to text: honours UTF-8 / UTF-16 byte-order marks, else UTF-8,
// falling back to Latin-1 when the bytes are not valid UTF-8 (older device exports).

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'latin1'

export interface DecodedText {
  text: string
  encoding: TextEncodingName
  hadBom: boolean
}

export function decodeText(bytes: Uint8Array, declared?: TextEncodingName): DecodedText {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8', hadBom: true }
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le', hadBom: true }
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be', hadBom: true }
  }
  if (declared === 'latin1') return { text: new TextDecoder('latin1').decode(bytes), encoding: 'latin1', hadBom: false }
  // UTF-16 without BOM: every other byte zero in the first characters of an XML/text file.
  if (bytes.length >= 4 && bytes[0] !== 0 && bytes[1] === 0 && bytes[2] !== 0 && bytes[3] === 0) {
    return { text: new TextDecoder('utf-16le').decode(bytes), encoding: 'utf-16le', hadBom: false }
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8', hadBom: false }
  } catch {
    return { text: new TextDecoder('latin1').decode(bytes), encoding: 'latin1', hadBom: false }
  }
}
