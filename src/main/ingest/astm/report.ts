// One ASTM H…L message (records H, P, O, R, C, L) → one ParsedReport of kind 'lab' per patient (P record).
import { shortValue } from '../../../shared/domain/excerpt'
import {
  ParseError,
  type ObservationStatus,
  type ParsedObservation,
  type ParsedPatient,
  type ParsedReport,
  type PatientIdentifier,
} from '../../../shared/domain/report'
import { parsePlainNumber, parseReferenceRange, type ReferenceRange } from '../hl7/referenceRange'
import { hl7DateToIso, hl7TimestampToIso } from '../hl7/timestamp'
import {
  astmComponents,
  astmRepeats,
  astmText,
  astmUnescape,
  astmFieldRaw,
  readAstmDelimiters,
  splitRecord,
  type AstmDelimiters,
  type AstmRecord,
  type AstmRecordText,
} from './records'

// LIS2-A2 R.9 result status codes.
const RESULT_STATUS: Readonly<Record<string, ObservationStatus>> = {
  F: 'final',
  R: 'final', // previously transmitted
  V: 'final', // operator verified
  C: 'corrected',
  P: 'preliminary',
  S: 'preliminary', // partial
  W: 'preliminary', // validity questionable
  X: 'cancelled', // cannot be done
  I: 'pending', // in instrument, pending
}

const SEX: Readonly<Record<string, ParsedPatient['sex']>> = { M: 'male', F: 'female', U: 'unknown' }

// Record types the report model has nothing for; they are skipped with a note.
const IGNORED = new Set(['M', 'S', 'Q'])

function timestamp(rec: AstmRecord, field: number, d: AstmDelimiters, notes: string[]): string | undefined {
  const raw = astmText(rec, field, d).trim()
  if (raw === '') return undefined
  const ts = hl7TimestampToIso(raw)
  if (ts.ok) return ts.iso
  notes.push(`record ${rec.location.line ?? '?'}: ${rec.type}.${field} ${ts.reason}; left empty`)
  return undefined
}

function readPatient(rec: AstmRecord, d: AstmDelimiters, notes: string[]): ParsedPatient {
  const identifiers: PatientIdentifier[] = []
  // P.3 practice-assigned, P.4 laboratory-assigned, P.5 a third id (often a national number).
  const labels: Array<[number, string]> = [
    [3, 'practice-assigned'],
    [4, 'laboratory-assigned'],
    [5, 'patient-id-3'],
  ]
  for (const [field, authority] of labels) {
    const id = astmText(rec, field, d).trim()
    if (id !== '') identifiers.push({ authority, id })
  }
  const patient: ParsedPatient = { identifiers }
  const family = astmText(rec, 6, d, 1).trim()
  const given = [astmText(rec, 6, d, 2), astmText(rec, 6, d, 3)].map((s) => s.trim()).filter((s) => s !== '').join(' ')
  if (family !== '') patient.familyName = family
  if (given !== '') patient.givenName = given
  const birth = astmText(rec, 8, d).trim()
  if (birth !== '') {
    const date = hl7DateToIso(birth)
    if (date.ok) patient.birthDate = date.iso
    else notes.push(`record ${rec.location.line ?? '?'}: P.8 birth date ${date.reason}; left empty`)
  }
  const sex = astmText(rec, 9, d).trim().toUpperCase()
  if (sex !== '') patient.sex = SEX[sex] ?? 'unknown'
  return patient
}

/** R.6 as "low^high" components or as text ("3.5 to 5.1", "3.5-5.1", "<200"). */
function readRange(rec: AstmRecord, d: AstmDelimiters): ReferenceRange {
  const raw = astmFieldRaw(rec, 6)
  if (raw.trim() === '') return {}
  const text = astmUnescape(raw, d).trim()
  const comps = astmComponents(raw, d).map((c) => c.trim())
  if (comps.length >= 2) {
    const low = parsePlainNumber(comps[0] ?? '')
    const high = parsePlainNumber(comps[1] ?? '')
    const range: ReferenceRange = { refText: text }
    if (low !== undefined) range.refLow = low
    if (high !== undefined) range.refHigh = high
    return range
  }
  return parseReferenceRange(text)
}

const COMPARATOR = /^(<=|>=|<|>)\s*(.+)$/

function readValue(rec: AstmRecord, d: AstmDelimiters): Pick<ParsedObservation, 'valueType' | 'valueNum' | 'comparator' | 'valueText'> {
  // Some analysers send value^interpretation; the measurement is component 1.
  const text = astmText(rec, 4, d, 1).trim()
  if (text === '') return { valueType: 'text' }
  const num = parsePlainNumber(text)
  // The text as sent is kept when it says more than the number: "5.0" reports a precision that 5 does not.
  if (num !== undefined) return { valueType: 'numeric', valueNum: num, ...(text !== String(num) ? { valueText: text } : {}) }
  const m = COMPARATOR.exec(text)
  const bound = m ? parsePlainNumber(m[2] ?? '') : undefined
  if (m && bound !== undefined) return { valueType: 'numeric', valueNum: bound, comparator: m[1] as '<' | '>' | '<=' | '>=', valueText: text }
  return { valueType: 'text', valueText: text }
}

