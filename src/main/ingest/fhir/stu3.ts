// Reads FHIR STU3 shapes as R4 where the two differ only in cardinality, a field name, or a code-system URL
// (files in the wild mix versions). Everything else is left for the R4 schemas to judge.

/** Raw JSON of one resource, rewritten where needed, and what was changed (for the parse log). */
export interface Normalised {
  resource: Record<string, unknown>
  notes: string[]
}

// FHIR-defined code systems that R4 moved to terminology.hl7.org (THO). Systems that stayed under
// hl7.org/fhir (administrative-gender, observation-status...) are not listed and are left alone.
const MOVED_TO_THO = new Set([
  'data-absent-reason',
  'observation-category',
  'observation-statistics',
  'referencerange-meaning',
  'diagnostic-service-sections',
  'observation-interpretation',
])

const THO = 'http://terminology.hl7.org/CodeSystem/'

/** The R4 URL of an STU3 code-system URL, or undefined when the URL is already R4 (or not FHIR's). */
export function r4SystemUrl(system: string): string | undefined {
  const v2 = /^http:\/\/hl7\.org\/fhir\/v2\/(\d{4})$/.exec(system)
  if (v2) return `${THO}v2-${v2[1] ?? ''}`
  const v3 = /^http:\/\/hl7\.org\/fhir\/v3\/([A-Za-z][A-Za-z0-9-]*)$/.exec(system)
  if (v3) return `${THO}v3-${v3[1] ?? ''}`
  const core = /^http:\/\/hl7\.org\/fhir\/([a-z][a-z0-9-]*)$/.exec(system)
  if (core?.[1] !== undefined && MOVED_TO_THO.has(core[1])) return `${THO}${core[1]}`
  return undefined
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function at(path: string, field: string): string {
  return path === '' ? field : `${path}.${field}`
}

/** STU3 0..1 where R4 has 0..*: a single object becomes a list of one. */
function listOfOne(obj: Record<string, unknown>, field: string, path: string, notes: string[]): void {
  const value = obj[field]
  if (!isRecord(value)) return
  obj[field] = [value]
  notes.push(`${at(path, field)}: a single ${field} (FHIR STU3 form) read as a list of one (R4)`)
}

/** STU3 field names R4 renamed without changing their content. */
function renamed(obj: Record<string, unknown>, from: string, to: string, path: string, notes: string[]): void {
  if (!(from in obj) || to in obj) return
  obj[to] = obj[from]
  delete obj[from]
  notes.push(`${at(path, from)}: FHIR STU3 field read as R4 ${to}`)
}

/** Rewrites every STU3 code-system URL below `value` (contained resources are normalised on their own). */
function rewriteSystems(value: unknown, seen: Map<string, string>): unknown {
  if (Array.isArray(value)) return value.map((v) => rewriteSystems(v, seen))
  if (!isRecord(value)) return value
  const out: Record<string, unknown> = {}
  for (const [key, child] of Object.entries(value)) {
    if (key === 'contained') out[key] = child
    else if (key === 'system' && typeof child === 'string') {
      const r4 = r4SystemUrl(child)
      if (r4 !== undefined) seen.set(child, r4)
      out[key] = r4 ?? child
    } else out[key] = rewriteSystems(child, seen)
  }
  return out
}

/**
 * Normalises one resource's STU3 shapes to R4. `path` locates it in the input ('entry[2].resource'; '' for a
 * lone resource). A resource already in R4 form comes back unchanged, with no notes.
 */
export function normaliseStu3(raw: Record<string, unknown>, path: string): Normalised {
  const seen = new Map<string, string>()
  const resource = rewriteSystems(raw, seen) as Record<string, unknown>
  const type = typeof resource['resourceType'] === 'string' ? resource['resourceType'] : ''
  const where = path === '' ? type : path
  const notes: string[] = []
  switch (type) {
    case 'Observation': {
      listOfOne(resource, 'interpretation', where, notes)
      // STU3 'comment' is one string; R4 keeps it as a note (Annotation) with that text.
      if (typeof resource['comment'] === 'string' && !('note' in resource)) {
        resource['note'] = [{ text: resource['comment'] }]
        delete resource['comment']
        notes.push(`${at(where, 'comment')}: FHIR STU3 field read as R4 note`)
      }
      const components = resource['component']
      if (Array.isArray(components)) {
        components.forEach((c, i) => {
          if (isRecord(c)) listOfOne(c, 'interpretation', at(where, `component[${i}]`), notes)
        })
      }
      break
    }
    case 'DiagnosticReport':
      listOfOne(resource, 'category', where, notes)
      renamed(resource, 'codedDiagnosis', 'conclusionCode', where, notes)
      break
    case 'Device':
      renamed(resource, 'model', 'modelNumber', where, notes)
      break
  }
  for (const [from, to] of seen) notes.push(`${where}: FHIR STU3 code system ${from} read as ${to}`)
  return { resource, notes }
}
