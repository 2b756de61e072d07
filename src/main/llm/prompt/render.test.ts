// Rendering: byte-identical prompts for identical input, a shared prefix, and what each section says.
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ReportDetail } from '../../../shared/contract/reports'
import { buildPromptContext, PROMPT_FORMAT, type PriorReport } from './context'
import { DEFAULT_TEMPLATE } from './defaultTemplate'
import { SERIES_MIN_READINGS } from './observations'
import { renderPrompt } from './render'
import { messageTemplates, splitTemplate, templateVersion } from './template'
import { labReport, observation } from './testSupport'

const priors: PriorReport[] = [
  { id: 45, observedAt: '2026-01-30T10:00:00Z', kind: 'lab', keyValues: [{ display: 'Potassium', value: '5.9', unit: 'mmol/L', flag: 'H' }, { display: 'Sodium', value: '140', unit: 'mmol/L', flag: null }] },
  { id: 31, observedAt: '2025-11-02T10:00:00Z', kind: 'lab', keyValues: [{ display: 'Potassium', value: '4.6', unit: 'mmol/L', flag: null }] },
]
const notes = ['On ramipril since 2024.']

function render(report: ReportDetail, opts: Partial<Parameters<typeof buildPromptContext>[1]> = {}) {
  return renderPrompt(DEFAULT_TEMPLATE, buildPromptContext(report, { priorReports: priors, notes, ...opts }))
}

function reversed<T>(items: T[]): T[] {
  return [...items].reverse()
}

afterEach(() => {
  vi.useRealTimers()
})

describe('renderPrompt determinism', () => {
  it('renders the same report twice to identical text, whatever the clock says', () => {
    vi.useFakeTimers()
    vi.setSystemTime(new Date('2030-01-01T00:00:00Z'))
    const first = render(labReport())
    vi.setSystemTime(new Date('2031-06-15T12:34:56Z'))
    const second = render(structuredClone(labReport()))
    expect(second.text).toBe(first.text)
    expect(first.text).not.toMatch(/2030|2031/)
  })

  it('does not depend on the order rows and priors arrive in', () => {
    const report = labReport()
    const shuffled: ReportDetail = {
      ...report,
      observations: reversed(report.observations),
      findings: reversed(report.findings),
      statements: reversed(report.statements),
      metrics: Object.fromEntries(reversed(Object.entries({ 'x.b': 2, 'x.a': 1 }))),
    }
    const ordered = { ...report, metrics: { 'x.a': 1, 'x.b': 2 } }
    const shuffledPriors = reversed(priors).map((p) => ({ ...p, keyValues: reversed(p.keyValues) }))
    expect(render(shuffled, { priorReports: shuffledPriors }).text).toBe(render(ordered).text)
  })

  it('shares the instruction prefix across reports and versions by template text', () => {
    const a = render(labReport())
    const b = render(labReport({ id: 8, kind: 'ecg', observations: [observation(20, '8636-3', 512, 'ms')] }))
    expect(a.text).not.toBe(b.text)
    expect(a.prefix).toBe(b.prefix)
    expect(a.prefix).toBe(splitTemplate(DEFAULT_TEMPLATE).prefix)
    expect(a.text.startsWith(a.prefix)).toBe(true)
    expect(a.version).toBe(templateVersion(DEFAULT_TEMPLATE))
    expect(a.format).toBe(PROMPT_FORMAT)
    const edited = renderPrompt(DEFAULT_TEMPLATE.replace('RULES', 'RULES (site)'), buildPromptContext(labReport(), { priorReports: priors, notes }))
    expect(edited.version).not.toBe(a.version)
  })

  it('gives the same content as messages: the instructions, identical for every report, and the report', () => {
    const a = render(labReport())
    const b = render(labReport({ id: 8, kind: 'ecg', observations: [observation(20, '8636-3', 512, 'ms')] }))
    expect(a.messages.map((m) => m.role)).toEqual(['system', 'user'])
    const [system, user] = a.messages.map((m) => m.content) as [string, string]
    expect(system).toBe(b.messages[0]!.content)
    expect(user).not.toBe(b.messages[1]!.content)
    expect(system).toBe(messageTemplates(DEFAULT_TEMPLATE).system)
    expect(a.prefix.startsWith(system)).toBe(true)
    expect(user.startsWith('REPORT\nKind: lab\n')).toBe(true)
    expect(user.endsWith('\n\nDRAFT (JSON)')).toBe(true)
    // The raw text is the two messages with the template's own blank line between them.
    expect(a.text).toBe(`${system}\n\n${user}\n`)
  })

  it('prints numbers exactly as stored', () => {
    const text = render(labReport({ observations: [observation(1, '2951-2', 0.1 + 0.2, 'mmol/L'), observation(2, '777-3', 1234.5, '10*9/L')], findings: [] })).text
    expect(text).toContain('0.30000000000000004 mmol/L')
    expect(text).toContain('1234.5 10*9/L')
  })
})

