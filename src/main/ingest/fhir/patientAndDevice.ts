// Maps FHIR Patient and Device resources onto ParsedPatient / ParsedDevice.
import type { ParsedDevice, ParsedPatient } from '../../../shared/domain/report'
import type { FhirDevice, FhirPatient } from './fhirSchemas'

export function toParsedPatient(patient: FhirPatient): ParsedPatient {
  const out: ParsedPatient = { identifiers: [] }
  for (const identifier of patient.identifier ?? []) {
    if (identifier.value === undefined || identifier.value === '') continue
    // Without a system the identifier type (e.g. "MR") is the best authority label we have.
    const authority = identifier.system ?? identifier.type?.coding?.[0]?.code ?? identifier.type?.text ?? 'unknown'
    out.identifiers.push({ authority, id: identifier.value })
  }
  const names = patient.name ?? []
  const name = names.find((n) => n.use === 'official') ?? names.find((n) => n.use !== 'old') ?? names[0]
  if (name) {
    if (name.family !== undefined) out.familyName = name.family
    if (name.given && name.given.length > 0) out.givenName = name.given.join(' ')
    if (name.family === undefined && name.given === undefined && name.text !== undefined) out.familyName = name.text
  }
  if (patient.birthDate !== undefined) out.birthDate = patient.birthDate
  if (patient.gender !== undefined) out.sex = patient.gender
  return out
}

export function toParsedDevice(device: FhirDevice): ParsedDevice {
  const out: ParsedDevice = {}
  if (device.manufacturer !== undefined) out.manufacturer = device.manufacturer
  const model = device.modelNumber ?? device.deviceName?.find((n) => n.name !== undefined)?.name
  if (model !== undefined) out.model = model
  if (device.serialNumber !== undefined) out.serial = device.serialNumber
  return out
}
