// Groups validated FHIR resources into reports: one per DiagnosticReport, plus one per patient for
// Observations no DiagnosticReport claims.
import {
  ParseError,
  type ParsedAttachment,
  type ParsedDevice,
  type ParsedObservation,
  type ParsedPatient,
  type ParsedReport,
  type ParsedStatement,
} from '../../../shared/domain/report'
import { conceptText, kindFromLoincCodes, loincCodes, reportStatus, statusFromObservations } from './codes'
import type { FhirDiagnosticReport, FhirObservation } from './fhirSchemas'
import { observationTime, toParsedObservations } from './observations'
import { toParsedDevice, toParsedPatient } from './patientAndDevice'
import { fieldPath, type IndexedResource, type ResourceIndex } from './resourceIndex'

type ObservationEntry = IndexedResource & { resource: FhirObservation }
type ReportEntry = IndexedResource & { resource: FhirDiagnosticReport }

function isObservation(entry: IndexedResource | undefined): entry is ObservationEntry {
  return entry?.resource.resourceType === 'Observation'
}

function isReport(entry: IndexedResource): entry is ReportEntry {
  return entry.resource.resourceType === 'DiagnosticReport'
}

/** Identity used to see whether two resources point at the same patient. */
type SubjectRef = { key: string; patient?: IndexedResource; reference: FhirObservation['subject'] }

export interface BundleInfo {
  /** 'fhir:<system>|<value>' or 'fhir:Bundle/<id>' when the Bundle carries one. */
  sourceKey?: string
}

export function buildReports(index: ResourceIndex, bundle: BundleInfo): ParsedReport[] {
  const reports: ParsedReport[] = []
  const claimed = new Set<IndexedResource>()
  const builders = new ReportBuilderFactory(index)

  for (const entry of index.all) {
    if (!isReport(entry)) continue
    const log: string[] = []
    const members = builders.collectResults(entry, log)
    members.forEach((m) => claimed.add(m.entry))
    reports.push(builders.build(entry, members, log, reportSourceKey(entry) ?? indexedKey(bundle.sourceKey, reports.length)))
  }

  // Observations nobody claimed: panels' members are reached through their panel, not on their own.
  const memberTargets = new Set<IndexedResource>()
  for (const entry of index.all) {
    if (!isObservation(entry)) continue
    for (const member of entry.resource.hasMember ?? []) {
      const target = member.reference !== undefined ? index.resolve(member.reference, entry) : undefined
      if (target) memberTargets.add(target)
    }
  }
  const roots = index.all.filter(
    (e): e is ObservationEntry => isObservation(e) && !claimed.has(e) && !memberTargets.has(e),
  )
  if (roots.length > 0) {
    const bySubject = new Map<string, ObservationEntry[]>()
    for (const root of roots) {
      const key = builders.subjectOf(root).key
      bySubject.set(key, [...(bySubject.get(key) ?? []), root])
    }
    for (const group of bySubject.values()) {
      const log: string[] = []
      if (reports.length > 0 || bySubject.size > 1) {
        log.push(`${group.length} Observation(s) not referenced by any DiagnosticReport imported as a separate report`)
      }
      const members = group.flatMap((root) => builders.expand(root, undefined, log, new Set()))
      reports.push(builders.build(undefined, members, log, indexedKey(bundle.sourceKey, reports.length)))
    }
  }
  if (reports.length === 0) throw new ParseError('input holds no DiagnosticReport and no Observation', { field: 'entry' })
  return reports
}

function indexedKey(key: string | undefined, n: number): string | undefined {
  if (key === undefined) return undefined
  return n === 0 ? key : `${key}#${n + 1}`
}

function reportSourceKey(entry: ReportEntry): string | undefined {
  const identifier = entry.resource.identifier?.find((i) => i.value !== undefined)
  if (identifier?.value !== undefined) return `fhir:${identifier.system ?? ''}|${identifier.value}`
  // A urn:uuid fullUrl is globally unique by definition; a server id is unique per server.
  if (entry.fullUrl?.startsWith('urn:uuid:')) return `fhir:${entry.fullUrl}`
  if (entry.resource.id !== undefined) return `fhir:DiagnosticReport/${entry.resource.id}`
  return undefined
}

interface Member {
  entry: ObservationEntry
  subId?: string
}

class ReportBuilderFactory {
  private groupCounter = 0

  constructor(private readonly index: ResourceIndex) {}

