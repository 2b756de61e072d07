// The evidence check on hand-written drafts: correct ones pass, invented numbers, bad ids and contradictions are flagged.
import { describe, expect, it } from 'vitest'
import type { InterpretationDraft } from '../../../shared/domain/interpretation'
import type { PriorReport } from '../prompt/context'
import { labReport, observation } from '../prompt/testSupport'
import { checkEvidence, standing, type EvidenceCheck } from './checkEvidence'

// Potassium 6.8 mmol/L with a critical finding (F1), sodium 138.4 mmol/L, glucose 250 mg/dL with an abnormal finding (F2).
const report = labReport()
const priorReports: PriorReport[] = [
  { id: 45, observedAt: '2026-01-30T10:00:00Z', kind: 'lab', keyValues: [{ display: 'Potassium', value: '5.9', unit: 'mmol/L', flag: 'H' }] },
]

const correct: InterpretationDraft = {
  summary: 'Critical hyperkalaemia: potassium 6.8 mmol/L, above the critical limit of 6.2 mmol/L; glucose is raised at 13.9 mmol/L.',
  findings: [
    {
      statement: 'Potassium 6.8 mmol/L (LOINC 2823-3, 2026-03-01 08:30) is above the critical limit 6.2 mmol/L and the reference range 3.5 to 5.1 mmol/L; the device flagged it HH.',
      severity: 'critical',
      evidence: ['O1', 'F1'],
      recommendation: 'Repeat potassium within 1 hour, ideally on a non-haemolysed sample [S1], and review a 12-lead ECG.',
    },
    { statement: 'Glucose 13.9 mmol/L (250 mg/dL) is above the reference range of 70–99 mg/dL.', severity: 'abnormal', evidence: ['O3', 'F2'], recommendation: null },
    { statement: 'Sodium 138 mmol/L is within the reference range.', severity: 'normal', evidence: ['O2'], recommendation: null },
  ],
  overall_severity: 'critical',
  comparison_with_prior: 'Potassium has risen by 0.9 mmol/L from 5.9 mmol/L in R45, 30 days earlier.',
  limitations: 'The first sample was slightly haemolysed, which can raise potassium.',
}

function check(draft: InterpretationDraft, r = report, priors = priorReports): EvidenceCheck {
  return checkEvidence(draft, r, { priorReports: priors })
}

function withFinding(i: number, patch: Partial<InterpretationDraft['findings'][number]>, draft = correct): InterpretationDraft {
  return { ...draft, findings: draft.findings.map((f, j) => (j === i ? { ...f, ...patch } : f)) }
}

describe('checkEvidence on a correct draft', () => {
  it('passes: rounded numbers, glucose converted to mmol/L, a cited earlier value and its difference', () => {
    const result = check(correct)
    expect(result.issues).toEqual([])
    expect(result.ok).toBe(true)
    expect(standing(result)).toBe('verified')
  })

  it('matches a rounded value only within the rounding of the digits written', () => {
    expect(check({ ...correct, summary: 'Sodium 138.4 mmol/L, about 138.40 mmol/L.' }).ok).toBe(true)
    expect(check({ ...correct, summary: 'Sodium 138.5 mmol/L.' }).issues.map((i) => i.code)).toEqual(['NUMBER_NOT_IN_SOURCE'])
  })
})

