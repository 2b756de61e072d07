// Prints a prompt context into a template: byte-identical output for identical input, the shared prefix, the version.
import type { PromptContext } from './context'
import { PROMPT_FORMAT } from './context'
import { num, type ObservationLine, type SeriesLine } from './lines'
import type { ChatMessage } from './chatTemplate'
import { fillTemplate, messageTemplates, splitTemplate, templateVersion, type Placeholder } from './template'

export interface RenderedPrompt {
  /** The filled template: what a model without a chat template is given as raw text. */
  text: string
  /** The same content as chat messages, system then user (messageTemplates), for a model with a chat template. */
  messages: ChatMessage[]
  /** The instruction block every report shares: `text` starts with it. */
  prefix: string
  /** templateVersion(template). */
  version: string
  /** The builder/renderer format (PROMPT_FORMAT): with the version, what an export needs to rebuild the prompt. */
  format: string
}

const REPORT_STATUS: Readonly<Record<string, string>> = {
  preliminary: 'PRELIMINARY — results may still change; do not call them final',
  corrected: 'CORRECTED — some values replace earlier ones',
  cancelled: 'CANCELLED — do not interpret',
  final: 'final',
}

function observation(o: ObservationLine): string {
  const parts = [`${o.value}${o.unit ? ` ${o.unit}` : ''}${o.normalised ? ` (normalised: ${o.normalised})` : ''}`]
  if (o.reference) parts.push(`reference ${o.reference}`)
  if (o.deviceFlag) parts.push(`device flag ${o.deviceFlag}`)
  parts.push(o.corrected ? `${o.status}, replaces ${o.corrected}` : o.status)
  if (o.doNotInterpret) parts.push(o.doNotInterpret)
  return `[${o.id}] ${o.name} (${o.code}): ${parts.join('; ')}`
}

function series(s: SeriesLine): string {
  const parts = [`${s.count} readings${s.from && s.to ? ` from ${s.from} to ${s.to}` : ''}`]
  if (s.lowest) parts.push(`lowest ${s.lowest.value} [${s.lowest.id}]`)
  if (s.highest) parts.push(`highest ${s.highest.value} [${s.highest.id}]`)
  parts.push('individual readings are not listed: a continuous trace is not interpreted, use the summary metrics')
  return `${s.name} (${s.code}): ${parts.join('; ')}`
}

function section(title: string, lines: string[], empty: string): string[] {
  return lines.length > 0 ? [`${title}:`, ...lines] : [`${title}: ${empty}`]
}

function reportSection(r: PromptContext['report']): string {
  const lines = [
    `Kind: ${r.kind}`,
    `Device: ${r.device ?? 'not stated'}`,
    `Report status: ${REPORT_STATUS[r.status] ?? r.status}`,
    `Observed: ${r.observedAt ?? 'time not stated'}`,
  ]
  if (r.hasCorrections) lines.push('Corrections: this report carries corrected values; each says what it replaces.')
  const observed = r.observations.map(observation)
  if (r.omittedObservations > 0) observed.push(`(${r.omittedObservations} further observations not shown)`)
  lines.push(...section('Observations', observed, 'none'))
  if (r.series.length > 0) lines.push(...section('Series', r.series.map(series), 'none'))
  lines.push(...section('Summary metrics', r.metrics.map((m) => `[${m.id}] ${m.name} = ${num(m.value)}${m.unit ? ` ${m.unit}` : ''}`), 'none'))
  lines.push(...section('Statements and notes', r.statements.map((s) => `[${s.id}] ${s.kind}: ${s.text}`), 'none'))
  return lines.join('\n')
}

function findingsSection(findings: PromptContext['findings']): string {
  if (findings.length === 0) return 'No rule fired.'
  return findings
    .map((f) => {
      const parts = [`[${f.id}] ${f.severity.toUpperCase()} — ${f.title}: ${f.message}`]
      if (f.observations.length > 0) parts.push(`Rests on ${f.observations.map((id) => `[${id}]`).join(', ')}.`)
      if (f.deviceFlag) parts.push(`Device flag ${f.deviceFlag}.`)
      if (f.disagreement) parts.push(`Disagreement: ${f.disagreement}`)
      if (f.notEvaluated) parts.push(`Not evaluated: ${f.notEvaluated}`)
      parts.push(`Source: ${f.source}`)
      return parts.join(' ')
    })
    .join('\n')
}

function patientSection(p: PromptContext['patient']): string {
  const lines = [`Age band: ${p.ageBand ?? 'unknown'}`, `Sex: ${p.sex}`]
  if (p.today) lines.push(`Today: ${p.today}`)
  const priors = p.priors.map((r) => {
    const when = [r.date, r.daysBefore === null ? null : `${r.daysBefore} days before this report`].filter((s) => s !== null).join(', ')
    const values = r.values.map((v) => `${v.display} ${v.value}${v.unit ? ` ${v.unit}` : ''}${v.flag ? ` (flag ${v.flag})` : ''}`)
    return `[${r.id}] ${r.kind}${when ? `, ${when}` : ''}: ${values.length > 0 ? values.join('; ') : 'no key values'}`
  })
  lines.push(...section('Earlier reports', priors, 'none'))
  lines.push(...section('Clinician notes', p.notes.map((n) => `- ${n}`), 'none'))
  return lines.join('\n')
}

/** The prompt for one report. Nothing here reads the clock or the environment. */
export function renderPrompt(template: string, context: PromptContext): RenderedPrompt {
  const sections: Record<Placeholder, string> = {
    report: reportSection(context.report),
    findings: findingsSection(context.findings),
    patient_context: patientSection(context.patient),
  }
  const parts = messageTemplates(template)
  return {
    text: fillTemplate(template, sections),
    messages: [
      { role: 'system', content: parts.system },
      { role: 'user', content: fillTemplate(parts.user, sections).trim() },
    ],
    prefix: splitTemplate(template).prefix,
    version: templateVersion(template),
    format: PROMPT_FORMAT,
  }
}
