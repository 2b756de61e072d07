// PID segment → ParsedPatient (identifiers, name, birth date, sex).
import type { ParsedPatient, PatientIdentifier } from '../../../shared/domain/report'
import { components, fieldText, part, repetitions } from './fields'
import type { Hl7Message, Hl7Segment } from './message'
import { hl7DateToIso } from './timestamp'

const SEX: Readonly<Record<string, ParsedPatient['sex']>> = {
  M: 'male',
  F: 'female',
  O: 'other',
  A: 'other', // ambiguous
  U: 'unknown',
  N: 'unknown', // not applicable
}

function identifiers(msg: Hl7Message, seg: Hl7Segment, field: number): PatientIdentifier[] {
  const out: PatientIdentifier[] = []
  for (const rep of repetitions(msg, seg, field)) {
    const id = part(msg, rep, 1).trim()
    if (id === '') continue
    // PID-3.4 is a hierarchic designator: namespace & universal id & type; the namespace is what people read.
    const authority = part(msg, rep, 4, 1).trim() || part(msg, rep, 4, 2).trim() || part(msg, rep, 5).trim()
    out.push({ authority, id })
  }
  return out
}

export function readPatient(msg: Hl7Message, pid: Hl7Segment, notes: string[]): ParsedPatient {
  // v2.3 senders sometimes put the only identifier in PID-2 (external id) and leave PID-3 empty.
  let ids = identifiers(msg, pid, 3)
  if (ids.length === 0) {
    ids = identifiers(msg, pid, 2)
    if (ids.length > 0) notes.push(`line ${pid.line}: PID-3 is empty; patient identifier taken from PID-2`)
  }
  const patient: ParsedPatient = { identifiers: ids }
  const name = repetitions(msg, pid, 5)[0]
  if (name !== undefined) {
    // XPN component 1 is itself surname & own-surname-prefix & … from v2.5; the surname is subcomponent 1.
    const family = part(msg, name, 1, 1).trim()
    const given = [components(msg, name)[1] ?? '', components(msg, name)[2] ?? '']
      .map((s) => s.trim())
      .filter((s) => s !== '')
      .join(' ')
    if (family !== '') patient.familyName = family
    if (given !== '') patient.givenName = given
  }
  const birth = fieldText(msg, pid, 7).trim()
  if (birth !== '') {
    const date = hl7DateToIso(birth)
    if (date.ok) patient.birthDate = date.iso
    else notes.push(`line ${pid.line}: PID-7 birth date ${date.reason}; left empty`)
  }
  const sex = fieldText(msg, pid, 8).trim().toUpperCase()
  if (sex !== '') patient.sex = SEX[sex] ?? 'unknown'
  return patient
}
