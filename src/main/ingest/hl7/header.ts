// MSH header reading: strictly from a parsed message, or loosely from damaged text (for charset and ACKs).
import { readDelimitersLeniently, type Hl7Delimiters } from './delimiters'
import { unescapeHl7 } from './escape'
import { fieldText } from './fields'
import type { Hl7Message, Hl7Segment } from './message'

export interface MshSummary {
  sendingApplication: string
  sendingFacility: string
  messageType: string
  triggerEvent: string
  controlId: string
  processingId: string
  version: string
  charset: string
}

export function mshSegment(msg: Hl7Message): Hl7Segment {
  const msh = msg.segments[0]
  // parseHl7Message guarantees the first segment is MSH; this guards hand-built messages.
  if (msh === undefined || msh.id !== 'MSH') throw new Error('HL7 message has no MSH segment')
  return msh
}

export function summariseMsh(msg: Hl7Message): MshSummary {
  const msh = mshSegment(msg)
  const t = (n: number, c = 1) => fieldText(msg, msh, n, c).trim()
  return {
    sendingApplication: t(3),
    // HD: namespace id, else the universal id (an OID) when that is all the sender gives.
    sendingFacility: t(4) || t(4, 2),
    messageType: t(9).toUpperCase(),
    triggerEvent: t(9, 2).toUpperCase(),
    controlId: t(10),
    processingId: t(11),
    version: t(12),
    charset: t(18),
  }
}

/** The MSH of text that may not parse: escaped fields numbered as in HL7 (fields[10] is MSH-10). */
export interface LooseMsh {
  fields: string[]
  delimiters: Hl7Delimiters
}

/** Finds the first "MSH" followed by a plausible separator and splits that line; undefined when there is none. */
export function readMshLoosely(text: string): LooseMsh | undefined {
  let from = 0
  for (;;) {
    const at = text.indexOf('MSH', from)
    if (at < 0) return undefined
    const sep = text[at + 3]
    if (sep !== undefined && sep !== '\r' && sep !== '\n' && !/[A-Za-z0-9\s]/.test(sep)) {
      const lineEnd = text.slice(at).search(/[\r\n]/)
      const line = lineEnd < 0 ? text.slice(at) : text.slice(at, at + lineEnd)
      const parts = line.split(sep)
      const delimiters = readDelimitersLeniently(sep, parts[1] ?? '')
      return { fields: ['MSH', sep, ...parts.slice(1)], delimiters }
    }
    from = at + 3
  }
}

/** Unescaped component c of the first repetition of a loosely read MSH field. */
export function looseFieldText(msh: LooseMsh, n: number, c = 1): string {
  const raw = msh.fields[n] ?? ''
  if (n <= 2) return raw
  const d = msh.delimiters
  const rep = d.repetition === '' ? raw : (raw.split(d.repetition)[0] ?? '')
  const comp = d.component === '' ? rep : (rep.split(d.component)[c - 1] ?? '')
  const sub = d.subcomponent === '' ? comp : (comp.split(d.subcomponent)[0] ?? '')
  return unescapeHl7(sub, d)
}