  collectResults(report: ReportEntry, log: string[]): Member[] {
    const visited = new Set<IndexedResource>()
    const members: Member[] = []
    ;(report.resource.result ?? []).forEach((ref, i) => {
      const target = ref.reference !== undefined ? this.index.resolve(ref.reference, report) : undefined
      if (!isObservation(target)) {
        log.push(
          target
            ? `result[${i}] points at a ${target.resource.resourceType} resource, not an Observation; skipped`
            : `result[${i}] reference ${ref.reference ?? '(none)'} is not included in the input; skipped`,
        )
        return
      }
      members.push(...this.expand(target, undefined, log, visited))
    })
    return members
  }

  /** An Observation followed by its hasMember Observations, which share one group id. */
  expand(entry: ObservationEntry, inherited: string | undefined, log: string[], visited: Set<IndexedResource>): Member[] {
    if (visited.has(entry)) return []
    visited.add(entry)
    const obs = entry.resource
    const hasComponents = (obs.component?.length ?? 0) > 0
    const members = obs.hasMember ?? []
    const ownGroup = inherited ?? (hasComponents || members.length > 0 ? this.nextGroup() : undefined)
    const out: Member[] = [{ entry, ...(ownGroup !== undefined ? { subId: ownGroup } : {}) }]
    members.forEach((ref, i) => {
      const target = ref.reference !== undefined ? this.index.resolve(ref.reference, entry) : undefined
      if (!isObservation(target)) {
        log.push(`${fieldPath(entry.path, ['hasMember', i])} reference ${ref.reference ?? '(none)'} not resolved; skipped`)
        return
      }
      out.push(...this.expand(target, ownGroup, log, visited))
    })
    return out
  }

  private nextGroup(): string {
    this.groupCounter += 1
    return String(this.groupCounter)
  }

  subjectOf(entry: IndexedResource & { resource: FhirObservation | FhirDiagnosticReport }): SubjectRef {
    const subject = entry.resource.subject
    if (!subject) return { key: '', reference: subject }
    const patient = subject.reference !== undefined ? this.index.resolve(subject.reference, entry) : undefined
    if (patient) return { key: patient.path, patient, reference: subject }
    // A display-only subject names the patient too: two different names must not share one report.
    const key =
      subject.reference ??
      (subject.identifier
        ? `${subject.identifier.system ?? ''}|${subject.identifier.value ?? ''}`
        : subject.display !== undefined && subject.display.trim() !== ''
          ? `display:${subject.display.trim()}`
          : '')
    return { key, reference: subject }
  }

  private patientFor(subject: SubjectRef, log: string[]): ParsedPatient {
    if (subject.patient?.resource.resourceType === 'Patient') return toParsedPatient(subject.patient.resource)
    const reference = subject.reference
    // Without a Patient resource, the reference's display is the only name the sender gave; like a name's
    // text it is kept whole (it is not split into family and given names).
    const display = reference?.display?.trim()
    const named = (patient: ParsedPatient): ParsedPatient => {
      if (display === undefined || display === '') return patient
      log.push('Patient name taken from the subject reference display')
      return { ...patient, familyName: display }
    }
    if (reference?.identifier?.value !== undefined) {
      log.push('Patient resource not included; identifier taken from the subject reference')
      return named({ identifiers: [{ authority: reference.identifier.system ?? 'unknown', id: reference.identifier.value }] })
    }
    const patients = this.index.all.filter((e) => e.resource.resourceType === 'Patient')
    const only = patients[0]
    if (patients.length === 1 && only?.resource.resourceType === 'Patient') {
      log.push('Report names no resolvable subject; the only Patient in the input was used')
      return toParsedPatient(only.resource)
    }
    log.push(
      reference?.reference !== undefined
        ? `Patient ${reference.reference} is not included in the input`
        : display !== undefined && display !== ''
          ? 'Patient resource not included'
          : 'Report names no patient (subject)',
    )
    return named({ identifiers: [] })
  }

