// OBX rows without an observation identifier (empty OBX-3): the lines of a narrative result (an echo report, a
// comment block between results). They cannot be observations (no code), so they become the report's text.
import type { ObservationStatus, ParsedAttachment } from '../../../shared/domain/report'
import { readCodedElement } from './codes'
import { components, fieldText, freeText, repetitions } from './fields'
import type { Hl7Message, Hl7Segment } from './message'
import { readObxValue } from './observationValue'
import { observationStatusFromObx11 } from './status'

export interface NarrativeLine {
  /** The line's text ('' for a blank line, which keeps the paragraph breaks of the narrative). */
  text: string
  /** Encapsulated data (ED) sent without an identifier is still the document it carries. */
  attachment?: ParsedAttachment
  /** OBX-11, when it is a known code: a preliminary narrative makes the report preliminary. */
  status?: ObservationStatus
  notes: string[]
}

const CODED = new Set(['CE', 'CWE', 'CNE', 'CF'])
const NUMERIC = new Set(['NM', 'SN'])

/** True when OBX-3 holds no code and no text in either triplet: the row names no observation. */
export function isUnidentifiedObx(msg: Hl7Message, seg: Hl7Segment): boolean {
  const first = repetitions(msg, seg, 3)[0]
  return first === undefined || readCodedElement(components(msg, first)) === undefined
}

function valueText(msg: Hl7Message, valueType: string, reps: readonly string[]): string {
  if (CODED.has(valueType)) {
    return reps
      .map((r) => {
        const coded = readCodedElement(components(msg, r))
        return coded?.concept.display ?? coded?.concept.code ?? ''
      })
      .filter((t) => t !== '')
      .join('; ')
  }
  // SN is "comparator^number^separator^number": its components read left to right are the value as shown.
  if (valueType === 'SN') return reps.map((r) => components(msg, r).join('')).join('\n')
  return reps.map((r) => freeText(msg, r)).join('\n')
}

/** Reads one OBX with an empty OBX-3 as a line of report text; never throws for bad input. */
export function readNarrativeObx(msg: Hl7Message, seg: Hl7Segment): NarrativeLine {
  const where = `line ${seg.line}`
  const valueType = fieldText(msg, seg, 2).trim().toUpperCase()
  const reps = repetitions(msg, seg, 5).filter((r) => r !== '' && r !== '""')
  const rawStatus = fieldText(msg, seg, 11).trim().toUpperCase()
  const status = observationStatusFromObx11(rawStatus)
  const common = status === undefined ? {} : { status }

  if (reps.length === 0) {
    return { text: '', ...common, notes: [`${where}: OBX-3 and OBX-5 are empty; kept as a blank line of the report text`] }
  }
  if (valueType === 'ED') {
    const value = readObxValue(msg, valueType, reps, { system: 'LOCAL', code: '' }, { line: seg.line, segment: 'OBX', field: 5 })
    if (value.kind === 'attachment') {
      const notes = [`${where}: OBX-3 is empty; the encapsulated data in OBX-5 is kept as an attachment`, ...value.notes]
      return { text: '', attachment: value.attachment, ...common, notes }
    }
    return { text: '', ...common, notes: [`${where}: OBX-3 is empty and OBX-5 holds no usable data; nothing kept`, ...value.notes] }
  }
  let text = valueText(msg, valueType, reps)
  const unit = repetitions(msg, seg, 6)[0]
  if (NUMERIC.has(valueType) && unit !== undefined) {
    const unitText = components(msg, unit).find((c) => c.trim() !== '')?.trim()
    if (unitText !== undefined) text = `${text} ${unitText}`
  }
  const kind = NUMERIC.has(valueType) ? 'a value without an identifier' : 'OBX-5'
  return { text, ...common, notes: [`${where}: OBX-3 is empty; ${kind} kept as report text`] }
}
