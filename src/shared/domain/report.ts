// The normalised device-report model every parser produces and the store persists.
// Runtime-neutral: no Node, no DOM, no Electron.
import { boundMessage, shortValue } from './excerpt'

export const REPORT_KINDS = ['ecg', 'cgm', 'blood_pressure', 'lab', 'oximetry', 'spirometry', 'other'] as const
export type ReportKind = (typeof REPORT_KINDS)[number]

export const REPORT_STATUSES = ['preliminary', 'final', 'corrected', 'cancelled'] as const
export type ReportStatus = (typeof REPORT_STATUSES)[number]

export const SOURCE_FORMATS = [
  'hl7v2',
  'fhir',
  'ecg-philips',
  'ecg-muse',
  'ecg-aecg',
  'cgm-dexcom',
  'cgm-libreview',
  'bp-csv',
  'astm',
  'pdf',
  'text',
] as const
export type SourceFormat = (typeof SOURCE_FORMATS)[number]

export const OBSERVATION_STATUSES = [
  'final',
  'preliminary',
  'corrected',
  'cancelled',
  'pending',
  'entered-in-error',
] as const
export type ObservationStatus = (typeof OBSERVATION_STATUSES)[number]

/** Where in the input something broke. Every parse error carries as much of this as is known. */
export interface SourceLocation {
  /** 1-based line (or segment/record index for segment formats). */
  line?: number
  /** HL7 segment id, ASTM record type, XML element or CSV column name. */
  segment?: string
  /** 1-based field number within the segment/record, or a field name. */
  field?: number | string
  /** 1-based column within the line (JSON, XML, CSV). */
  column?: number
  /** 1-based byte offset, when the format has no lines (MLLP frames). */
  offset?: number
}

export class ParseError extends Error {
  readonly location: SourceLocation
  constructor(message: string, location: SourceLocation = {}) {
    // Every parser's error ends up here: a value quoted from the input (megabytes, in a fuzzed file) is cut to an
    // excerpt so results, logs and the quarantine list stay readable; the full bytes stay in the quarantined file.
    super(boundMessage(message))
    this.name = 'ParseError'
    this.location = boundLocation(location)
  }
  /** "line 3, segment OBX, field 5: value is not a number" */
  describe(): string {
    const where = describeLocation(this.location)
    return where ? `${where}: ${this.message}` : this.message
  }
}

/** Segment and field names can come from the input (an XML element, a record type): they are cut like values. */
function boundLocation(location: SourceLocation): SourceLocation {
  const out = { ...location }
  if (out.segment !== undefined) out.segment = shortValue(out.segment)
  if (typeof out.field === 'string') out.field = shortValue(out.field, 120)
  return out
}

/** "line 3, segment OBX, field 5", or null when nothing is known. */
export function describeLocation(location: SourceLocation): string | null {
  const where: string[] = []
  if (location.line !== undefined) where.push(`line ${location.line}`)
  if (location.segment !== undefined) where.push(`segment ${location.segment}`)
  if (location.field !== undefined) where.push(`field ${location.field}`)
  if (location.column !== undefined) where.push(`column ${location.column}`)
  if (location.offset !== undefined) where.push(`offset ${location.offset}`)
  return where.length ? where.join(', ') : null
}

export interface PatientIdentifier {
  /** Assigning authority (HL7 PID-3.4, FHIR identifier.system, or a format-specific label). */
  authority: string
  id: string
}

export interface ParsedPatient {
  identifiers: PatientIdentifier[]
  familyName?: string
  givenName?: string
  /** ISO date YYYY-MM-DD (or YYYY-MM / YYYY when that is all the source gives). */
  birthDate?: string
  sex?: 'male' | 'female' | 'other' | 'unknown'
}

export interface ParsedDevice {
  manufacturer?: string
  model?: string
  serial?: string
}

export interface CodedConcept {
  /** 'LOINC', 'MDC', 'SNOMED', 'LOCAL' or the source's own system label. */
  system: string
  code: string
  display?: string
}

export interface ParsedObservation {
  code: CodedConcept
  valueType: 'numeric' | 'text' | 'coded'
  /** Numeric value as sent (before unit conversion). */
  valueNum?: number
  /** For SN values like "<0.5" or ">400", and CGM "Low"/"High". */
  comparator?: '<' | '>' | '<=' | '>='
  valueText?: string
  valueCode?: CodedConcept
  /** Unit exactly as the source wrote it. */
  unit?: string
  /** Reference range as sent by the device, if any. */
  refLow?: number
  refHigh?: number
  refText?: string
  /** The device's own abnormal flag (HL7 OBX-8 / FHIR interpretation code), as sent. */
  deviceFlag?: string
  status: ObservationStatus
  /** ISO 8601 timestamp; with offset when the source had one, else local time without offset. */
  observedAt?: string
  /** OBX-4 style grouping; FHIR component parent; CGM reading index. */
  subId?: string
}

export interface ParsedStatement {
  kind: 'machine' | 'note' | 'conclusion'
  text: string
}

export interface ParsedAttachment {
  mediaType: string
  description?: string
  data: Uint8Array
  /** Text extracted from the attachment (PDF), filled by the import pipeline. */
  text?: string
}

/** One report as it came out of a parser: not yet normalised (units), not yet stored. */
export interface ParsedReport {
  kind: ReportKind
  sourceFormat: SourceFormat
  patient: ParsedPatient
  device?: ParsedDevice
  title?: string
  orderedAt?: string
  observedAt?: string
  status: ReportStatus
  observations: ParsedObservation[]
  statements: ParsedStatement[]
  attachments: ParsedAttachment[]
  /** Human-readable notes on assumptions the parser made (date format inferred, words mapped, ...). */
  parseLog: string[]
  /**
   * Identity of the message at its source, for duplicate detection beyond byte equality
   * (e.g. HL7 "hl7:<sending facility>|<MSH-10>"). Absent when the format has none.
   */
  sourceKey?: string
  /** True when the message carries corrections (HL7 OBX-11 C, FHIR corrected/amended). */
  hasCorrections: boolean
  /** HL7 control id etc., echoed in acknowledgements. */
  controlId?: string
  /** Summary metrics the parser computed (CGM AGP metrics, BP averages), by name. */
  metrics?: Record<string, number>
}

/** One unit of a file: a message, a bundle, a document. Several per file for HL7 and ASTM. */
export type ParsedUnit =
  | {
      ok: true
      report: ParsedReport
      raw: Uint8Array
      index: number
      /**
       * Position of this report among those drawn from the same raw bytes (one ASTM message with several patients).
       * Stored copies are told apart by (sha256 of raw, part); absent, the pipeline derives it.
       */
      part?: number
    }
  | { ok: false; error: ParseError; raw: Uint8Array; index: number }
