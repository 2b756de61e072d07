// Reads an XML prolog of any length (declaration, comments, processing instructions, a DOCTYPE with an internal
// subset): the root element's name straight from the raw bytes (detection decodes only the start of a file), and
// where the DOCTYPE is (the XML library misreads some legal internal subsets). One pass, each unit looked at a
// bounded number of times: a multi-megabyte prolog costs one scan.

/** Reads the file as a sequence of code units: 1 byte for UTF-8 and single-byte encodings, 2 for UTF-16. */
interface Units {
  readonly length: number
  at(i: number): number
  /** Position of the first unit equal to `unit` at or after `from`, or -1. */
  indexOf(unit: number, from: number): number
  /** The name made of units [start, end), decoded. */
  text(start: number, end: number): string
}

function byteUnits(bytes: Uint8Array, offset: number): Units {
  return {
    length: bytes.length - offset,
    at: (i) => bytes[offset + i] ?? -1,
    indexOf: (unit, from) => {
      const at = bytes.indexOf(unit, offset + from)
      return at < 0 ? -1 : at - offset
    },
    text: (start, end) => new TextDecoder('utf-8').decode(bytes.subarray(offset + start, offset + end)),
  }
}

function utf16Units(bytes: Uint8Array, offset: number, littleEndian: boolean): Units {
  const length = Math.floor((bytes.length - offset) / 2)
  const at = (i: number): number => {
    if (i < 0 || i >= length) return -1
    const a = bytes[offset + 2 * i] ?? 0
    const b = bytes[offset + 2 * i + 1] ?? 0
    return littleEndian ? a | (b << 8) : (a << 8) | b
  }
  return {
    length,
    at,
    indexOf: (unit, from) => {
      for (let i = Math.max(0, from); i < length; i++) if (at(i) === unit) return i
      return -1
    },
    text: (start, end) => new TextDecoder(littleEndian ? 'utf-16le' : 'utf-16be').decode(bytes.subarray(offset + 2 * start, offset + 2 * end)),
  }
}

function stringUnits(text: string): Units {
  return {
    length: text.length,
    at: (i) => (i >= 0 && i < text.length ? text.charCodeAt(i) : -1),
    indexOf: (unit, from) => text.indexOf(String.fromCharCode(unit), from),
    text: (start, end) => text.slice(start, end),
  }
}

/** The encoding's unit reader, from a byte-order mark or (without one) the zero bytes of UTF-16 ASCII. */
function unitsOf(bytes: Uint8Array): Units {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return byteUnits(bytes, 3)
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return utf16Units(bytes, 2, true)
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return utf16Units(bytes, 2, false)
  if (bytes.length >= 2 && bytes[0] !== 0 && bytes[1] === 0) return utf16Units(bytes, 0, true)
  if (bytes.length >= 2 && bytes[0] === 0 && bytes[1] !== 0) return utf16Units(bytes, 0, false)
  return byteUnits(bytes, 0)
}

const MAX_NAME_UNITS = 256
const LT = 0x3c
const GT = 0x3e
const QMARK = 0x3f
const BANG = 0x21
const DASH = 0x2d
const OPEN_BRACKET = 0x5b
const CLOSE_BRACKET = 0x5d
const DQUOTE = 0x22
const SQUOTE = 0x27

function isSpace(u: number): boolean {
  return u === 0x20 || u === 0x09 || u === 0x0a || u === 0x0d
}

function isNameStart(u: number): boolean {
  return (u >= 0x41 && u <= 0x5a) || (u >= 0x61 && u <= 0x7a) || u === 0x5f || u === 0x3a || u >= 0x80
}

function isNameChar(u: number): boolean {
  return isNameStart(u) || (u >= 0x30 && u <= 0x39) || u === DASH || u === 0x2e
}

function startsWith(u: Units, i: number, ascii: string): boolean {
  for (let k = 0; k < ascii.length; k++) if (u.at(i + k) !== ascii.charCodeAt(k)) return false
  return true
}

