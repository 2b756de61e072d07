// Zod schemas for the subset of FHIR R4 resources the importer reads; anything else is ignored.
// Fields are checked only where we consume them, so unknown extensions never fail an import.
import { z } from 'zod'

const Coding = z.object({
  system: z.string().optional(),
  code: z.string().optional(),
  display: z.string().optional(),
})

export const CodeableConcept = z.object({
  coding: z.array(Coding).optional(),
  text: z.string().optional(),
})

const Quantity = z.object({
  value: z.number().optional(),
  comparator: z.enum(['<', '<=', '>=', '>']).optional(),
  unit: z.string().optional(),
  system: z.string().optional(),
  code: z.string().optional(),
})

const Identifier = z.object({
  system: z.string().optional(),
  value: z.string().optional(),
  type: CodeableConcept.optional(),
})

export const Reference = z.object({
  reference: z.string().optional(),
  identifier: Identifier.optional(),
  display: z.string().optional(),
})

const Period = z.object({ start: z.string().optional(), end: z.string().optional() })

const ReferenceRange = z.object({
  low: Quantity.optional(),
  high: Quantity.optional(),
  text: z.string().optional(),
})

const SampledData = z.object({ data: z.string().optional() })

/** The value[x] choices plus the fields an Observation and its components share. */
const valueFields = {
  valueQuantity: Quantity.optional(),
  valueString: z.string().optional(),
  valueCodeableConcept: CodeableConcept.optional(),
  valueBoolean: z.boolean().optional(),
  valueInteger: z.number().int().optional(),
  valueDateTime: z.string().optional(),
  valueTime: z.string().optional(),
  valueSampledData: SampledData.optional(),
  dataAbsentReason: CodeableConcept.optional(),
  interpretation: z.array(CodeableConcept).optional(),
  referenceRange: z.array(ReferenceRange).optional(),
}

const ObservationComponent = z.object({ code: CodeableConcept, ...valueFields })
export type FhirObservationComponent = z.infer<typeof ObservationComponent>

export const OBSERVATION_STATUS_CODES = [
  'registered',
  'preliminary',
  'final',
  'amended',
  'corrected',
  'cancelled',
  'entered-in-error',
  'unknown',
] as const

export const Observation = z.object({
  resourceType: z.literal('Observation'),
  id: z.string().optional(),
  status: z.enum(OBSERVATION_STATUS_CODES),
  code: CodeableConcept,
  subject: Reference.optional(),
  effectiveDateTime: z.string().optional(),
  effectiveInstant: z.string().optional(),
  effectivePeriod: Period.optional(),
  issued: z.string().optional(),
  ...valueFields,
  component: z.array(ObservationComponent).optional(),
  hasMember: z.array(Reference).optional(),
  device: Reference.optional(),
  note: z.array(z.object({ text: z.string().optional() })).optional(),
  contained: z.array(z.unknown()).optional(),
})
export type FhirObservation = z.infer<typeof Observation>

export const REPORT_STATUS_CODES = [
  'registered',
  'partial',
  'preliminary',
  'final',
  'amended',
  'corrected',
  'appended',
  'cancelled',
  'entered-in-error',
  'unknown',
] as const

const Attachment = z.object({
  contentType: z.string().optional(),
  data: z.string().optional(),
  url: z.string().optional(),
  title: z.string().optional(),
})

export const DiagnosticReport = z.object({
  resourceType: z.literal('DiagnosticReport'),
  id: z.string().optional(),
  identifier: z.array(Identifier).optional(),
  status: z.enum(REPORT_STATUS_CODES),
  category: z.array(CodeableConcept).optional(),
  code: CodeableConcept,
  subject: Reference.optional(),
  effectiveDateTime: z.string().optional(),
  effectivePeriod: Period.optional(),
  issued: z.string().optional(),
  result: z.array(Reference).optional(),
  conclusion: z.string().optional(),
  conclusionCode: z.array(CodeableConcept).optional(),
  presentedForm: z.array(Attachment).optional(),
  contained: z.array(z.unknown()).optional(),
})
export type FhirDiagnosticReport = z.infer<typeof DiagnosticReport>

export const Patient = z.object({
  resourceType: z.literal('Patient'),
  id: z.string().optional(),
  identifier: z.array(Identifier).optional(),
  name: z
    .array(
      z.object({
        use: z.string().optional(),
        family: z.string().optional(),
        given: z.array(z.string()).optional(),
        text: z.string().optional(),
      }),
    )
    .optional(),
  birthDate: z.string().optional(),
  gender: z.enum(['male', 'female', 'other', 'unknown']).optional(),
})
export type FhirPatient = z.infer<typeof Patient>

export const Device = z.object({
  resourceType: z.literal('Device'),
  id: z.string().optional(),
  manufacturer: z.string().optional(),
  modelNumber: z.string().optional(),
  serialNumber: z.string().optional(),
  deviceName: z.array(z.object({ name: z.string().optional(), type: z.string().optional() })).optional(),
})
export type FhirDevice = z.infer<typeof Device>

export const Bundle = z.object({
  resourceType: z.literal('Bundle'),
  id: z.string().optional(),
  identifier: Identifier.optional(),
  type: z.string(),
  entry: z
    .array(
      z.object({
        fullUrl: z.string().optional(),
        resource: z.unknown().optional(),
      }),
    )
    .optional(),
})
export type FhirBundle = z.infer<typeof Bundle>

/** A resource the importer understands, or one it only carries along (Composition, Encounter...). */
export type FhirResource =
  | FhirObservation
  | FhirDiagnosticReport
  | FhirPatient
  | FhirDevice
  | { resourceType: 'Other'; type: string; id?: string }
