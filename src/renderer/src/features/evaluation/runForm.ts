// The New evaluation form's state and the pure decisions on it: what is wrong with it, and the eval.start input it makes.
import type { ReportKind } from '../../../../shared/domain/report'

export interface RunForm {
  /** A version name from the list, or a SPEC typed in: BASE_ID[+ADAPTER_ID:SCALE…]. */
  baseline: string
  candidates: string[]
  set: 'test' | 'all'
  kinds: ReportKind[]
  from: string
  to: string
  /** A release gate file's text (YAML or JSON) chosen by the user; null = the default gate shipped with Readout. */
  gate: { fileName: string; text: string } | null
}

export const EMPTY_RUN_FORM: RunForm = { baseline: '', candidates: [], set: 'test', kinds: [], from: '', to: '', gate: null }

export type RunFormField = 'baseline' | 'candidates' | 'to'

// The server parses SPECs fully; this only catches what can be told without the model list, so the message comes at once.
const SPEC = /^(?:[A-Za-z][A-Za-z0-9._-]{0,63}|[1-9]\d{0,9}(?:\+[1-9]\d{0,9}(?::(?:\d+(?:\.\d+)?|\.\d+))?){0,8})$/
const SPEC_HINT = 'a version name, or BASE_ID[+ADAPTER_ID:SCALE…] such as 3+7:0.5'

/** What must change before the run can start, by field; empty when it can. The server checks again. */
export function runFormProblems(f: RunForm): Partial<Record<RunFormField, string>> {
  const p: Partial<Record<RunFormField, string>> = {}
  const baseline = f.baseline.trim()
  const candidates = f.candidates.map((c) => c.trim()).filter((c) => c !== '')
  if (baseline === '') p.baseline = 'Choose the baseline: the version in use, to compare against'
  else if (!SPEC.test(baseline)) p.baseline = `"${baseline}" is not ${SPEC_HINT}`
  const bad = candidates.find((c) => !SPEC.test(c))
  if (candidates.length === 0) p.candidates = 'Add at least one candidate: the version to evaluate'
  else if (bad !== undefined) p.candidates = `"${bad}" is not ${SPEC_HINT}`
  else if (candidates.includes(baseline)) p.candidates = `"${baseline}" is the baseline: a candidate must be another version`
  else if (new Set(candidates).size !== candidates.length) p.candidates = 'A candidate is listed twice'
  if (f.from && f.to && f.to < f.from) p.to = 'The end is before the start'
  return p
}

export interface StartInput {
  baseline: string
  candidates: string[]
  set: 'test' | 'all'
  kinds?: ReportKind[]
  from?: string
  to?: string
  gateText?: string
}

/** The eval.start input for a valid form: only the filters the user set. */
export function startInput(f: RunForm): StartInput {
  const out: StartInput = { baseline: f.baseline.trim(), candidates: f.candidates.map((c) => c.trim()).filter((c) => c !== ''), set: f.set }
  if (f.kinds.length > 0) out.kinds = f.kinds
  if (f.from.trim()) out.from = f.from.trim()
  if (f.to.trim()) out.to = f.to.trim()
  if (f.gate !== null) out.gateText = f.gate.text
  return out
}

/** The same run from a terminal, for the ML pipeline (`readout eval run`); values with spaces would be quoted, SPECs have none. */
export function cliEquivalent(f: RunForm): string {
  const i = startInput(f)
  const parts = ['readout eval run', `--baseline ${i.baseline || 'SPEC'}`, ...(i.candidates.length ? i.candidates : ['SPEC']).map((c) => `--candidate ${c}`)]
  if (i.set !== 'test') parts.push(`--set ${i.set}`)
  for (const k of i.kinds ?? []) parts.push(`--kind ${k}`)
  if (i.from) parts.push(`--from ${i.from}`)
  if (i.to) parts.push(`--to ${i.to}`)
  if (f.gate !== null) parts.push('--gate FILE')
  return parts.join(' ')
}

/** 0–100 for a progress bar; an unknown total shows nothing done. */
export function percent(done: number, total: number): number {
  if (!(total > 0)) return 0
  return Math.max(0, Math.min(100, Math.round((done / total) * 100)))
}
