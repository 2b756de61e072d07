// ASTM E1394 records: delimiters declared in the H record, fields/repeats/components, escape sequences.
import { ParseError, type SourceLocation } from '../../../shared/domain/report'
import { isDelimiterChar, type Hl7Delimiters } from '../hl7/delimiters'
import { latin1Bytes, unescapeHl7 } from '../hl7/escape'

/** One record's text with where it came from, before field splitting. */
export interface AstmRecordText {
  text: string
  /** Span of the record in the source (bytes, or code units for text input), for unit raw slices. */
  start: number
  end: number
  location: SourceLocation
  /** A transport-level problem (bad checksum, truncated frame) that makes this record untrustworthy. */
  error?: ParseError
}

export interface AstmDelimiters {
  field: string
  repeat: string
  component: string
  escape: string
}

/** H|\^& : the four characters after "H" are the field, repeat, component and escape delimiters. */
export function readAstmDelimiters(header: AstmRecordText): AstmDelimiters {
  const [, field, repeat, component, escape] = header.text
  const chars = [field, repeat, component, escape]
  if (!chars.every(isDelimiterChar) || new Set(chars).size !== 4) {
    throw new ParseError('H record does not declare four distinct delimiters (expected e.g. H|\\^&)', {
      ...header.location,
      segment: 'H',
      field: 2,
    })
  }
  return { field: field ?? '|', repeat: repeat ?? '\\', component: component ?? '^', escape: escape ?? '&' }
}

/** Fields are numbered as in the standard: field 1 is the record type, so R.4 (the value) is field(4). */
export interface AstmRecord {
  type: string
  location: SourceLocation
  fields: string[]
}

export function splitRecord(rec: AstmRecordText, d: AstmDelimiters): AstmRecord {
  const fields = rec.text.split(d.field)
  return { type: fields[0] ?? '', location: rec.location, fields }
}

// ASTM escapes (&F& &S& &R& &E& &Xhh&) are the HL7 ones with other letters' meaning unchanged.
function asHl7(d: AstmDelimiters): Hl7Delimiters {
  return { field: d.field, component: d.component, repetition: d.repeat, escape: d.escape, subcomponent: '', truncation: '' }
}

export function astmUnescape(text: string, d: AstmDelimiters): string {
  return unescapeHl7(text, asHl7(d), latin1Bytes)
}

/** Escaped text of field n (1-based, record type = 1). */
export function astmFieldRaw(rec: AstmRecord, n: number): string {
  return rec.fields[n - 1] ?? ''
}

export function astmRepeats(rec: AstmRecord, n: number, d: AstmDelimiters): string[] {
  const raw = astmFieldRaw(rec, n)
  return raw === '' ? [] : raw.split(d.repeat)
}

/** Unescaped components of one repeat. */
export function astmComponents(repeat: string, d: AstmDelimiters): string[] {
  return repeat.split(d.component).map((c) => astmUnescape(c, d))
}

/** Unescaped component c (1-based) of the first repeat of field n. */
export function astmText(rec: AstmRecord, n: number, d: AstmDelimiters, c = 1): string {
  const first = astmRepeats(rec, n, d)[0]
  return first === undefined ? '' : (astmComponents(first, d)[c - 1] ?? '')
}
