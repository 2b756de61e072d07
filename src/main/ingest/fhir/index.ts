// FHIR R4 JSON import: a Bundle, DiagnosticReport or Observation becomes one report per DiagnosticReport
// (or per patient for loose Observations).
import { quoteValue } from '../../../shared/domain/excerpt'
import { ParseError, type ParsedUnit } from '../../../shared/domain/report'
import { decodeText } from '../decodeText'
import type { FormatParser } from '../types'
import { buildReports, type BundleInfo } from './buildReports'
import { Bundle } from './fhirSchemas'
import { locateJsonError } from './jsonErrorLocation'
import { describeIssue, fieldPath, indexResource, ResourceIndex } from './resourceIndex'

// Sniffing must not require valid JSON: a broken FHIR file should still reach this parser and be
// reported with a line and column rather than fall through to plain text.
const SNIFF_RESOURCE = /"resourceType"\s*:\s*"(Bundle|DiagnosticReport|Observation)"/

function sniff(text: string): boolean {
  if (!text.trimStart().startsWith('{')) return false
  return SNIFF_RESOURCE.test(text.slice(0, 64 * 1024))
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    const where = locateJsonError(text)
    if (!where) throw new ParseError('malformed JSON')
    throw new ParseError(`malformed JSON at line ${where.line}, column ${where.column}: ${where.message}`, {
      line: where.line,
    })
  }
}

function bundleKey(identifier: { system?: string | undefined; value?: string | undefined } | undefined, id: string | undefined): string | undefined {
  if (identifier?.value !== undefined) return `fhir:${identifier.system ?? ''}|${identifier.value}`
  return id !== undefined ? `fhir:Bundle/${id}` : undefined
}

function indexInput(json: unknown): { index: ResourceIndex; info: BundleInfo; log: string[] } {
  if (!isRecord(json)) throw new ParseError('expected a FHIR resource (a JSON object)')
  const type = json['resourceType']
  if (typeof type !== 'string') throw new ParseError('resource has no resourceType', { field: 'resourceType' })
  const index = new ResourceIndex()
  const log: string[] = []
  if (type === 'Bundle') {
    const parsed = Bundle.safeParse(json)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      throw new ParseError(`Bundle: ${issue ? describeIssue(issue) : 'invalid'}`, { segment: 'Bundle', field: fieldPath('', issue?.path ?? []) })
    }
    const bundle = parsed.data
    if (bundle.type !== 'collection' && bundle.type !== 'transaction') {
      log.push(`Bundle type '${bundle.type}' read like a collection`)
    }
    ;(bundle.entry ?? []).forEach((entry, i) => {
      if (entry.resource === undefined) {
        log.push(`entry[${i}] has no resource; skipped`)
        return
      }
      const indexed = indexResource(entry.resource, `entry[${i}].resource`, entry.fullUrl)
      log.push(...indexed.notes)
      index.add(indexed)
    })
    const sourceKey = bundleKey(bundle.identifier, bundle.id)
    return { index, info: sourceKey !== undefined ? { sourceKey } : {}, log }
  }
  if (type !== 'DiagnosticReport' && type !== 'Observation') {
    throw new ParseError(`resourceType ${quoteValue(type)} is not importable (expected Bundle, DiagnosticReport or Observation)`, {
      field: 'resourceType',
    })
  }
  const entry = indexResource(json, '')
  log.push(...entry.notes)
  index.add(entry)
  // A lone resource's contained resources are the only others it can reference.
  for (const contained of entry.contained.values()) index.add(contained)
  const id = entry.resource.id
  return { index, info: type === 'Observation' && id !== undefined ? { sourceKey: `fhir:Observation/${id}` } : {}, log }
}

function parse(bytes: Uint8Array): ParsedUnit[] {
  try {
    const { text } = decodeText(bytes)
    const { index, info, log } = indexInput(parseJson(text))
    return buildReports(index, info).map((report, i) => ({
      ok: true,
      report: { ...report, parseLog: [...log, ...report.parseLog] },
      raw: bytes,
      index: i,
    }))
  } catch (err) {
    const error = err instanceof ParseError ? err : new ParseError(err instanceof Error ? err.message : String(err))
    return [{ ok: false, error, raw: bytes, index: 0 }]
  }
}

export const fhirParser: FormatParser = {
  name: 'fhir',
  sniff: (text) => sniff(text),
  parse,
}
