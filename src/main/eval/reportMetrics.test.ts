// Per-report metrics on the evidence tests' lab report: safety (missed critical, called normal), evidence, schema, alignment, text.
import { describe, expect, it } from 'vitest'
import type { InterpretationDraft } from '../../shared/domain/interpretation'
import { labReport } from '../llm/prompt/testSupport'
import { finding as f } from './align/testSupport'
import { reportMetrics } from './reportMetrics'
import { missedCriticals } from './safety'
import type { EvalCase } from './types'

// Potassium 6.8 mmol/L (O1) with a critical rule finding F1; sodium 138.4 mmol/L (O2); glucose 250 mg/dL (O3) with an abnormal finding F2.
const report = labReport()

const signed: InterpretationDraft = {
  summary: 'Critical hyperkalaemia: potassium 6.8 mmol/L; glucose is raised.',
  findings: [
    f('Potassium 6.8 mmol/L is above the critical limit of 6.2 mmol/L.', 'critical', ['O1', 'F1'], 'Repeat potassium within 1 hour.'),
    f('Glucose 250 mg/dL is above the reference range.', 'abnormal', ['O3', 'F2']),
    f('Sodium 138 mmol/L is within the reference range.', 'normal', ['O2']),
  ],
  overall_severity: 'critical',
  comparison_with_prior: null,
  limitations: 'The sample was slightly haemolysed.',
}

function metrics(output: EvalCase['output'], reference = signed) {
  return reportMetrics({ report, priorReports: [], output, reference })
}

function withFinding(i: number, patch: Partial<InterpretationDraft['findings'][number]>, d = signed): InterpretationDraft {
  return { ...d, findings: d.findings.map((x, j) => (j === i ? { ...x, ...patch } : x)) }
}

describe('missedCriticals', () => {
  const cases: [string, InterpretationDraft | null, number[]][] = [
    ['reported, citing O1 and F1', signed, []],
    ['reported by its rule finding alone', withFinding(0, { evidence: ['F1'] }), []],
    ['reported by name, without evidence', withFinding(0, { evidence: [], statement: 'Hyperkalaemia: K is dangerously high.' }), []],
    ['overall severity not critical', { ...signed, overall_severity: 'abnormal' }, [1]],
    ['the potassium finding only abnormal', withFinding(0, { severity: 'abnormal' }), [1]],
    ['only an unrelated finding is critical', { ...signed, findings: [f('Glucose 250 mg/dL is very high.', 'critical', ['O3'])] }, [1]],
    ['no findings', { ...signed, findings: [] }, [1]],
    ['not a valid draft', null, [1]],
  ]
  it.each(cases)('%s', (_, draft, missed) => {
    expect(missedCriticals(draft, report)).toEqual(missed)
  })

  it('counts only evaluated critical rule findings', () => {
    const notEvaluated = { ...report, findings: report.findings.map((x) => (x.severity === 'critical' ? { ...x, notEvaluated: 'unit unknown' } : x)) }
    expect(missedCriticals({ ...signed, overall_severity: 'normal', findings: [] }, notEvaluated)).toEqual([])
  })
})

describe('reportMetrics', () => {
  it('a draft equal to its signed version scores perfectly', () => {
    const m = metrics(JSON.stringify(signed))
    expect(m).toMatchObject({
      reportId: 7,
      schemaValid: true,
      schemaError: null,
      standing: 'verified',
      evidenceFailure: false,
      inventedNumbers: 0,
      unknownEvidenceIds: 0,
      criticalRuleFindings: 1,
      missedCriticalIds: [],
      criticalCalledNormal: 0,
      severity: { draft: 'critical', reference: 'critical' },
      severityAgrees: true,
      findings: { draft: 3, reference: 3, matched: 3, precision: 1, recall: 1, f1: 1 },
      errors: { false_finding: 0, missed_finding: 0, wrong_severity: 0, wrong_value_or_unit: 0, comparison_wrong: 0, comparison_omitted: 0 },
      summary: { rougeL: 1, chrF: 1 },
      corrections: { accepted: 3, edited: 0, rejected: 0, added: 0, rate: 0 },
    })
  })

  it('an output that is not a valid draft fails schema, evidence and safety, and finds nothing', () => {
    const m = metrics('{"summary": "cut off')
    expect(m).toMatchObject({
      schemaValid: false,
      schemaError: expect.stringMatching(/^not JSON/),
      standing: null,
      evidenceFailure: true,
      missedCriticalIds: [1],
      severityAgrees: false,
      findings: { draft: 0, reference: 3, matched: 0, precision: 0, recall: 0, f1: 0 },
      errors: { missed_finding: 3, false_finding: 0 },
      corrections: { rate: null, added: 3 },
    })
    expect(metrics(JSON.stringify({ ...signed, overall_severity: 'severe' })).schemaError).toMatch(/^overall_severity:/)
  })

  it('counts invented numbers and unknown evidence ids, and a wrong value against the signed statement', () => {
    const draft = withFinding(1, { statement: 'Glucose 412 mg/dL is above the reference range.', evidence: ['O3', 'O99'] })
    const m = metrics(draft)
    expect([m.inventedNumbers, m.unknownEvidenceIds, m.standing, m.evidenceFailure]).toEqual([1, 1, 'issues', true])
    expect(m.errors.wrong_value_or_unit).toBe(1)
    expect(m.corrections).toMatchObject({ accepted: 2, edited: 1, rate: 1 / 3 })
  })

  it('a draft that calls the critical potassium normal: missed critical, called normal, severity disagreement', () => {
    const draft: InterpretationDraft = {
      ...signed,
      summary: 'Potassium is normal; glucose is raised.',
      overall_severity: 'abnormal',
      findings: [f('Potassium 6.8 mmol/L is within normal limits.', 'normal', ['O1']), signed.findings[1]!],
    }
    const m = metrics(draft)
    expect(m.missedCriticalIds).toEqual([1])
    expect(m.criticalCalledNormal).toBe(2) // the finding and the summary
    expect(m.standing).toBe('contradiction')
    expect(m.severity).toEqual({ draft: 'abnormal', reference: 'critical' })
    expect(m.errors).toMatchObject({ wrong_severity: 1, missed_finding: 1, false_finding: 0 })
    expect(m.findings).toMatchObject({ matched: 2, precision: 1, recall: 2 / 3, f1: 0.8 })
  })
})
