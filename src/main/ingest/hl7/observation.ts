// One OBX segment → an observation, an attachment (ED) or a machine statement, with its status and device serial.
import { quoteValue } from '../../../shared/domain/excerpt'
import {
  ParseError,
  type ObservationStatus,
  type ParsedAttachment,
  type ParsedObservation,
  type ParsedStatement,
} from '../../../shared/domain/report'
import { readCodedElement, type CodedReading } from './codes'
import { components, fieldText, freeText, repetitions } from './fields'
import type { Hl7Message, Hl7Segment } from './message'
import { isKnownValueType, isUninterpretedValueType, readObxValue } from './observationValue'
import { parseReferenceRange } from './referenceRange'
import { observationStatusFromObx11 } from './status'
import { hl7TimestampToIso } from './timestamp'

/** What the enclosing OBR contributes to its OBX rows. */
export interface ObservationGroup {
  observedAt?: string
  status?: ObservationStatus
}

export interface ObxReading {
  observation?: ParsedObservation
  attachment?: ParsedAttachment
  statement?: ParsedStatement
  /** OBX-11 as sent, so the report can tell whether the message carries corrections. */
  rawStatus: string
  deviceSerial?: string
  /** The observation identifier (also for attachments and statements), for report-kind detection. */
  code: CodedReading
  notes: string[]
}

// Device interpretation text ("Sinus rhythm", "Normal ECG") is a statement by the machine,
// not a measurement; it is shown as such, with its source.
const INTERPRETATION_LOINC = new Set(['8601-7', '18844-1'])

function isMachineStatement(reading: CodedReading): boolean {
  const c = reading.concept
  if (c.system === 'LOINC' && INTERPRETATION_LOINC.has(c.code)) return true
  const text = `${c.code} ${c.display ?? ''}`.toUpperCase()
  return text.includes('MDC_ECG_INTERPRETATION') || text.includes('MDC_ECG_STATEMENT')
}

/** OBX-6 is "as sent": component 1, except for IEEE 11073 units whose component 1 is a numeric code. */
function readUnit(msg: Hl7Message, seg: Hl7Segment): string | undefined {
  const first = repetitions(msg, seg, 6)[0]
  if (first === undefined) return undefined
  const [id = '', text = '', system = ''] = components(msg, first).map((c) => c.trim())
  const unit = system.toUpperCase() === 'MDC' || /^\d+$/.test(id) ? text || id : id || text
  return unit === '' ? undefined : unit
}

export function readObx(msg: Hl7Message, seg: Hl7Segment, group: ObservationGroup): ObxReading {
  const at = (field: number) => ({ line: seg.line, segment: 'OBX', field })
  const notes: string[] = []
  const codeRep = repetitions(msg, seg, 3)[0]
  const code = codeRep === undefined ? undefined : readCodedElement(components(msg, codeRep))
  if (code === undefined) throw new ParseError('OBX-3 observation identifier is empty', at(3))
  if (code.localSystemLabel !== undefined) notes.push(`OBX-3 coding system '${code.localSystemLabel}' read as LOCAL`)
  if (code.usedAlternate) notes.push(`line ${seg.line}: OBX-3 local code replaced by its standard alternate code`)

  let valueType = fieldText(msg, seg, 2).trim().toUpperCase()
  const valueReps = repetitions(msg, seg, 5)
  if (valueType === '' && valueReps.some((r) => r !== '')) {
    notes.push(`line ${seg.line}: OBX-2 value type is empty; OBX-5 read as text`)
    valueType = 'ST'
  }
  if (valueType !== '' && !isKnownValueType(valueType)) {
    // One odd row must not cost the message its other results: the value is kept as the text sent.
    notes.push(`line ${seg.line}: OBX-2 value type ${quoteValue(valueType)} is not an HL7 data type; OBX-5 kept as text`)
    valueType = 'ST'
  } else if (isUninterpretedValueType(valueType) && valueReps.some((r) => r !== '' && r !== '""')) {
    notes.push(`line ${seg.line}: OBX-2 value type ${valueType} is not interpreted; OBX-5 kept as the text sent`)
  }

  const rawStatus = fieldText(msg, seg, 11).trim().toUpperCase()
  let status = observationStatusFromObx11(rawStatus)
  if (status === undefined) {
    status = group.status ?? 'preliminary'
    notes.push(
      rawStatus === ''
        ? `line ${seg.line}: OBX-11 result status is empty; ${group.status ? 'taken from OBR-25' : 'treated as preliminary'}`
        : `line ${seg.line}: OBX-11 result status is not a known code; ${group.status ? 'taken from OBR-25' : 'treated as preliminary'}`,
    )
  }

  const serial = fieldText(msg, seg, 18).trim()
  const base: Omit<ObxReading, 'notes'> = serial === '' ? { rawStatus, code } : { rawStatus, code, deviceSerial: serial }
  const value = readObxValue(msg, valueType, valueReps, code.concept, at(5))
  notes.push(...value.notes)
  if (value.kind === 'attachment') return { ...base, attachment: value.attachment, notes }

  if (isMachineStatement(code) && value.value.valueText !== undefined && value.value.valueText.trim() !== '') {
    return { ...base, statement: { kind: 'machine', text: value.value.valueText }, notes }
  }

  const observation: ParsedObservation = { code: code.concept, ...value.value, status }
  const unit = readUnit(msg, seg)
  if (unit !== undefined) observation.unit = unit
  // OBX-7 is plain text; "M 3.5-5.1 & F 3.0-4.5" must not be cut at an unescaped '&'.
  const rangeRep = repetitions(msg, seg, 7)[0]
  const range = parseReferenceRange(rangeRep === undefined ? '' : freeText(msg, rangeRep))
  Object.assign(observation, range)
  const flags = repetitions(msg, seg, 8)
    .map((r) => components(msg, r)[0]?.trim() ?? '')
    .filter((f) => f !== '')
  if (flags.length > 0) observation.deviceFlag = flags.join(',')
  const subId = fieldText(msg, seg, 4).trim()
  if (subId !== '') observation.subId = subId

  const obx14 = fieldText(msg, seg, 14).trim()
  if (obx14 !== '') {
    const ts = hl7TimestampToIso(obx14)
    if (ts.ok) observation.observedAt = ts.iso
    else notes.push(`line ${seg.line}: OBX-14 ${ts.reason}; observation time left empty`)
  } else if (group.observedAt !== undefined) {
    observation.observedAt = group.observedAt
  }
  return { ...base, observation, notes }
}
