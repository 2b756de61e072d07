// Turns one FHIR Observation (with its components) into normalised ParsedObservations.
import { ParseError, type ObservationStatus, type ParsedObservation } from '../../../shared/domain/report'
import { conceptText, observationStatus, toCodedConcept } from './codes'
import type { FhirObservation, FhirObservationComponent } from './fhirSchemas'
import { fieldPath } from './resourceIndex'

const UCUM = 'http://unitsofmeasure.org'

type ValueFields = Omit<FhirObservationComponent, 'code'>
type ValuePart = Pick<
  ParsedObservation,
  'valueType' | 'valueNum' | 'comparator' | 'valueText' | 'valueCode' | 'unit' | 'refLow' | 'refHigh' | 'refText' | 'deviceFlag'
>

/** Where the value went missing or was skipped, for the parse log. */
type Note = (message: string) => void

function valuePart(fields: ValueFields, label: string, note: Note): ValuePart {
  const part: ValuePart = { valueType: 'text' }
  const q = fields.valueQuantity
  if (q) {
    part.valueType = 'numeric'
    if (q.value !== undefined) part.valueNum = q.value
    if (q.comparator !== undefined) part.comparator = q.comparator
    // Keep the UCUM code when the quantity says it is UCUM: `unit` is only a display string.
    const unit = q.system === UCUM && q.code ? q.code : (q.unit ?? q.code)
    if (unit !== undefined) part.unit = unit
    if (q.value === undefined) note(`${label}: valueQuantity has no number`)
  } else if (fields.valueInteger !== undefined) {
    part.valueType = 'numeric'
    part.valueNum = fields.valueInteger
  } else if (fields.valueString !== undefined) {
    part.valueText = fields.valueString
  } else if (fields.valueCodeableConcept) {
    part.valueType = 'coded'
    const code = toCodedConcept(fields.valueCodeableConcept)
    if (code) part.valueCode = code
    const text = conceptText(fields.valueCodeableConcept)
    if (text !== undefined) part.valueText = text
  } else if (fields.valueBoolean !== undefined) {
    part.valueText = String(fields.valueBoolean)
  } else if (fields.valueDateTime !== undefined || fields.valueTime !== undefined) {
    part.valueText = fields.valueDateTime ?? fields.valueTime
  } else if (fields.valueSampledData) {
    // Waveforms are signal patterns: out of scope by design (see DOMAIN.md, safety framing).
    note(`${label}: sampled waveform data not imported`)
  } else if (fields.dataAbsentReason) {
    const reason = conceptText(fields.dataAbsentReason) ?? 'unknown reason'
    part.valueText = `No value (data absent: ${reason})`
  }

  const flag = fields.interpretation?.[0]
  if (flag) {
    const code = flag.coding?.find((c) => c.code)?.code ?? flag.text
    if (code !== undefined) part.deviceFlag = code
  }

  const ranges = fields.referenceRange ?? []
  const range = ranges[0]
  if (range) {
    if (range.low?.value !== undefined) part.refLow = range.low.value
    if (range.high?.value !== undefined) part.refHigh = range.high.value
    if (range.text !== undefined) part.refText = range.text
    if (ranges.length > 1) note(`${label}: ${ranges.length} reference ranges sent; the first is kept`)
  }
  return part
}

function hasValue(fields: ValueFields): boolean {
  return (
    fields.valueQuantity !== undefined ||
    fields.valueInteger !== undefined ||
    fields.valueString !== undefined ||
    fields.valueCodeableConcept !== undefined ||
    fields.valueBoolean !== undefined ||
    fields.valueDateTime !== undefined ||
    fields.valueTime !== undefined ||
    fields.dataAbsentReason !== undefined
  )
}

export function observationTime(obs: FhirObservation): string | undefined {
  return obs.effectiveDateTime ?? obs.effectiveInstant ?? obs.effectivePeriod?.start
}

/**
 * One ParsedObservation per value: the Observation's own value (if any) and one per component,
 * all sharing `subId` so a blood-pressure panel stays grouped. A grouping Observation without a
 * value (a panel with hasMember) yields nothing itself: its members are imported separately.
 */
export function toParsedObservations(
  obs: FhirObservation,
  path: string,
  subId: string | undefined,
  note: Note,
): ParsedObservation[] {
  const code = toCodedConcept(obs.code)
  if (!code) throw new ParseError('Observation code has no coding and no text', { segment: 'Observation', field: fieldPath(path, ['code']) })
  const status: ObservationStatus = observationStatus(obs.status)
  if (obs.status === 'unknown') note(`${code.code}: status 'unknown' treated as preliminary`)
  const observedAt = observationTime(obs)
  const common = { status, ...(observedAt !== undefined ? { observedAt } : {}), ...(subId !== undefined ? { subId } : {}) }

  const out: ParsedObservation[] = []
  const components = obs.component ?? []
  const isGroupOnly = !hasValue(obs) && (components.length > 0 || (obs.hasMember?.length ?? 0) > 0)
  if (!isGroupOnly) {
    if (!hasValue(obs) && obs.valueSampledData === undefined && status !== 'cancelled' && status !== 'entered-in-error') {
      note(`${code.code}: Observation has no value`)
    }
    out.push({ code, ...valuePart(obs, code.code, note), ...common })
  }
  components.forEach((component, i) => {
    const componentCode = toCodedConcept(component.code)
    if (!componentCode) {
      throw new ParseError('Observation component code has no coding and no text', {
        segment: 'Observation',
        field: fieldPath(path, ['component', i, 'code']),
      })
    }
    out.push({ code: componentCode, ...valuePart(component, componentCode.code, note), ...common })
  })
  return out
}