/** R.3 universal test id ^^^local code^…: the manufacturer's code is component 4. */
function readTestCode(rec: AstmRecord, d: AstmDelimiters): { code: string; display?: string } {
  const first = astmRepeats(rec, 3, d)[0]
  const comps = first === undefined ? [] : astmComponents(first, d).map((c) => c.trim())
  const code = comps[3] || comps.find((c) => c !== '') || ''
  if (code === '') throw new ParseError('R.3 universal test id is empty', { ...rec.location, segment: 'R', field: 3 })
  const display = comps[4]
  return display ? { code, display } : { code }
}

function readResult(rec: AstmRecord, d: AstmDelimiters, orderObservedAt: string | undefined, notes: string[]): { observation: ParsedObservation; rawStatus: string; instrument: string } {
  const test = readTestCode(rec, d)
  const rawStatus = astmText(rec, 9, d).trim().toUpperCase()
  let status = RESULT_STATUS[rawStatus]
  if (status === undefined) {
    status = 'preliminary'
    notes.push(`record ${rec.location.line ?? '?'}: R.9 result status ${rawStatus === '' ? 'is empty' : 'is not a known code'}; treated as preliminary`)
  }
  const observation: ParsedObservation = { code: { system: 'LOCAL', ...test }, ...readValue(rec, d), status }
  const unit = astmText(rec, 5, d).trim()
  if (unit !== '') observation.unit = unit
  Object.assign(observation, readRange(rec, d))
  const flags = astmRepeats(rec, 7, d)
    .map((r) => astmUnescape(r, d).trim())
    .filter((f) => f !== '')
  if (flags.length > 0) observation.deviceFlag = flags.join(',')
  const observedAt = timestamp(rec, 13, d, notes) ?? timestamp(rec, 12, d, notes) ?? orderObservedAt
  if (observedAt !== undefined) observation.observedAt = observedAt
  return { observation, rawStatus, instrument: astmText(rec, 14, d).trim() }
}

/** What every report of one message shares: the delimiters and the H record's sender and control id. */
interface MessageHeader {
  d: AstmDelimiters
  sender: string
  controlId: string
}

function readHeader(texts: readonly AstmRecordText[]): MessageHeader {
  const broken = texts.find((t) => t.error !== undefined)
  if (broken?.error !== undefined) throw broken.error
  const headerText = texts[0]
  if (headerText === undefined || !headerText.text.startsWith('H')) {
    throw new ParseError('message does not start with an H record', { ...headerText?.location, segment: headerText?.text.slice(0, 1) || undefined })
  }
  const d = readAstmDelimiters(headerText)
  const header = splitRecord(headerText, d)
  return { d, sender: astmText(header, 5, d).trim(), controlId: astmText(header, 3, d).trim() }
}

/** The same test the record loop applies: the type letter followed by the field delimiter (or nothing). */
function isRecordOf(type: string, text: AstmRecordText, d: AstmDelimiters): boolean {
  return text.text[0] === type && (text.text.length === 1 || text.text[1] === d.field)
}

/**
 * Maps one H…L message to one report per P record; a message with no or one P gives one report, exactly as before
 * several patients were supported. Throws a located ParseError (transport errors included) for a message that cannot
 * be trusted: then no report of it is kept, so no result can end up with the wrong patient.
 */
export function astmMessageToReports(texts: readonly AstmRecordText[]): ParsedReport[] {
  const header = readHeader(texts)
  const body = texts.slice(1)
  const patients = body.filter((t) => isRecordOf('P', t, header.d))
  if (patients.length <= 1) return [readReport(header, body)]
  const numbers = patientNumbers(patients, header.d)
  return splitByPatient(body, header.d).map((records, i) => {
    const report = readReport(header, records)
    const n = numbers.labels[i] ?? String(i + 1)
    // The message's key alone would make the second patient a duplicate of the first.
    if (report.sourceKey !== undefined) report.sourceKey = `${report.sourceKey}|P${n}`
    report.parseLog.unshift(`patient ${i + 1} of ${patients.length} in this message (P${n}); each patient is a report of its own`)
    if (numbers.byPosition) report.parseLog.push('P.2 sequence numbers are missing or repeated; patients are numbered by their position')
    return report
  })
}

/** P.2 sequence numbers when every patient has a distinct one, else positions (1, 2, …) so keys never collide. */
function patientNumbers(patients: readonly AstmRecordText[], d: AstmDelimiters): { labels: string[]; byPosition: boolean } {
  const seqs = patients.map((t) => astmText(splitRecord(t, d), 2, d).trim())
  const usable = seqs.every((s) => /^[0-9]+$/.test(s)) && new Set(seqs).size === seqs.length
  return usable ? { labels: seqs, byPosition: false } : { labels: seqs.map((_, i) => String(i + 1)), byPosition: true }
}

