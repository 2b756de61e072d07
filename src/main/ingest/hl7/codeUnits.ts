// Imported bytes as code units, so segment formats can be split while each piece maps back to its exact bytes.

export interface CodeUnitSource {
  /** Number of code units (bytes, or UTF-16 code units for UTF-16 input). */
  readonly length: number
  at(index: number): number
  /** The exact input bytes of code units [start, end). */
  bytes(start: number, end: number): Uint8Array
  /** True when the units are UTF-16 and `text` already holds the decoded input. */
  readonly utf16: boolean
  /** Decoded text of units [start, end); only meaningful when `utf16` (8-bit input is decoded per message). */
  text(start: number, end: number): string
}

/** Strips a UTF-8 BOM (it precedes the first segment) and switches to UTF-16 units when a UTF-16 BOM is present. */
export function codeUnitsOf(bytes: Uint8Array): CodeUnitSource {
  const b0 = bytes[0]
  const b1 = bytes[1]
  if (bytes.length >= 2 && ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff))) {
    const decoded = new TextDecoder(b0 === 0xff ? 'utf-16le' : 'utf-16be').decode(bytes.subarray(2))
    // One JS code unit per two bytes, so byte offsets are computed, not searched for.
    return {
      length: decoded.length,
      at: (i) => decoded.charCodeAt(i),
      bytes: (start, end) => bytes.slice(2 + start * 2, 2 + end * 2),
      utf16: true,
      text: (start, end) => decoded.slice(start, end),
    }
  }
  const skip = bytes.length >= 3 && b0 === 0xef && b1 === 0xbb && bytes[2] === 0xbf ? 3 : 0
  const body = bytes.subarray(skip)
  return {
    length: body.length,
    at: (i) => body[i] ?? 0,
    bytes: (start, end) => body.slice(start, end),
    utf16: false,
    text: (start, end) => new TextDecoder('latin1').decode(body.subarray(start, end)),
  }
}

/** A string as code units (used when parsing a message that is already text). */
export function codeUnitsOfString(text: string): CodeUnitSource {
  return {
    length: text.length,
    at: (i) => text.charCodeAt(i),
    bytes: (start, end) => new TextEncoder().encode(text.slice(start, end)),
    utf16: true,
    text: (start, end) => text.slice(start, end),
  }
}
