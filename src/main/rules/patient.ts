// The patient facts rule selectors look at: sex, age at the report's time (from a possibly partial birth date).
import type { AgeBand, SexSelector } from './ruleSchema'
import type { EvalContext, PatientSex } from './types'

export function normaliseSex(sex: string | null): PatientSex {
  const s = sex?.trim().toLowerCase()
  if (s === 'male' || s === 'm') return 'male'
  if (s === 'female' || s === 'f') return 'female'
  return 'unknown'
}

interface YMD {
  y: number
  m: number
  d: number
}

const DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate()
}

// Completed months from birth to the date: the age a birthday calendar gives, at month resolution.
function completedMonths(birth: YMD, at: YMD): number {
  return (at.y - birth.y) * 12 + (at.m - birth.m) - (at.d < birth.d ? 1 : 0)
}

/**
 * Age in completed months at `at`; a birth date given only as YYYY or YYYY-MM yields the range of
 * possible ages. Null when either date is missing or unreadable, or the birth is after `at`.
 */
export function ageInMonths(birthDate: string | null, at: string | null): { min: number; max: number } | null {
  if (birthDate === null || at === null) return null
  const b = DATE.exec(birthDate.trim())
  const a = DATE.exec(at.trim())
  if (!b || !a || a[2] === undefined || a[3] === undefined) return null
  const atDate = { y: Number(a[1]), m: Number(a[2]), d: Number(a[3]) }
  const y = Number(b[1])
  const earliest: YMD = { y, m: b[2] === undefined ? 1 : Number(b[2]), d: b[3] === undefined ? 1 : Number(b[3]) }
  const lastMonth = b[2] === undefined ? 12 : Number(b[2])
  const latest: YMD = { y, m: lastMonth, d: b[3] === undefined ? daysInMonth(y, lastMonth) : Number(b[3]) }
  const max = completedMonths(earliest, atDate)
  const min = completedMonths(latest, atDate)
  if (min < 0 || earliest.m < 1 || earliest.m > 12) return null
  return { min, max }
}

export function sexMatches(selector: SexSelector | undefined, sex: PatientSex): boolean {
  return selector === undefined || selector === sex
}

/** True only when every possible age of the patient lies in the band: an unknown age matches no band. */
export function ageMatches(band: AgeBand | undefined, age: EvalContext['ageMonths']): boolean {
  if (band === undefined) return true
  if (age === null) return false
  if (band.min !== undefined && age.min < band.min * 12) return false
  if (band.max !== undefined && age.max >= band.max * 12) return false
  return true
}

interface Selectors {
  sex?: SexSelector | undefined
  age?: AgeBand | undefined
  report_kinds?: readonly string[] | undefined
  co2_retention_risk?: boolean | undefined
}

/** Whether a rule's selectors admit this report's patient and kind. */
export function selectorsMatch(rule: Selectors, ctx: EvalContext): boolean {
  if (!sexMatches(rule.sex, ctx.sex)) return false
  if (rule.report_kinds !== undefined && !rule.report_kinds.includes(ctx.report.kind)) return false
  if (rule.co2_retention_risk !== undefined && rule.co2_retention_risk !== ctx.co2RetentionRisk) return false
  return ageMatches(rule.age, ctx.ageMonths)
}
