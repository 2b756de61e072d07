// An ORU^R01 message → ParsedReport: patient, OBR groups, OBX rows, NTE notes, status and identity.
import { shortValue } from '../../../shared/domain/excerpt'
import {
  ParseError,
  type CodedConcept,
  type ObservationStatus,
  type ParsedDevice,
  type ParsedReport,
  type ReportStatus,
} from '../../../shared/domain/report'
import { readCodedElement } from './codes'
import { components, fieldText, freeText, repetitions } from './fields'
import { mshSegment, summariseMsh } from './header'
import type { Hl7Message, Hl7Segment } from './message'
import { isUnidentifiedObx, readNarrativeObx } from './narrativeObx'
import { readObx, type ObservationGroup } from './observation'
import { readPatient } from './patient'
import { guessReportKind, narrativeReportKind } from './reportKind'
import { observationStatusFromObr25 } from './status'
import { hl7TimestampToIso } from './timestamp'

const SUPPORTED_VERSION = /^2\.(?:3|4|5|6|7|8)(?:\.\d+)?$/

function timestamp(msg: Hl7Message, seg: Hl7Segment, field: number, notes: string[]): string | undefined {
  const raw = fieldText(msg, seg, field).trim()
  if (raw === '') return undefined
  const ts = hl7TimestampToIso(raw)
  if (ts.ok) return ts.iso
  notes.push(`line ${seg.line}: ${seg.id}-${field} ${ts.reason}; left empty`)
  return undefined
}

function reportStatus(observationStatuses: ObservationStatus[], orderStatuses: ObservationStatus[], hasCorrections: boolean): ReportStatus {
  if (hasCorrections) return 'corrected'
  const all = [...observationStatuses, ...orderStatuses]
  // Anything not yet final makes the whole report preliminary: showing it as final is the hazard.
  if (all.some((s) => s === 'preliminary' || s === 'pending')) return 'preliminary'
  const cancelled = (s: ObservationStatus) => s === 'cancelled' || s === 'entered-in-error'
  if (orderStatuses.length > 0 && orderStatuses.every(cancelled)) return 'cancelled'
  if (orderStatuses.length === 0 && observationStatuses.length > 0 && observationStatuses.every(cancelled)) return 'cancelled'
  return 'final'
}

