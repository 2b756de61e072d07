// Keeps the patient's identity out of prompts: an age band instead of the birth date, and known identifiers scrubbed from free text.
import type { ReportDetail } from '../../../shared/contract/reports'
import { ageInMonths } from '../../rules/patient'

const REDACTED = '[redacted]'

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

/**
 * Ten-year band at the reference date ("60–69"); "90 or older" from 90 on (HIPAA Safe Harbor
 * aggregates those ages). A partial birth date that straddles two bands names both.
 */
export function ageBand(birthDate: string | null, at: string | null): string | null {
  const months = ageInMonths(birthDate, at)
  if (months === null) return null
  const band = (m: number): string => {
    const years = Math.floor(m / 12)
    if (years >= 90) return '90 or older'
    const low = years - (years % 10)
    return `${low}–${low + 9}`
  }
  const young = band(months.min)
  const old = band(months.max)
  return young === old ? young : `${young} or ${old}`
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** The ways a full birth date (YYYY-MM-DD) is commonly written. A year alone is too common to scrub. */
function birthDateSpellings(birthDate: string): string[] {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(birthDate.trim())
  if (!m || m[1] === undefined || m[2] === undefined || m[3] === undefined) return []
  const [y, mm, dd] = [m[1], m[2], m[3]]
  const yy = y.slice(2)
  const d = String(Number(dd))
  const mo = String(Number(mm))
  const month = MONTHS[Number(mm) - 1]
  const spellings = [`${y}-${mm}-${dd}`, `${y}${mm}${dd}`, `${y}/${mm}/${dd}`]
  for (const sep of ['/', '.', '-']) {
    spellings.push(`${dd}${sep}${mm}${sep}${y}`, `${mm}${sep}${dd}${sep}${y}`, `${d}${sep}${mo}${sep}${y}`, `${mo}${sep}${d}${sep}${y}`)
    spellings.push(`${dd}${sep}${mm}${sep}${yy}`, `${mm}${sep}${dd}${sep}${yy}`)
  }
  if (month !== undefined) {
    for (const name of [month, month.slice(0, 3)]) spellings.push(`${d} ${name} ${y}`, `${name} ${d}, ${y}`, `${name} ${d} ${y}`)
  }
  return spellings
}

/**
 * A function that replaces the patient's known identifiers in free text: name parts, identifier
 * values, the birth date in its usual spellings and the device serial. Generic patterns (phone
 * numbers, e-mail) are the export de-identifier's job; prompts stay on this machine.
 */
export function identifierScrubber(report: Pick<ReportDetail, 'patient' | 'deviceInfo'>): (text: string) => string {
  const { patient, deviceInfo } = report
  const terms = new Set<string>()
  for (const name of [patient.givenName, patient.familyName]) {
    // Single letters (initials) would erase units and words; two letters and more are scrubbed.
    for (const part of name?.split(/[\s,]+/) ?? []) if (part.replace(/\W/g, '').length >= 2) terms.add(part)
  }
  for (const { id } of patient.identifiers) if (id.trim().length >= 3) terms.add(id.trim())
  if (deviceInfo.serial !== null && deviceInfo.serial.trim().length >= 3) terms.add(deviceInfo.serial.trim())
  if (patient.birthDate !== null) for (const s of birthDateSpellings(patient.birthDate)) terms.add(s)
  if (terms.size === 0) return (text) => text
  // Longest first, so "12/04/1958" goes before a shorter spelling inside it; boundaries keep
  // "Ann" from eating "Annual".
  const alternatives = [...terms].sort((a, b) => b.length - a.length || (a < b ? -1 : 1)).map(escapeRegExp)
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`, 'giu')
  return (text) => text.replace(pattern, REDACTED)
}
