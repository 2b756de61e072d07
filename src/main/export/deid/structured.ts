// Structured fields by rule: dates to the year or an offset, ages over 89 as "90+", free strings scrubbed, ids dropped.
import type { InterpretationDraft } from '../../../shared/domain/interpretation'
import type { ExportItem, ExportPrompt } from '../types'
import type { CategoryCounts } from './categories'
import type { IdentifierMatcher } from './scrub'

/** "2024" from an ISO date or date-time; null when there is none. */
export function yearOf(iso: string | null): string | null {
  const m = iso === null ? null : /^(\d{4})/.exec(iso.trim())
  return m?.[1] ?? null
}

/** "2024-03" from an ISO date; used only when de-identification is off. */
export function yearMonthOf(iso: string | null): string | null {
  const m = iso === null ? null : /^(\d{4}-\d{2})/.exec(iso.trim())
  return m?.[1] ?? null
}

/** Whole years between a birth date and a date, as exported: a number below 90, "90+" from 90 on; null if unknown. */
export function exportAge(birthDate: string | null, at: string | null): number | '90+' | null {
  const b = birthDate === null ? null : /^(\d{4})-(\d{2})-(\d{2})/.exec(birthDate)
  const a = at === null ? null : /^(\d{4})-(\d{2})-(\d{2})/.exec(at)
  if (!b || !a) return null
  let years = Number(a[1]) - Number(b[1])
  if (Number(a[2]) < Number(b[2]) || (Number(a[2]) === Number(b[2]) && Number(a[3]) < Number(b[3]))) years--
  if (years < 0) return null
  return years >= 90 ? '90+' : years
}

/** Whole days from `from` to `to` (date parts only): how dates are kept when only offsets may leave. */
export function dayOffset(from: string | null, to: string | null): number | null {
  const day = (iso: string | null) => {
    const m = iso === null ? null : /^(\d{4})-(\d{2})-(\d{2})/.exec(iso)
    return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null
  }
  const a = day(from)
  const b = day(to)
  return a === null || b === null ? null : Math.round((b - a) / 86_400_000)
}

/**
 * The prompt scrubbed. The rendered text holds the system and user messages verbatim inside the chat template's
 * markers, so it is rebuilt from their scrubbed forms and only the markers between them are scrubbed on their own:
 * the same result as scrubbing it whole (an identifier cannot span a message boundary), at half the work. Counts are
 * taken from the messages (the rendered text repeats them).
 */
export function scrubPrompt(p: ExportPrompt, m: IdentifierMatcher, counts: CategoryCounts): ExportPrompt {
  const system = m.scrubShared(p.system, counts)
  const user = m.scrub(p.user, counts)
  const r = p.rendered
  const s0 = p.system === '' ? 0 : r.indexOf(p.system)
  const u0 = s0 < 0 ? -1 : r.indexOf(p.user, s0 + p.system.length)
  if (s0 < 0 || u0 < 0) return { system, user, rendered: m.scrub(r, counts), origin: p.origin }
  const glue = (t: string) => (t === '' ? '' : m.scrub(t, counts))
  const rendered = glue(r.slice(0, s0)) + system + glue(r.slice(s0 + p.system.length, u0)) + user + glue(r.slice(u0 + p.user.length))
  return { system, user, rendered, origin: p.origin }
}

export function scrubInterpretation(d: InterpretationDraft, m: IdentifierMatcher, counts: CategoryCounts): InterpretationDraft {
  const s = (t: string) => m.scrub(t, counts)
  const n = (t: string | null) => (t === null ? null : s(t))
  return {
    summary: s(d.summary),
    findings: d.findings.map((f) => ({ statement: s(f.statement), severity: f.severity, evidence: f.evidence.map(s), recommendation: n(f.recommendation) })),
    overall_severity: d.overall_severity,
    comparison_with_prior: n(d.comparison_with_prior),
    limitations: s(d.limitations),
  }
}

/** The item's fields that may leave, de-identified (or as they are, when de-identification is off). */
export interface DeidItem {
  item: ExportItem
  prompt: ExportPrompt
  signed: InterpretationDraft
  draft: InterpretationDraft | null
  deviceModel: string | null
  /** "2024" (de-identified) or "2024-03" (off). */
  signedPeriod: string | null
  observedYear: string | null
  age: number | '90+' | null
}

/** De-identifies one item; `matcher` null = de-identification off (admin, with a reason). */
export function deidentifyItem(item: ExportItem, prompt: ExportPrompt, matcher: IdentifierMatcher | null, counts: CategoryCounts): DeidItem {
  const age = exportAge(item.identifiers.birthDate, item.observedAt ?? item.signedAt)
  if (matcher === null) {
    return {
      item,
      prompt,
      signed: item.signed,
      draft: item.draft?.interpretation ?? null,
      deviceModel: item.deviceModel,
      signedPeriod: yearMonthOf(item.signedAt),
      observedYear: yearOf(item.observedAt),
      age,
    }
  }
  return {
    item,
    prompt: scrubPrompt(prompt, matcher, counts),
    signed: scrubInterpretation(item.signed, matcher, counts),
    draft: item.draft ? scrubInterpretation(item.draft.interpretation, matcher, counts) : null,
    deviceModel: item.deviceModel === null ? null : matcher.scrub(item.deviceModel, counts),
    signedPeriod: yearOf(item.signedAt),
    observedYear: yearOf(item.observedAt),
    age,
  }
}
