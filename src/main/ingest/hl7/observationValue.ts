// OBX-5 values by OBX-2 value type: numbers, structured numerics (SN), coded, text, encapsulated data (ED).
import {
  ParseError,
  type CodedConcept,
  type ParsedAttachment,
  type ParsedObservation,
  type SourceLocation,
} from '../../../shared/domain/report'
import { readCodedElement } from './codes'
import { components, freeText, part } from './fields'
import type { Hl7Message } from './message'
import { parsePlainNumber } from './referenceRange'

type ValuePart = Pick<ParsedObservation, 'valueType' | 'valueNum' | 'comparator' | 'valueText' | 'valueCode'>

export type ObxValue = { kind: 'value'; value: ValuePart; notes: string[] } | { kind: 'attachment'; attachment: ParsedAttachment; notes: string[] }

const NUMERIC = new Set(['NM'])
const TEXT = new Set(['ST', 'TX', 'FT'])
const CODED = new Set(['CE', 'CWE', 'CNE', 'CF'])
// Other HL7 data types a device may put in OBX-5; they are kept as the text sent.
const OTHER = new Set([
  'RP', 'DT', 'DTM', 'TS', 'TM', 'ID', 'IS', 'CX', 'XCN', 'XAD', 'XPN', 'XON', 'XTN', 'MO', 'NA', 'MA',
  'CP', 'TN', 'AD', 'PN', 'CK', 'CN', 'SI', 'NR', 'EI', 'HD', 'DR', 'CQ', 'NDL', 'CD', 'PL',
])

export function isKnownValueType(type: string): boolean {
  return NUMERIC.has(type) || TEXT.has(type) || CODED.has(type) || OTHER.has(type) || type === 'SN' || type === 'ED'
}

/** Types whose OBX-5 Readout stores as the text sent without reading its structure (RP, dates, names...). */
export function isUninterpretedValueType(type: string): boolean {
  return OTHER.has(type)
}

const COMPARATOR_NUMBER = /^(<=|>=|<|>)\s*(.+)$/

function readNumeric(text: string, where: SourceLocation): ValuePart {
  const t = text.trim()
  const num = parsePlainNumber(t)
  // The text as sent is kept when it says more than the number: "5.0" reports a precision that 5 does not.
  if (num !== undefined) return { valueType: 'numeric', valueNum: num, ...(t !== String(num) ? { valueText: t } : {}) }
  // Analysers put "<0.5" in NM fields although SN exists for it; the meaning is unambiguous.
  const m = COMPARATOR_NUMBER.exec(t)
  const bound = m ? parsePlainNumber(m[2] ?? '') : undefined
  if (m && bound !== undefined) {
    return { valueType: 'numeric', valueNum: bound, comparator: m[1] as '<' | '>' | '<=' | '>=', valueText: t }
  }
  throw new ParseError('OBX-5 is not a number although OBX-2 says NM', where)
}

/** SN: comparator ^ num1 ^ separator/suffix ^ num2. Ranges and ratios stay text: they are not one number. */
function readStructuredNumeric(comps: readonly string[], where: SourceLocation): ValuePart {
  const [comparator = '', num1Text = '', separator = '', num2Text = ''] = comps.map((c) => c.trim())
  const num1 = num1Text === '' ? undefined : parsePlainNumber(num1Text)
  const num2 = num2Text === '' ? undefined : parsePlainNumber(num2Text)
  if ((num1Text !== '' && num1 === undefined) || (num2Text !== '' && num2 === undefined)) {
    throw new ParseError('OBX-5 structured numeric (SN) holds a component that is not a number', where)
  }
  if (!['', '=', '<', '>', '<=', '>=', '<>'].includes(comparator)) {
    throw new ParseError('OBX-5 structured numeric (SN) has an unknown comparator', where)
  }
  const display = `${comparator === '=' ? '' : comparator}${num1Text}${separator}${num2Text}`
  if (num1 === undefined && num2 === undefined) {
    if (display === '') return { valueType: 'numeric' }
    throw new ParseError('OBX-5 structured numeric (SN) has no number', where)
  }
  if (separator === '' && num2 === undefined && num1 !== undefined && comparator !== '<>') {
    const value: ValuePart = { valueType: 'numeric', valueNum: num1, valueText: display }
    if (comparator !== '' && comparator !== '=') value.comparator = comparator as '<' | '>' | '<=' | '>='
    return value
  }
  // "10-20", "1:128", "2+": kept as the text the device showed.
  return { valueType: 'text', valueText: display }
}

const MEDIA_TYPES: Readonly<Record<string, string>> = { AP: 'application', IM: 'image', AU: 'audio', TX: 'text', TEXT: 'text' }