  build(report: ReportEntry | undefined, members: Member[], log: string[], sourceKey: string | undefined): ParsedReport {
    const first = members[0]
    const subject = report ? this.subjectOf(report) : first ? this.subjectOf(first.entry) : { key: '', reference: undefined }
    // One report must never mix patients: that is the wrong-patient hazard.
    for (const member of members) {
      const own = this.subjectOf(member.entry)
      if (own.key !== '' && subject.key !== '' && own.key !== subject.key) {
        throw new ParseError('Observation refers to a different patient than its report', {
          segment: 'Observation',
          field: fieldPath(member.entry.path, ['subject']),
        })
      }
    }

    const observations: ParsedObservation[] = []
    const statements: ParsedStatement[] = []
    const codes: string[] = []
    const devices: ParsedDevice[] = []
    let hasCorrections = false
    for (const member of members) {
      const obs = member.entry.resource
      observations.push(...toParsedObservations(obs, member.entry.path, member.subId, (m) => log.push(m)))
      codes.push(...loincCodes(obs.code), ...(obs.component ?? []).flatMap((c) => loincCodes(c.code)))
      if (obs.status === 'amended' || obs.status === 'corrected') hasCorrections = true
      for (const note of obs.note ?? []) if (note.text) statements.push({ kind: 'note', text: note.text })
      if (obs.device?.reference !== undefined) {
        const device = this.index.resolve(obs.device.reference, member.entry)
        if (device?.resource.resourceType === 'Device') devices.push(toParsedDevice(device.resource))
        else log.push(`Device ${obs.device.reference} is not included in the input`)
      }
    }

    const dr = report?.resource
    const attachments: ParsedAttachment[] = []
    if (dr) {
      codes.push(...loincCodes(dr.code))
      if (dr.status === 'amended' || dr.status === 'corrected' || dr.status === 'appended') hasCorrections = true
      if (dr.status === 'entered-in-error') log.push('DiagnosticReport is marked entered-in-error')
      if (dr.conclusion) statements.unshift({ kind: 'conclusion', text: dr.conclusion })
      for (const concept of dr.conclusionCode ?? []) {
        const text = conceptText(concept)
        if (text !== undefined && text !== dr.conclusion) statements.push({ kind: 'conclusion', text })
      }
      ;(dr.presentedForm ?? []).forEach((form, i) => {
        const attachment = decodeAttachment(form, fieldPath(report.path, ['presentedForm', i]), log)
        if (attachment) attachments.push(attachment)
      })
    }

    const distinctDevices = new Set(devices.map((d) => JSON.stringify(d)))
    if (distinctDevices.size > 1) log.push(`${distinctDevices.size} different devices; the first is recorded on the report`)

    const observedAt = reportTime(dr, members, log)
    const title = dr ? conceptText(dr.code) : members.length === 1 && first ? conceptText(first.entry.resource.code) : undefined
    const out: ParsedReport = {
      kind: kindFromLoincCodes(codes),
      sourceFormat: 'fhir',
      patient: this.patientFor(subject, log),
      status: dr ? reportStatus(dr.status) : statusFromObservations(observations.map((o) => o.status)),
      observations,
      statements,
      attachments,
      parseLog: log,
      hasCorrections,
    }
    if (devices[0]) out.device = devices[0]
    if (title !== undefined) out.title = title
    if (observedAt !== undefined) out.observedAt = observedAt
    if (sourceKey !== undefined) out.sourceKey = sourceKey
    return out
  }
}

function reportTime(dr: FhirDiagnosticReport | undefined, members: Member[], log: string[]): string | undefined {
  const effective = dr?.effectiveDateTime ?? dr?.effectivePeriod?.start
  if (effective !== undefined) return effective
  const fromObservation = members.map((m) => observationTime(m.entry.resource)).find((t) => t !== undefined)
  if (fromObservation !== undefined) return fromObservation
  if (dr?.issued !== undefined) {
    log.push('No effective time given; the report issue time is used as the observation time')
    return dr.issued
  }
  return undefined
}

const BASE64 = /^[A-Za-z0-9+/\s]*={0,2}\s*$/

function decodeAttachment(
  form: NonNullable<FhirDiagnosticReport['presentedForm']>[number],
  path: string,
  log: string[],
): ParsedAttachment | undefined {
  if (form.data === undefined) {
    // The app is offline by design: a URL-only attachment cannot be fetched.
    log.push(`${path}: attachment has no inline data${form.url !== undefined ? ` (url ${form.url} not fetched)` : ''}`)
    return undefined
  }
  if (!BASE64.test(form.data)) {
    log.push(`${path}: attachment data is not valid base64; skipped`)
    return undefined
  }
  const data = new Uint8Array(Buffer.from(form.data, 'base64'))
  const attachment: ParsedAttachment = { mediaType: form.contentType ?? 'application/octet-stream', data }
  if (form.title !== undefined) attachment.description = form.title
  if (form.contentType === undefined) log.push(`${path}: attachment has no contentType`)
  return attachment
}