describe('checkEvidence flags', () => {
  it('a duration outside a recommendation, but not inside one', () => {
    const result = check({ ...correct, summary: 'Potassium 6.8 mmol/L; repeat within 1 hour.' })
    expect(result.issues.map((i) => [i.code, i.findingIndex])).toEqual([['NUMBER_NOT_IN_SOURCE', null]])
  })

  it('a wrong number, in the finding that states it', () => {
    const result = check(withFinding(0, { statement: 'Potassium 7.4 mmol/L is above the critical limit.' }))
    expect(result.issues).toEqual([expect.objectContaining({ code: 'NUMBER_NOT_IN_SOURCE', findingIndex: 0, message: expect.stringContaining('7.4 mmol/L') })])
    expect(standing(result)).toBe('issues')
  })

  it('a right number in the wrong unit', () => {
    const result = check(withFinding(0, { statement: 'Potassium 6.8 mg/dL.' }))
    expect(result.issues.map((i) => i.code)).toEqual(['NUMBER_NOT_IN_SOURCE'])
  })

  it('values of an earlier report the draft does not cite', () => {
    const result = check({ ...correct, comparison_with_prior: 'Potassium was 5.9 mmol/L before.' })
    expect(result.issues).toEqual([expect.objectContaining({ code: 'NUMBER_NOT_IN_SOURCE', findingIndex: null, detail: expect.stringContaining('comparison_with_prior') })])
  })

  it('an evidence id that does not exist, or is no id at all', () => {
    const result = check(withFinding(1, { evidence: ['O3', 'O99', 'glucose'] }))
    expect(result.issues).toEqual([
      expect.objectContaining({ code: 'UNKNOWN_EVIDENCE_ID', findingIndex: 1, message: expect.stringMatching(/^O99 is neither part of this report/) }),
      expect.objectContaining({ code: 'UNKNOWN_EVIDENCE_ID', findingIndex: 1, message: '"glucose" is not an evidence id' }),
    ])
  })

  it('an abnormal finding without evidence', () => {
    const result = check(withFinding(1, { evidence: [] }))
    expect(result.issues).toEqual([expect.objectContaining({ code: 'MISSING_EVIDENCE', findingIndex: 1 })])
    expect(check(withFinding(1, { evidence: ['R99'] })).issues.map((i) => i.code)).toEqual(['UNKNOWN_EVIDENCE_ID', 'MISSING_EVIDENCE'])
  })

  it('a finding that calls the critical potassium normal, by its evidence or by name', () => {
    const byEvidence = check(withFinding(0, { statement: 'This result is within normal limits.', severity: 'normal', evidence: ['O1'], recommendation: null }))
    expect(byEvidence.issues).toEqual([expect.objectContaining({ code: 'CONTRADICTS_CRITICAL_FINDING', findingIndex: 0 })])
    expect(standing(byEvidence)).toBe('contradiction')

    const byName = check(withFinding(2, { statement: 'K and sodium are unremarkable.', severity: 'normal', evidence: [] }))
    expect(byName.issues).toEqual([expect.objectContaining({ code: 'CONTRADICTS_CRITICAL_FINDING', findingIndex: 2 })])

    const inClause = check(withFinding(1, { statement: 'Glucose is raised; potassium is normal.' }))
    expect(inClause.issues).toEqual([expect.objectContaining({ code: 'CONTRADICTS_CRITICAL_FINDING', findingIndex: 1 })])
  })

  it('a normal overall severity or summary despite a critical finding', () => {
    const result = check({ ...correct, overall_severity: 'normal', summary: 'Potassium normal, glucose raised.' })
    expect(result.issues.map((i) => [i.code, i.findingIndex, i.detail])).toEqual([
      ['CONTRADICTS_CRITICAL_FINDING', null, 'overall_severity'],
      ['CONTRADICTS_CRITICAL_FINDING', null, 'summary'],
    ])
  })

  it('does not call "abnormal" or "not normal" normal', () => {
    expect(check({ ...correct, summary: 'Potassium is abnormal and not normal at 6.8 mmol/L.' }).ok).toBe(true)
  })

  it('a preliminary report called final, but not one awaiting its final result', () => {
    const preliminary = labReport({ status: 'preliminary' })
    const called = check({ ...correct, summary: 'Final result: potassium 6.8 mmol/L.' }, preliminary)
    expect(called.issues).toEqual([expect.objectContaining({ code: 'CALLS_PRELIMINARY_FINAL', findingIndex: null, detail: 'summary' })])
    expect(standing(called)).toBe('contradiction')
    expect(check({ ...correct, limitations: 'Preliminary: not yet final; await the final report.' }, preliminary).ok).toBe(true)
  })

  it('a preliminary observation called final in the finding that cites it', () => {
    const r = labReport()
    r.observations[2] = { ...r.observations[2]!, status: 'preliminary' }
    const result = check(withFinding(1, { statement: 'Glucose 250 mg/dL is final and raised.' }), r)
    expect(result.issues).toEqual([expect.objectContaining({ code: 'CALLS_PRELIMINARY_FINAL', findingIndex: 1 })])
  })
})

describe('checkEvidence with series and metrics', () => {
  const readings = Array.from({ length: 40 }, (_, i) => observation(100 + i, '99504-3', 100 + i, 'mg/dL'))
  const cgm = labReport({ kind: 'cgm', observations: readings, findings: [], metrics: { 'agp.tir_70_180_pct': 71.54, 'agp.cv_pct': 30.2, 'agp.mean_mgdl': 119.5 } })

  it('accepts metrics cited by M id, rounded, and the series extremes', () => {
    const draft: InterpretationDraft = {
      summary: 'Time in range 72% over 40 readings; mean glucose 120 mg/dL (6.6 mmol/L), lowest 100 mg/dL.',
      findings: [{ statement: 'Glucose variability 30.2% is within target.', severity: 'normal', evidence: ['M1'], recommendation: null }],
      overall_severity: 'normal',
      comparison_with_prior: null,
      limitations: 'None.',
    }
    expect(check(draft, cgm, []).issues).toEqual([])
  })

  it('does not let a reading the prompt did not show source a number', () => {
    const draft: InterpretationDraft = { summary: 'One reading was 117 mg/dL.', findings: [], overall_severity: 'normal', comparison_with_prior: null, limitations: 'None.' }
    expect(check(draft, cgm, []).issues.map((i) => i.code)).toEqual(['NUMBER_NOT_IN_SOURCE'])
  })
})
