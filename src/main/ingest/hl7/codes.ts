// Coded elements (CE/CWE: code^text^system^altCode^altText^altSystem) → CodedConcept with normalised system names.
import type { CodedConcept } from '../../../shared/domain/report'

const SYSTEMS: Readonly<Record<string, string>> = {
  LN: 'LOINC',
  LOINC: 'LOINC',
  'HTTP://LOINC.ORG': 'LOINC',
  MDC: 'MDC',
  'ISO11073': 'MDC',
  SCT: 'SNOMED',
  SNM: 'SNOMED',
  SNM3: 'SNOMED',
  SNOMED: 'SNOMED',
  'SNOMED-CT': 'SNOMED',
  UCUM: 'UCUM',
}

/** Normalised system for a coding-system label; anything unrecognised (L, 99xxx, vendor names) is LOCAL. */
export function codingSystem(label: string, code: string): string {
  const known = SYSTEMS[label.trim().toUpperCase()]
  if (known !== undefined) return known
  // IEEE 11073 reference ids are self-describing even when the sender leaves the system empty.
  if (label.trim() === '' && code.startsWith('MDC_')) return 'MDC'
  return 'LOCAL'
}

export interface CodedReading {
  concept: CodedConcept
  /** The sender's own system label when it was folded into LOCAL, for the parse log. */
  localSystemLabel?: string
  /** True when the alternate triplet (components 4–6) was preferred over the primary one. */
  usedAlternate?: boolean
}

function triplet(code: string, text: string, system: string): CodedReading | undefined {
  const c = code.trim()
  const t = text.trim()
  if (c === '' && t === '') return undefined
  const normalised = codingSystem(system, c || t)
  const concept: CodedConcept = { system: normalised, code: c }
  if (t !== '') concept.display = t
  const label = system.trim()
  return normalised === 'LOCAL' && label !== '' ? { concept, localSystemLabel: label } : { concept }
}

/**
 * A primary local code with a LOINC/MDC alternate is read as the standard code: rules and
 * report-kind detection key on standard codes, and the local one adds nothing they can use.
 */
export function readCodedElement(components: readonly string[]): CodedReading | undefined {
  const primary = triplet(components[0] ?? '', components[1] ?? '', components[2] ?? '')
  const alternate = triplet(components[3] ?? '', components[4] ?? '', components[5] ?? '')
  const standard = (r: CodedReading | undefined): boolean =>
    r !== undefined && r.concept.code !== '' && (r.concept.system === 'LOINC' || r.concept.system === 'MDC')
  if (standard(primary)) return primary
  if (standard(alternate) && alternate !== undefined) {
    if (alternate.concept.display === undefined && primary?.concept.display !== undefined) {
      alternate.concept.display = primary.concept.display
    }
    return { ...alternate, usedAlternate: true }
  }
  if (primary !== undefined && primary.concept.code !== '') return primary
  return alternate ?? primary
}
