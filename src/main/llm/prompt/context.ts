// Builds the prompt's content from a stored report: a deterministic, identifier-free structure the renderer prints.
import type { Observation, ReportDetail } from '../../../shared/contract/reports'
import { SEVERITY_RANK } from '../../../shared/domain/findings'
import { evidenceId, metricNames } from '../../../shared/domain/interpretation'
import { metricUnit, observationLine, seriesLine, type ObservationLine, type SeriesLine } from './lines'
import { selectObservations } from './observations'
import { ageBand, identifierScrubber } from './privacy'

/** Bumped whenever the builder or renderer changes what a prompt says, so provenance can tell formats apart. */
export const PROMPT_FORMAT = 'ctx-1'

const MAX_PRIORS = 10
const MAX_PRIOR_VALUES = 20
const MAX_NOTES = 10
const MAX_TEXT = 500

export interface PriorReportValue {
  display: string
  value: string
  unit: string | null
  flag: string | null
}

/** An earlier report of the same patient, reduced to its key values. */
export interface PriorReport {
  id: number
  observedAt: string | null
  kind: string
  keyValues: PriorReportValue[]
}

export interface PromptContextOptions {
  priorReports: PriorReport[]
  /** Clinician notes about the patient, newest last. */
  notes: string[]
  /** ISO date-time: shown as "today" and used for the age when the report has no time. Never read from the clock. */
  now?: string
  /**
   * Leave absolute dates out (the report's year stays, earlier reports say "N days before"),
   * for prompts that leave this machine as training data.
   */
  relativeDatesOnly?: boolean
}

export interface PromptContext {
  format: typeof PROMPT_FORMAT
  report: {
    kind: string
    device: string | null
    status: string
    observedAt: string | null
    hasCorrections: boolean
    observations: ObservationLine[]
    series: SeriesLine[]
    omittedObservations: number
    metrics: { id: string; name: string; value: number; unit: string | null }[]
    statements: { id: string; kind: string; text: string }[]
  }
  findings: {
    id: string
    severity: string
    title: string
    message: string
    source: string
    observations: string[]
    deviceFlag: string | null
    disagreement: string | null
    notEvaluated: string | null
  }[]
  patient: {
    ageBand: string | null
    sex: string
    today: string | null
    priors: { id: string; date: string | null; daysBefore: number | null; kind: string; values: PriorReportValue[] }[]
    notes: string[]
  }
  /** Every evidence id the prompt shows, in prompt order: what a draft may cite. */
  evidenceIds: string[]
}

/** Collapses whitespace (a prompt line is one line) and caps the length. */
export function oneLine(text: string, max = MAX_TEXT): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat
}

const DAY_MS = 86_400_000

/** Whole calendar days between the date parts of two ISO strings; null when either has no date. */
export function daysBetween(earlier: string | null, later: string | null): number | null {
  const day = (iso: string | null): number | null => {
    const m = iso === null ? null : /^(\d{4})-(\d{2})-(\d{2})/.exec(iso)
    return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null
  }
  const a = day(earlier)
  const b = day(later)
  return a === null || b === null ? null : Math.round((b - a) / DAY_MS)
}

function sexLabel(sex: string | null): string {
  const s = sex?.trim().toLowerCase()
  if (s === 'male' || s === 'm') return 'male'
  if (s === 'female' || s === 'f') return 'female'
  if (s === 'other') return 'other'
  return 'unknown'
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

export function buildPromptContext(report: ReportDetail, opts: PromptContextOptions): PromptContext {
  const scrub = identifierScrubber(report)
  const text = (s: string): string => oneLine(scrub(s))
  const maybe = (s: string | null): string | null => (s === null ? null : text(s))
  const relative = opts.relativeDatesOnly === true
  const evidenceIds: string[] = []

  const selection = selectObservations(report)
  const observations = selection.listed.map((o: Observation) => observationLine(o, maybe))
  const series = selection.series.map((s) => seriesLine(s, maybe, relative))
  for (const o of observations) evidenceIds.push(o.id)
  for (const s of series) for (const id of [s.lowest?.id, s.highest?.id]) if (id !== undefined && !evidenceIds.includes(id)) evidenceIds.push(id)

  const metrics = metricNames(report.metrics).map((name, i) => ({
    id: evidenceId.metric(i + 1),
    name,
    value: report.metrics[name] ?? Number.NaN,
    unit: metricUnit(name),
  }))
  const statements = [...report.statements]
    .sort((a, b) => a.seq - b.seq)
    .map((s) => ({ id: evidenceId.statement(s.seq), kind: s.kind, text: text(s.text) }))
  const findings = [...report.findings]
    .sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || a.id - b.id)
    .map((f) => ({
      id: evidenceId.finding(f.id),
      severity: f.severity,
      title: text(f.title),
      message: text(f.message),
      source: text(f.source),
      observations: [...f.observationIds].sort((a, b) => a - b).map(evidenceId.observation),
      deviceFlag: maybe(f.deviceFlag),
      disagreement: maybe(f.disagreement),
      notEvaluated: maybe(f.notEvaluated),
    }))

  const reportTime = report.observedAt ?? opts.now ?? report.receivedAt
  const priors = [...opts.priorReports]
    // Newest first; undated last; then by id, so equal dates keep one order.
    .sort((a, b) => byCodeUnit(b.observedAt ?? '', a.observedAt ?? '') || b.id - a.id)
    .slice(0, MAX_PRIORS)
    .map((p) => ({
      id: evidenceId.report(p.id),
      date: relative || p.observedAt === null ? null : p.observedAt,
      daysBefore: daysBetween(p.observedAt, reportTime),
      kind: p.kind,
      values: [...p.keyValues]
        .map((v) => ({ display: text(v.display), value: text(v.value), unit: maybe(v.unit), flag: maybe(v.flag) }))
        .sort((a, b) => byCodeUnit(a.display, b.display) || byCodeUnit(a.value, b.value))
        .slice(0, MAX_PRIOR_VALUES),
    }))

  for (const m of metrics) evidenceIds.push(m.id)
  for (const s of statements) evidenceIds.push(s.id)
  for (const f of findings) evidenceIds.push(f.id)
  for (const p of priors) evidenceIds.push(p.id)

  const device = [report.deviceInfo.manufacturer, report.deviceInfo.model].filter((s): s is string => s !== null && s.trim() !== '')
  return {
    format: PROMPT_FORMAT,
    report: {
      kind: report.kind,
      device: device.length > 0 ? text(device.join(' ')) : null,
      status: report.status,
      observedAt: report.observedAt === null ? null : relative ? report.observedAt.slice(0, 4) : report.observedAt,
      hasCorrections: report.status === 'corrected' || report.observations.some((o) => o.status === 'corrected' || o.history.length > 0),
      observations,
      series,
      omittedObservations: selection.omitted,
      metrics,
      statements,
    },
    findings,
    patient: {
      ageBand: ageBand(report.patient.birthDate, reportTime),
      sex: sexLabel(report.patient.sex),
      today: opts.now === undefined || relative ? null : opts.now.slice(0, 10),
      priors,
      notes: opts.notes.slice(-MAX_NOTES).map((n) => text(n)),
    },
    evidenceIds,
  }
}
