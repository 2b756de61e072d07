// Reading HL7 v2 field values: repetitions, components and subcomponents, unescaped on the way out.
import type { Hl7Message, Hl7Segment } from './message'
import { unescapeHl7 } from './escape'

function splitBy(text: string, sep: string): string[] {
  return sep === '' ? [text] : text.split(sep)
}

/** splitBy(text, sep)[k] ?? '', without building the array (field reads are the parser's hot path). */
function nth(text: string, sep: string, k: number): string {
  if (sep === '') return k === 0 ? text : ''
  let start = 0
  for (let i = 0; i < k; i++) {
    const at = text.indexOf(sep, start)
    if (at < 0) return ''
    start = at + sep.length
  }
  const end = text.indexOf(sep, start)
  return end < 0 ? text.slice(start) : text.slice(start, end)
}

/** The escaped text of field n ('' when absent). */
export function fieldRaw(seg: Hl7Segment, n: number): string {
  return seg.fields[n] ?? ''
}

/** Escaped repetitions of field n; [] for an empty field. */
export function repetitions(msg: Hl7Message, seg: Hl7Segment, n: number): string[] {
  const raw = fieldRaw(seg, n)
  if (raw === '') return []
  // MSH-1 and MSH-2 hold the delimiters themselves and must not be split by them.
  if (seg.id === 'MSH' && n <= 2) return [raw]
  return splitBy(raw, msg.delimiters.repetition)
}

/** Decodes escapes; the HL7 explicit null `""` reads as empty, since it only means "delete". */
export function decode(msg: Hl7Message, escaped: string): string {
  if (escaped === '""') return ''
  return unescapeHl7(escaped, msg.delimiters, msg.decodeBytes)
}

/** Unescaped components of one repetition; each component's subcomponents are left joined. */
export function components(msg: Hl7Message, repetition: string): string[] {
  return splitBy(repetition, msg.delimiters.component).map((c) => decode(msg, c))
}

/** Unescaped subcomponent s (1-based) of component c (1-based) of one repetition. */
export function part(msg: Hl7Message, repetition: string, c = 1, s = 1): string {
  const comp = nth(repetition, msg.delimiters.component, c - 1)
  return decode(msg, nth(comp, msg.delimiters.subcomponent, s - 1))
}

/** Unescaped subcomponent of the first repetition of field n: the common case for single-valued fields. */
export function fieldText(msg: Hl7Message, seg: Hl7Segment, n: number, c = 1, s = 1): string {
  const raw = fieldRaw(seg, n)
  if (raw === '') return ''
  // As repetitions(...)[0]: MSH-1 and MSH-2 are never split by the repetition separator.
  const first = seg.id === 'MSH' && n <= 2 ? raw : nth(raw, msg.delimiters.repetition, 0)
  return part(msg, first, c, s)
}

/**
 * Free text (ST, TX, FT, NTE-3) is unescaped whole: senders often leave `^` or `&` unescaped in
 * prose, and splitting on them would silently drop the rest of the sentence.
 */
export function freeText(msg: Hl7Message, repetition: string): string {
  return decode(msg, repetition)
}