/** Index just past the first `ascii` sequence at or after `from`, or -1 when the file ends first. */
function skipPast(u: Units, from: number, ascii: string): number {
  const first = ascii.charCodeAt(0)
  let i = from
  for (;;) {
    const at = u.indexOf(first, i)
    if (at < 0) return -1
    if (startsWith(u, at, ascii)) return at + ascii.length
    i = at + 1
  }
}

/** Index just past the DOCTYPE declaration that starts at `from` ('<!DOCTYPE'), or -1 when it never ends. */
function skipDoctype(u: Units, from: number): number {
  let i = from + '<!DOCTYPE'.length
  let inSubset = false
  while (i < u.length) {
    const c = u.at(i)
    if (c === DQUOTE || c === SQUOTE) {
      const end = u.indexOf(c, i + 1)
      if (end < 0) return -1
      i = end + 1
    } else if (inSubset && c === LT && startsWith(u, i, '<!--')) {
      i = skipPast(u, i + 4, '-->')
      if (i < 0) return -1
    } else if (inSubset && c === LT && u.at(i + 1) === QMARK) {
      i = skipPast(u, i + 2, '?>')
      if (i < 0) return -1
    } else if (c === OPEN_BRACKET && !inSubset) {
      inSubset = true
      i++
    } else if (c === CLOSE_BRACKET && inSubset) {
      inSubset = false
      i++
    } else if (c === GT && !inSubset) {
      return i + 1
    } else i++
  }
  return -1
}

interface Prolog {
  /** Local name (prefix removed) of the root element. */
  root?: string
  /** Units [start, end) of the DOCTYPE declaration, internal subset included. */
  doctype?: { start: number; end: number }
}

/**
 * Walks the prolog up to the root element's name. `root` is absent when the units are not XML: anything
 * other than blanks, the declaration, comments, processing instructions and a DOCTYPE before the first tag.
 */
function scanProlog(u: Units): Prolog {
  const out: Prolog = {}
  let i = 0
  while (i < u.length) {
    const c = u.at(i)
    if (isSpace(c)) {
      i++
      continue
    }
    if (c !== LT) return out
    const next = u.at(i + 1)
    if (next === QMARK) i = skipPast(u, i + 2, '?>')
    else if (next === BANG && startsWith(u, i, '<!--')) i = skipPast(u, i + 4, '-->')
    else if (next === BANG && startsWith(u, i, '<!DOCTYPE')) {
      const start = i
      i = skipDoctype(u, i)
      if (i >= 0) out.doctype = { start, end: i }
    } else if (isNameStart(next)) {
      let end = i + 1
      // No supported root name is long; a megabyte "name" is not decoded just to be refused.
      while (end < u.length && end - i <= MAX_NAME_UNITS && isNameChar(u.at(end))) end++
      const name = u.text(i + 1, end)
      const colon = name.lastIndexOf(':')
      out.root = colon >= 0 ? name.slice(colon + 1) : name
      return out
    } else return out
    if (i < 0) return out
  }
  return out
}

/** Local name of the root element in raw bytes (UTF-8, single-byte or UTF-16), or undefined when not XML. */
export function rootElementOf(bytes: Uint8Array): string | undefined {
  return scanProlog(unitsOf(bytes)).root
}

/**
 * The text with its DOCTYPE declaration removed, all but its line breaks (so error lines still point at the
 * right place). No reader needs a DTD, and the XML library miscounts a '>' inside a quoted declaration;
 * dropping it also means no entity declared there is ever expanded.
 */
export function withoutDoctype(text: string): string {
  const doctype = scanProlog(stringUnits(text)).doctype
  if (doctype === undefined) return text
  // Runs, not single characters: one replacement per character takes seconds on a megabyte subset.
  const breaks = text.slice(doctype.start, doctype.end).replace(/[^\r\n]+/g, '')
  return text.slice(0, doctype.start) + breaks + text.slice(doctype.end)
}