describe('prompt content', () => {
  const text = render(labReport()).text

  it('lists each observation with id, name, code, value, unit, range, flag and status', () => {
    expect(text).toContain('[O1] Potassium [Moles/volume] in Serum or Plasma (LOINC 2823-3): 6.8 mmol/L; reference 3.5 to 5.1 mmol/L; device flag HH; final')
    expect(text).toContain('[O2] Sodium [Moles/volume] in Serum or Plasma (LOINC 2951-2): 138.4 mmol/L')
  })

  it('lists rule findings with id, severity, message, basis and source', () => {
    expect(text).toMatch(/\[F1\] CRITICAL — Critical potassium: Potassium 6\.8 mmol\/L: critical \(> 6\.2 mmol\/L\)\. Rests on \[O1\]\. Device flag HH\. Source: Hospital laboratory/)
  })

  it('gives statements and notes with ids, and the patient context without identity', () => {
    expect(text).toContain('[S1] machine: Sample slightly haemolysed')
    expect(text).toContain('Age band: 60–69')
    expect(text).toContain('Sex: female')
    expect(text).toContain('[R45] lab, 2026-01-30T10:00:00Z, 30 days before this report: Potassium 5.9 mmol/L (flag H); Sodium 140 mmol/L')
    expect(text.indexOf('[R45]')).toBeLessThan(text.indexOf('[R31]'))
    expect(text).toContain('- On ramipril since 2024.')
    expect(text).not.toContain('Today:')
  })

  it('shows today only when given, and only the date', () => {
    expect(render(labReport(), { now: '2026-03-02T11:22:33Z' }).text).toContain('Today: 2026-03-02\n')
  })

  it('calls out preliminary and corrected results', () => {
    const report = labReport({ status: 'preliminary' })
    report.observations[0] = { ...report.observations[0]!, status: 'corrected', history: [{ valueNum: 5.2, valueText: null, unit: 'mmol/L', status: 'preliminary', supersededAt: '2026-03-01T09:00:00Z' }] }
    report.observations[1] = { ...report.observations[1]!, status: 'preliminary' }
    const t = render(report).text
    expect(t).toContain('Report status: PRELIMINARY')
    expect(t).toContain('CORRECTED, replaces 5.2 mmol/L (preliminary)')
    expect(t).toMatch(/\[O2\][^\n]*; PRELIMINARY/)
    expect(t).toContain('Corrections: this report carries corrected values')
  })

  it('shows the normalised value beside a converted one, and refuses unmapped units', () => {
    const report = labReport({
      observations: [observation(1, '14749-6', 13.9, 'mmol/L'), observation(2, '2823-3', 4.1, 'mmol/x')],
      findings: [],
    })
    const t = render(report).text
    expect(t).toMatch(/\[O1\] Glucose \[Moles\/volume\] in Serum or Plasma \(LOINC 14749-6\): 13\.9 mmol\/L \(normalised: 250\.4\d* mg\/dL\)/)
    expect(t).toMatch(/\[O2\][^\n]*4\.1 mmol\/x;[^\n]*unit not recognised — do not interpret/)
  })

  it('marks unnamed local codes and cancelled results as not to be interpreted', () => {
    const report = labReport({
      observations: [
        { ...observation(1, 'XYZ', 3, null), codeSystem: 'LOCAL', display: null, unitUnmapped: 'no unit given' },
        { ...observation(2, '2823-3', 4.1, 'mmol/L'), status: 'cancelled' },
      ],
      findings: [],
    })
    const t = render(report).text
    expect(t).toMatch(/\[O1\] unnamed observation \(LOCAL XYZ\)[^\n]*code not recognised — do not interpret/)
    expect(t).toMatch(/\[O2\][^\n]*CANCELLED; cancelled — do not interpret/)
  })

  it('summarises long series instead of listing every reading, and numbers the metrics', () => {
    const readings = Array.from({ length: 300 }, (_, i) =>
      observation(100 + i, '99504-3', 100 + (i % 50), 'mg/dL', { observedAt: `2026-02-${String(1 + Math.floor(i / 24)).padStart(2, '0')}T${String(i % 24).padStart(2, '0')}:00:00` }),
    )
    const report = labReport({ kind: 'cgm', observations: readings, findings: [], metrics: { 'agp.tir_70_180_pct': 71.5, 'agp.cv_pct': 30.2 } })
    const t = render(report).text
    expect(t).toContain('Glucose [Mass/volume] in Interstitial fluid (LOINC 99504-3): 300 readings from 2026-02-01T00:00:00 to 2026-02-13T11:00:00; lowest 100 mg/dL [O100]; highest 149 mg/dL [O149]')
    expect(t).not.toContain('[O101]')
    expect(t).toContain('[M1] agp.cv_pct = 30.2 %')
    expect(t).toContain('[M2] agp.tir_70_180_pct = 71.5 %')
    expect(readings.length).toBeGreaterThanOrEqual(SERIES_MIN_READINGS)
  })

  it('keeps absolute dates out when asked (training export)', () => {
    const t = render(labReport(), { relativeDatesOnly: true, now: '2026-03-02T00:00:00Z' }).text
    expect(t).not.toMatch(/\d{4}-\d{2}-\d{2}/)
    expect(t).toContain('Observed: 2026')
    expect(t).toContain('[R45] lab, 30 days before this report:')
  })

  it('lists the ids a draft may cite', () => {
    const ctx = buildPromptContext(labReport(), { priorReports: priors, notes })
    expect(ctx.evidenceIds).toEqual(['O1', 'O2', 'O3', 'S1', 'S2', 'F1', 'F2', 'R45', 'R31'])
  })
})