/** Maps a parsed message to a report. Throws a located ParseError for a message that is not a usable ORU^R01. */
export function oruToReport(msg: Hl7Message): ParsedReport {
  const msh = mshSegment(msg)
  const header = summariseMsh(msg)
  const notes: string[] = []
  if (header.messageType !== 'ORU' || (header.triggerEvent !== 'R01' && header.triggerEvent !== '')) {
    const type = header.triggerEvent === '' ? header.messageType : `${header.messageType}^${header.triggerEvent}`
    throw new ParseError(`message type ${type ? shortValue(type) : '(empty)'} is not ORU^R01`, { line: msh.line, segment: 'MSH', field: 9 })
  }
  if (header.triggerEvent === '') notes.push(`line ${msh.line}: MSH-9 has no trigger event; read as ORU^R01`)
  if (!SUPPORTED_VERSION.test(header.version)) {
    notes.push(`MSH-12 version '${header.version}' is outside 2.3–2.8; parsed as a 2.x ORU^R01`)
  }

  const report: ParsedReport = {
    kind: 'lab',
    sourceFormat: 'hl7v2',
    patient: { identifiers: [] },
    status: 'final',
    observations: [],
    statements: [],
    attachments: [],
    parseLog: notes,
    hasCorrections: false,
  }
  const codes: CodedConcept[] = []
  const titles: string[] = []
  const observationStatuses: ObservationStatus[] = []
  const orderStatuses: ObservationStatus[] = []
  const serials = new Set<string>()
  let pidSeen: Hl7Segment | undefined
  let group: ObservationGroup | undefined
  let firstObservedAt: string | undefined
  // Consecutive narrative OBX rows (empty OBX-3) form one block of report text, kept in its place among the notes.
  let narrative: string[] = []
  let narrativeLines = 0
  const flushNarrative = () => {
    const text = narrative.join('\n').replace(/^\s*\n/, '').trimEnd()
    if (text.trim() !== '') report.statements.push({ kind: 'note', text })
    narrative = []
  }

  for (const seg of msg.segments) {
    const unidentified = seg.id === 'OBX' && isUnidentifiedObx(msg, seg)
    if (!unidentified) flushNarrative()
    switch (seg.id) {
      case 'PID': {
        if (pidSeen !== undefined) {
          // One report has one patient; merging two would attach results to the wrong person.
          throw new ParseError('a second PID segment: one message with several patients is not supported', {
            line: seg.line,
            segment: 'PID',
          })
        }
        pidSeen = seg
        report.patient = readPatient(msg, seg, notes)
        break
      }
      case 'OBR': {
        const panelRep = repetitions(msg, seg, 4)[0]
        const panel = panelRep === undefined ? undefined : readCodedElement(components(msg, panelRep))
        if (panel !== undefined) {
          codes.push(panel.concept)
          const title = panel.concept.display ?? panel.concept.code
          if (title !== '' && !titles.includes(title)) titles.push(title)
        }
        const observedAt = timestamp(msg, seg, 7, notes)
        const orderedAt = timestamp(msg, seg, 6, notes)
        if (report.observedAt === undefined && observedAt !== undefined) report.observedAt = observedAt
        if (report.orderedAt === undefined && orderedAt !== undefined) report.orderedAt = orderedAt
        const rawStatus = fieldText(msg, seg, 25).trim().toUpperCase()
        const status = observationStatusFromObr25(rawStatus)
        if (rawStatus === 'C') report.hasCorrections = true
        if (status !== undefined) orderStatuses.push(status)
        else if (rawStatus !== '') notes.push(`line ${seg.line}: OBR-25 result status is not a known code`)
        group = {}
        if (observedAt !== undefined) group.observedAt = observedAt
        if (status !== undefined) group.status = status
        break
      }
      case 'OBX': {
        if (group === undefined) {
          notes.push(`line ${seg.line}: OBX before any OBR; read without an order`)
          group = {}
        }
        if (unidentified) {
          const line = readNarrativeObx(msg, seg)
          notes.push(...line.notes)
          if (line.attachment !== undefined) report.attachments.push(line.attachment)
          else narrative.push(line.text)
          if (line.text.trim() !== '') narrativeLines++
          if (line.status !== undefined) observationStatuses.push(line.status)
          break
        }
        const reading = readObx(msg, seg, group)
        for (const note of reading.notes) if (!notes.includes(note)) notes.push(note)
        codes.push(reading.code.concept)
        if (reading.rawStatus === 'C') report.hasCorrections = true
        if (reading.deviceSerial !== undefined) serials.add(reading.deviceSerial)
        if (reading.observation !== undefined) {
          report.observations.push(reading.observation)
          observationStatuses.push(reading.observation.status)
          firstObservedAt ??= reading.observation.observedAt
        }
        if (reading.attachment !== undefined) report.attachments.push(reading.attachment)
        if (reading.statement !== undefined) report.statements.push(reading.statement)
        break
      }
      case 'NTE': {
        const text = repetitions(msg, seg, 3)
          .map((r) => freeText(msg, r))
          .join('\n')
          .trim()
        if (text !== '') report.statements.push({ kind: 'note', text })
        break
      }
      default:
        // MSH, PV1, ORC, SPM, Z-segments: nothing the report model holds.
        break
    }
  }

  flushNarrative()
  const firstObx = msg.segments.find((seg) => seg.id === 'OBX')
  if (firstObx !== undefined && report.observations.length === 0 && report.statements.length === 0 && report.attachments.length === 0) {
    // Every OBX row was empty: quarantined rather than stored as a report with nothing a clinician could read.
    throw new ParseError('nothing to import: no OBX segment holds a result, report text or a readable attachment (OBX-3 and OBX-5 empty)', {
      line: firstObx.line,
      segment: 'OBX',
    })
  }
  if (pidSeen === undefined) notes.push('no PID segment: the report has no patient identity')
  report.kind = narrativeReportKind(guessReportKind(codes), report.observations.length, narrativeLines)
  if (titles.length > 0) report.title = titles.join('; ')
  report.observedAt ??= firstObservedAt
  if (report.observedAt === undefined) delete report.observedAt
  if (serials.size > 0) {
    const device: ParsedDevice = { serial: [...serials][0] ?? '' }
    if (serials.size > 1) notes.push('OBX-18 names more than one device; the first serial is kept')
    report.device = device
  }
  report.status = reportStatus(observationStatuses, orderStatuses, report.hasCorrections)
  if (header.controlId !== '') {
    report.controlId = header.controlId
    report.sourceKey = `hl7:${header.sendingFacility}|${header.controlId}`
  } else {
    notes.push('MSH-10 message control id is empty: no source key for duplicate detection')
  }
  return report
}
