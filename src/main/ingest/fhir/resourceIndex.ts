// Validates FHIR resources and resolves references between them (urn:uuid fullUrls, Type/id, #contained).
import type { z } from 'zod'
import { ParseError } from '../../../shared/domain/report'
import { Device, DiagnosticReport, Observation, Patient, type FhirResource } from './fhirSchemas'
import { normaliseStu3 } from './stu3'

export interface IndexedResource {
  resource: FhirResource
  /** Field path of the resource in the input, e.g. 'entry[2].resource', for error messages. */
  path: string
  fullUrl?: string
  /** Contained resources by local id (referenced as '#id'). */
  contained: Map<string, IndexedResource>
  /** What was read differently from R4 (STU3 shapes), with where, for the parse log; contained resources' included. */
  notes: string[]
}

/** Joins a base path and a zod issue path into 'entry[2].resource.code.coding[0]'. */
export function fieldPath(base: string, path: readonly PropertyKey[]): string {
  let out = base
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`
    else out += out === '' ? String(key) : `.${String(key)}`
  }
  return out
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function describeIssue(issue: z.core.$ZodIssue): string {
  // zod says "expected object, received undefined" for a missing field; say it plainly.
  if (issue.code === 'invalid_type' && issue.message.endsWith('received undefined')) return 'required field is missing'
  return issue.message
}

function check<T>(schema: z.ZodType<T>, raw: unknown, path: string, resourceType: string): T {
  const result = schema.safeParse(raw)
  if (result.success) return result.data
  const first = result.error.issues[0]
  const field = first ? fieldPath(path, first.path) : path
  const more = result.error.issues.length > 1 ? ` (and ${result.error.issues.length - 1} more problems)` : ''
  throw new ParseError(`${resourceType}: ${first ? describeIssue(first) : 'invalid resource'}${more}`, {
    segment: resourceType,
    field,
  })
}

/** Validates one resource (and its contained resources); throws a located ParseError when it is unusable. */
export function indexResource(input: unknown, path: string, fullUrl?: string): IndexedResource {
  if (!isRecord(input)) throw new ParseError('resource is not a JSON object', { field: path })
  const { resource: raw, notes } = normaliseStu3(input, path)
  const type = raw['resourceType']
  if (typeof type !== 'string' || type === '') {
    throw new ParseError('resource has no resourceType', { field: fieldPath(path, ['resourceType']) })
  }
  let resource: FhirResource
  switch (type) {
    case 'Observation':
      resource = check(Observation, raw, path, type)
      break
    case 'DiagnosticReport':
      resource = check(DiagnosticReport, raw, path, type)
      break
    case 'Patient':
      resource = check(Patient, raw, path, type)
      break
    case 'Device':
      resource = check(Device, raw, path, type)
      break
    default: {
      const id = raw['id']
      resource = { resourceType: 'Other', type, ...(typeof id === 'string' ? { id } : {}) }
    }
  }
  const contained = new Map<string, IndexedResource>()
  const rawContained = raw['contained']
  if (Array.isArray(rawContained)) {
    rawContained.forEach((item, i) => {
      const child = indexResource(item, fieldPath(path, ['contained', i]))
      notes.push(...child.notes)
      if (child.resource.id !== undefined) contained.set(child.resource.id, child)
    })
  }
  return { resource, path, contained, notes, ...(fullUrl !== undefined ? { fullUrl } : {}) }
}

export function resourceTypeOf(resource: FhirResource): string {
  return resource.resourceType === 'Other' ? resource.type : resource.resourceType
}

/** All resources of one input (a Bundle's entries, or a single resource) with reference lookup. */
export class ResourceIndex {
  readonly all: IndexedResource[] = []
  private readonly byUrl = new Map<string, IndexedResource>()
  private readonly byTypeAndId = new Map<string, IndexedResource>()

  add(entry: IndexedResource): void {
    this.all.push(entry)
    if (entry.fullUrl !== undefined) this.byUrl.set(entry.fullUrl, entry)
    if (entry.resource.id !== undefined) {
      this.byTypeAndId.set(`${resourceTypeOf(entry.resource)}/${entry.resource.id}`, entry)
    }
  }

  /**
   * Resolves a reference as FHIR allows inside a Bundle: '#id' against the owner's contained
   * resources, an exact fullUrl (urn:uuid:..., absolute URL), or 'Type/id' (relative, or the tail of
   * an absolute URL, ignoring a _history suffix).
   */
  resolve(reference: string, owner?: IndexedResource): IndexedResource | undefined {
    if (reference.startsWith('#')) return owner?.contained.get(reference.slice(1))
    const exact = this.byUrl.get(reference)
    if (exact) return exact
    const tail = /([A-Za-z]+\/[A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]*)?$/.exec(reference)
    return tail?.[1] !== undefined ? this.byTypeAndId.get(tail[1]) : undefined
  }
}
