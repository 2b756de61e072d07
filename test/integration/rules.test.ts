// Rules on imported reports: findings at import, triage order, site overrides with re-evaluation, invalid files refused.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ReportDetail, ReportSummary } from '../../src/shared/contract/reports'
import { oru } from '../helpers/hl7'
import { ctxAs } from '../helpers/users'
import { callOk, makeServices, TEST_CTX, type TestServices } from '../helpers/services'

let t: TestServices
beforeEach(() => {
  t = makeServices()
})
afterEach(() => t.cleanup())

const ok = <T>(method: string, input: unknown) => callOk<T>(t, method, input)

const upload = (name: string, text: string) => ({ name, contentBase64: Buffer.from(text).toString('base64') })
const potassium = (value: string, flag = 'N') => [{ code: '2823-3', display: 'Potassium', value, unit: 'mmol/L', range: '3.5-5.1', flag }]

async function importCriticalAndNormal() {
  await ok('import.files', {
    files: [
      upload('normal-newer.hl7', oru({ controlId: 'N1', mrn: 'A1', family: 'Normal', observedAt: '20260301090000' })),
      upload('critical-older.hl7', oru({ controlId: 'K1', mrn: 'B2', family: 'Critical', observedAt: '20260201090000', results: potassium('6.8', 'N') })),
    ],
  })
}

describe('rules on imported reports', () => {
  it('stores findings with their basis at import and puts the critical report first', async () => {
    await importCriticalAndNormal()
    const list = await ok<{ items: ReportSummary[] }>('reports.list', {})
    expect(list.items.map((r) => r.patientName)).toEqual(['Critical, Alex', 'Normal, Alex'])
    expect(list.items[0]).toMatchObject({ maxSeverity: 'critical', topFinding: expect.stringContaining('Potassium 6.8 mmol/L') })
    expect(list.items[1]!.maxSeverity).toBeNull()
    // Time order is still available.
    const byTime = await ok<{ items: ReportSummary[] }>('reports.list', { sort: 'time' })
    expect(byTime.items[0]!.patientName).toBe('Normal, Alex')

    const report = await ok<ReportDetail>('reports.get', { id: list.items[0]!.id })
    const finding = report.findings.find((f) => f.ruleId === 'potassium.critical')!
    expect(finding).toMatchObject({ severity: 'critical', source: expect.stringContaining('critical-value') })
    expect(finding.observationIds).toEqual([report.observations[0]!.id])
    expect(finding.values).toMatchObject({ value: 6.8, threshold: 6.2 })
    // The device said N; the rule says critical: both are recorded.
    expect(finding.deviceFlag).toBe('N')
    expect(finding.disagreement).toBeTruthy()
  })

  it('a site rule file that overrides a default changes the findings after re-evaluation', async () => {
    await importCriticalAndNormal()
    const before = await ok<{ version: string; isDefault: boolean }>('rules.get', {})
    expect(before.isDefault).toBe(true)
    const site = [
      'version: "site-1"',
      'name: Example hospital',
      'rules:',
      '  - id: potassium.critical',
      '    title: Critical potassium (site)',
      '    kind: threshold',
      '    applies_to:',
      '      - { system: LOINC, code: 2823-3 }',
      '    unit: mmol/L',
      '    below: 2.5',
      '    above: 7.0',
      '    severity: critical',
      '    message: "Potassium {value} {unit}: critical ({comparison} {threshold} {unit})."',
      '    source: "Example hospital laboratory policy 2026"',
      '',
    ].join('\n')
    const progress: number[] = []
    t.services.events.onAny((e, p) => e === 'rules.progress' && progress.push((p as { done: number }).done))
    const run = await ok<{ version: string; reports: number }>('rules.activate', { text: site, jobId: 'r1' })
    expect(run.reports).toBe(2)
    expect(run.version).not.toBe(before.version)
    expect(progress.at(-1)).toBe(2)
    const list = await ok<{ items: ReportSummary[] }>('reports.list', { search: 'critical' })
    const report = await ok<ReportDetail>('reports.get', { id: list.items[0]!.id })
    expect(report.findings.map((f) => f.ruleId)).not.toContain('potassium.critical')
    // 6.8 is still outside the device's reference range.
    expect(report.maxSeverity).toBe('abnormal')
    // And back to the defaults.
    await ok('rules.resetToDefault', {})
    const again = await ok<ReportDetail>('reports.get', { id: report.id })
    expect(again.findings.map((f) => f.ruleId)).toContain('potassium.critical')
    const audit = await t.dispatch('audit.list', { action: 'rules.' }, ctxAs('ada', ['admin']))
    expect(audit.ok && (audit.value as { action: string }[]).map((a) => a.action)).toEqual(['rules.reset', 'rules.activated'])
  })

  it('refuses an invalid rule file with its line and keeps the active rules', async () => {
    const bad = 'version: "x"\nname: bad\nrules:\n  - id: a\n    title: A\n    kind: threshold\n    applies_to: []\n    unit: mmol/L\n    above: "high"\n'
    const v = await ok<{ ok: boolean; errors: { line: number; message: string }[] }>('rules.validate', { text: bad })
    expect(v.ok).toBe(false)
    expect(v.errors.some((e) => e.line >= 7)).toBe(true)
    const r = await t.dispatch('rules.activate', { text: bad }, TEST_CTX)
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(/line \d+, column \d+/) } })
    expect((await ok<{ isDefault: boolean }>('rules.get', {})).isDefault).toBe(true)
  })

  it('a correction re-evaluates the report', async () => {
    await ok('import.files', { files: [upload('k.hl7', oru({ controlId: 'K1', results: potassium('6.8', 'HH') }))] })
    await ok('import.files', {
      files: [upload('k2.hl7', oru({ controlId: 'K2', results: [{ ...potassium('4.4')[0]!, status: 'C' }] }))],
    })
    const list = await ok<{ items: ReportSummary[] }>('reports.list', {})
    expect(list.items).toHaveLength(1)
    expect(list.items[0]).toMatchObject({ status: 'corrected', maxSeverity: null })
  })
})
