// Decodes ECG XML by its BOM or declared encoding and parses it into a small ordered element tree.
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { ParseError } from '../../../shared/domain/report'
import { decodeText, type TextEncodingName } from '../decodeText'
import { withoutDoctype } from './xmlRoot'

export interface XmlElement {
  /** Local name, namespace prefix removed. */
  name: string
  /** Attributes by local name (xsi:type is 'type'); namespace declarations are dropped. */
  attrs: Record<string, string>
  children: XmlElement[]
  /** Direct text content, trimmed pieces joined by a space. */
  text: string
}

export interface DecodedXml {
  text: string
  encoding: TextEncodingName | string
  notes: string[]
}

const LATIN1_NAMES = new Set(['iso-8859-1', 'iso8859-1', 'iso_8859-1', 'latin1', 'latin-1', 'l1', 'windows-1252', 'cp1252', 'us-ascii', 'ascii'])

/** The encoding named in the XML declaration, read as ASCII (the declaration is ASCII by rule). */
export function declaredEncoding(bytes: Uint8Array): string | undefined {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 256))
  const match = /^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)
  return match?.[1]?.toLowerCase()
}

/**
 * A byte-order mark wins; otherwise the declared encoding (GE MUSE declares ISO-8859-1 and writes
 * accented names in it, which would be garbled if read as UTF-8).
 */
export function decodeXml(bytes: Uint8Array): DecodedXml {
  const notes: string[] = []
  const hasBom =
    (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) ||
    (bytes[0] === 0xff && bytes[1] === 0xfe) ||
    (bytes[0] === 0xfe && bytes[1] === 0xff)
  const declared = hasBom ? undefined : declaredEncoding(bytes)
  let decoded: { text: string; encoding: TextEncodingName | string }
  if (declared !== undefined && LATIN1_NAMES.has(declared)) {
    decoded = decodeText(bytes, 'latin1')
  } else if (declared === undefined || declared === 'utf-8' || declared === 'utf8' || declared.startsWith('utf-16')) {
    decoded = decodeText(bytes)
    if (declared !== undefined && declared.startsWith('utf-8') && decoded.encoding === 'latin1') {
      notes.push('Declared UTF-8 but the bytes are not valid UTF-8; read as Latin-1')
    }
  } else {
    try {
      decoded = { text: new TextDecoder(declared).decode(bytes), encoding: declared }
    } catch {
      decoded = decodeText(bytes, 'latin1')
      notes.push(`Declared encoding '${declared}' is not supported; read as Latin-1`)
    }
  }
  return { text: decoded.text.replace(/^\uFEFF/, ''), encoding: decoded.encoding, notes }
}

type OrderedNode = Record<string, unknown>

function isRecord(value: unknown): value is OrderedNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function toElement(node: OrderedNode): XmlElement | undefined {
  const name = Object.keys(node).find((k) => k !== ':@' && k !== '#text')
  if (name === undefined) return undefined
  const attrs: Record<string, string> = {}
  const rawAttrs = node[':@']
  if (isRecord(rawAttrs)) {
    for (const [key, value] of Object.entries(rawAttrs)) {
      if (typeof value === 'string') attrs[key.replace(/^@_/, '')] = value
    }
  }
  const children: XmlElement[] = []
  const texts: string[] = []
  const content = node[name]
  if (Array.isArray(content)) {
    for (const item of content) {
      if (!isRecord(item)) continue
      const text = item['#text']
      if (text !== undefined) {
        texts.push(String(text))
        continue
      }
      const child = toElement(item)
      if (child) children.push(child)
    }
  }
  return { name, attrs, children, text: texts.join(' ') }
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  removeNSPrefix: true,
  // Keep every value as written: numbers are parsed (and judged) by the format readers.
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
})

/** Parses XML text into an element tree; malformed XML becomes a ParseError with line and column. */
export function parseXml(source: string): XmlElement {
  const text = withoutDoctype(source)
  const valid = XMLValidator.validate(text)
  if (valid !== true) {
    throw new ParseError(`malformed XML at line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg}`, {
      line: valid.err.line,
    })
  }
  const parsed: unknown = parser.parse(text)
  const root = Array.isArray(parsed) ? parsed.find((n): n is OrderedNode => isRecord(n) && toElement(n) !== undefined) : undefined
  const element = root ? toElement(root) : undefined
  if (!element) throw new ParseError('XML has no root element')
  return element
}

export function child(el: XmlElement | undefined, name: string): XmlElement | undefined {
  return el?.children.find((c) => c.name === name)
}

export function children(el: XmlElement | undefined, name: string): XmlElement[] {
  return el?.children.filter((c) => c.name === name) ?? []
}

/** Follows a path of child names, e.g. path(root, 'patient', 'generalpatientdata'). */
export function path(el: XmlElement | undefined, ...names: string[]): XmlElement | undefined {
  let current = el
  for (const name of names) current = child(current, name)
  return current
}

/** Trimmed text of an element; undefined when absent or empty. */
export function textOf(el: XmlElement | undefined): string | undefined {
  const text = el?.text.trim()
  return text === undefined || text === '' ? undefined : text
}

export function descendants(el: XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = []
  for (const c of el.children) {
    if (c.name === name) out.push(c)
    out.push(...descendants(c, name))
  }
  return out
}