function base64Bytes(text: string): Uint8Array | undefined {
  const compact = text.replace(/\s+/g, '')
  if (compact === '' || compact.length % 4 === 1 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return undefined
  return new Uint8Array(Buffer.from(compact, 'base64'))
}

function hexToBytes(text: string): Uint8Array | undefined {
  const compact = text.replace(/\s+/g, '')
  if (compact === '' || compact.length % 2 !== 0 || !/^[0-9A-Fa-f]*$/.test(compact)) return undefined
  return new Uint8Array(Buffer.from(compact, 'hex'))
}

/** ED: source ^ type ^ subtype ^ encoding ^ data — how device PDFs travel inside ORU messages. */
function readEncapsulated(msg: Hl7Message, repetition: string, code: CodedConcept, where: SourceLocation): ObxValue {
  const type = part(msg, repetition, 2).trim()
  const subtype = part(msg, repetition, 3).trim().toLowerCase()
  const encoding = part(msg, repetition, 4).trim().toUpperCase()
  const data = part(msg, repetition, 5)
  let bytes: Uint8Array | undefined
  if (encoding === 'BASE64' || encoding === 'B64') bytes = base64Bytes(data)
  else if (encoding === 'HEX') bytes = hexToBytes(data)
  else if (encoding === 'A' || encoding === 'NONE') bytes = data === '' ? undefined : new TextEncoder().encode(data)
  else throw new ParseError('OBX-5 encapsulated data (ED) has an unknown encoding (expected Base64, Hex or A)', where)
  if (bytes === undefined) throw new ParseError('OBX-5 encapsulated data (ED) is empty or not validly encoded', where)
  const major = MEDIA_TYPES[type.toUpperCase()] ?? (type.toLowerCase() || (subtype === 'pdf' ? 'application' : ''))
  const mediaType = major !== '' && subtype !== '' ? `${major}/${subtype}` : 'application/octet-stream'
  const notes: string[] = []
  if (mediaType === 'application/pdf' && !new TextDecoder('latin1').decode(bytes.subarray(0, 5)).startsWith('%PDF-')) {
    notes.push(`line ${where.line ?? '?'}: OBX-5 says PDF but the data does not start with %PDF-`)
  }
  const attachment: ParsedAttachment = { mediaType, data: bytes }
  const description = code.display ?? code.code
  if (description !== '') attachment.description = description
  return { kind: 'attachment', attachment, notes }
}

/** Reads OBX-5 (its repetitions) according to OBX-2. Throws a located ParseError for a value that contradicts its type. */
export function readObxValue(
  msg: Hl7Message,
  valueType: string,
  reps: readonly string[],
  code: CodedConcept,
  where: SourceLocation,
): ObxValue {
  const notes: string[] = []
  const present = reps.filter((r) => r !== '' && r !== '""')
  const first = present[0]
  if (NUMERIC.has(valueType) || valueType === 'SN') {
    if (first === undefined) return { kind: 'value', value: { valueType: 'numeric' }, notes }
    if (present.length > 1) notes.push(`line ${where.line ?? '?'}: OBX-5 repeats a numeric value; only the first is used`)
    const value = valueType === 'NM' ? readNumeric(freeText(msg, first), where) : readStructuredNumeric(components(msg, first), where)
    return { kind: 'value', value, notes }
  }
  if (CODED.has(valueType)) {
    if (first === undefined) return { kind: 'value', value: { valueType: 'coded' }, notes }
    const coded = readCodedElement(components(msg, first))
    if (coded === undefined) return { kind: 'value', value: { valueType: 'coded' }, notes }
    if (present.length > 1) notes.push(`line ${where.line ?? '?'}: OBX-5 repeats a coded value; the first is the coded value, all are in the text`)
    const texts = present.map((r) => {
      const c = readCodedElement(components(msg, r))
      return c?.concept.display ?? c?.concept.code ?? ''
    })
    const value: ValuePart = { valueType: 'coded', valueText: texts.filter((t) => t !== '').join('; ') }
    if (coded.concept.code !== '') value.valueCode = coded.concept
    else value.valueType = 'text'
    return { kind: 'value', value, notes }
  }
  if (valueType === 'ED') {
    // A reference to data sent elsewhere, or data that cannot be decoded, is a row without a value, not a reason
    // to lose the message: the row is kept and the parse log says why it holds no data.
    const without = (why: string): ObxValue => ({
      kind: 'value',
      value: { valueType: 'text' },
      notes: [...notes, `line ${where.line ?? '?'}, OBX-5: ${why}; the row is kept without data`],
    })
    if (first === undefined) return without('encapsulated data (ED) is empty')
    if (present.length > 1) notes.push(`line ${where.line ?? '?'}: OBX-5 repeats encapsulated data; only the first is used`)
    try {
      const result = readEncapsulated(msg, first, code, where)
      result.notes.unshift(...notes)
      return result
    } catch (e) {
      if (!(e instanceof ParseError)) throw e
      return without(e.message.replace(/^OBX-5 /, ''))
    }
  }
  // ST, TX, FT and the remaining types: repetitions are lines of one text.
  if (first === undefined) return { kind: 'value', value: { valueType: 'text' }, notes }
  return { kind: 'value', value: { valueType: 'text', valueText: present.map((r) => freeText(msg, r)).join('\n') }, notes }
}