/**
 * Record lists, one per patient: the P and what follows it up to the next P, preceded by the records before the first P
 * (comments apply to every patient) and followed by the L record (its termination code concerns the whole message).
 */
function splitByPatient(body: readonly AstmRecordText[], d: AstmDelimiters): AstmRecordText[][] {
  const first = body.findIndex((t) => isRecordOf('P', t, d))
  const preamble = body.slice(0, first)
  for (const t of preamble) {
    // An order or result before any P belongs to no patient in particular: refuse rather than guess.
    if (isRecordOf('R', t, d) || isRecordOf('O', t, d)) {
      throw new ParseError(`${t.text[0] === 'R' ? 'a result' : 'an order'} before the first P record of a message with several patients`, {
        ...t.location,
        segment: t.text[0],
      })
    }
  }
  const last = body.at(-1)
  const terminator = last !== undefined && isRecordOf('L', last, d) ? [last] : []
  const groups: AstmRecordText[][] = []
  for (const t of body.slice(first, body.length - terminator.length)) {
    if (isRecordOf('P', t, d)) groups.push([])
    groups.at(-1)?.push(t)
  }
  return groups.map((records) => [...preamble, ...records, ...terminator])
}

/** One report from the records after H (all of them, or one patient's share). */
function readReport({ d, sender, controlId }: MessageHeader, records: readonly AstmRecordText[]): ParsedReport {
  const notes: string[] = []
  const report: ParsedReport = {
    kind: 'lab',
    sourceFormat: 'astm',
    patient: { identifiers: [] },
    status: 'final',
    observations: [],
    statements: [],
    attachments: [],
    parseLog: notes,
    hasCorrections: false,
  }
  if (sender !== '') report.device = { model: sender }
  const serials = new Set<string>()
  const statuses: ObservationStatus[] = []
  let patientSeen: AstmRecord | undefined
  let orderObservedAt: string | undefined

  for (const text of records) {
    const rec = splitRecord(text, d)
    if (!/^[A-Z]$/.test(rec.type) || (text.text.length > 1 && text.text[1] !== d.field)) {
      throw new ParseError('not an ASTM record (expected a record type letter and the field delimiter)', rec.location)
    }
    switch (rec.type) {
      case 'P':
        if (patientSeen !== undefined) {
          // splitByPatient gives each report one P; a second one here would be a bug, never a merge of two people.
          throw new ParseError('a second P record in one report', { ...rec.location, segment: 'P' })
        }
        patientSeen = rec
        report.patient = readPatient(rec, d, notes)
        break
      case 'O': {
        const requested = timestamp(rec, 7, d, notes)
        const collected = timestamp(rec, 8, d, notes)
        if (report.orderedAt === undefined && requested !== undefined) report.orderedAt = requested
        if (report.observedAt === undefined && collected !== undefined) report.observedAt = collected
        orderObservedAt = collected
        break
      }
      case 'R': {
        const result = readResult(rec, d, orderObservedAt, notes)
        report.observations.push(result.observation)
        statuses.push(result.observation.status)
        if (result.rawStatus === 'C') report.hasCorrections = true
        if (result.instrument !== '') serials.add(result.instrument)
        report.observedAt ??= result.observation.observedAt
        break
      }
      case 'C': {
        const comment = astmRepeats(rec, 4, d)
          .map((r) => astmComponents(r, d).map((c) => c.trim()).filter((c) => c !== '').join(' '))
          .filter((c) => c !== '')
          .join('\n')
        if (comment !== '') report.statements.push({ kind: 'note', text: comment })
        break
      }
      case 'L': {
        const code = astmText(rec, 3, d).trim().toUpperCase()
        if (code === 'T' || code === 'E' || code === 'R') notes.push(`L record reports an aborted or failed transmission (termination code ${code})`)
        break
      }
      case 'H':
        throw new ParseError('a second H record inside one message', { ...rec.location, segment: 'H' })
      default:
        if (!IGNORED.has(rec.type)) throw new ParseError(`unknown record type ${shortValue(rec.type)}`, { ...rec.location, segment: rec.type })
        notes.push(`record ${rec.location.line ?? '?'}: ${rec.type} record ignored`)
    }
  }

  if (records.at(-1)?.text.startsWith('L') !== true) notes.push('message has no L (terminator) record; it may be incomplete')
  if (patientSeen === undefined) notes.push('no P record: the report has no patient identity')
  if (report.observedAt === undefined) delete report.observedAt
  if (serials.size > 0) {
    report.device = { ...report.device, serial: [...serials][0] ?? '' }
    if (serials.size > 1) notes.push('R.14 names more than one instrument; the first is kept')
  }
  if (report.hasCorrections) report.status = 'corrected'
  else if (statuses.some((s) => s === 'preliminary' || s === 'pending')) report.status = 'preliminary'
  else if (statuses.length > 0 && statuses.every((s) => s === 'cancelled')) report.status = 'cancelled'
  if (controlId !== '') {
    report.controlId = controlId
    report.sourceKey = `astm:${sender}|${controlId}`
  }
  return report
}
