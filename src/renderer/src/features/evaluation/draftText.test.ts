import { describe, expect, it } from 'vitest'
import type { InterpretationDraft } from '../../../../shared/domain/interpretation'
import { diffToSigned, draftText, outputText } from './draftText'

const signed: InterpretationDraft = {
  summary: 'Potassium is high.',
  findings: [{ statement: 'Potassium 6.8 mmol/L is critically high.', severity: 'critical', evidence: ['O1'], recommendation: 'Repeat now.' }],
  overall_severity: 'critical',
  comparison_with_prior: null,
  limitations: '',
}

describe('draftText', () => {
  it('writes severity, summary, numbered findings with evidence and next step', () => {
    expect(draftText(signed)).toBe(['Overall: critical', 'Summary: Potassium is high.', '1. (critical) Potassium 6.8 mmol/L is critically high. [O1]', '   Next step: Repeat now.'].join('\n'))
  })
  it('says when there are no findings and adds comparison and limitations when present', () => {
    const d: InterpretationDraft = { summary: 'Normal.', findings: [], overall_severity: 'normal', comparison_with_prior: 'Unchanged since March.', limitations: 'Short recording.' }
    expect(draftText(d)).toBe(['Overall: normal', 'Summary: Normal.', 'No findings.', 'Comparison: Unchanged since March.', 'Limitations: Short recording.'].join('\n'))
  })
})

describe('outputText', () => {
  it.each([
    [{ draft: null, schemaError: 'findings.0.severity: invalid', rawOutput: '{"x":1}' }, 'Not a valid draft: findings.0.severity: invalid.\n\n{"x":1}'],
    [{ draft: null }, 'Not a valid draft.'],
    [{ draft: null, schemaError: null, rawOutput: '' }, 'Not a valid draft.'],
  ])('%j', (o, text) => expect(outputText(o)).toBe(text))
})

describe('diffToSigned', () => {
  it('marks the words the clinician changed', () => {
    const draft: InterpretationDraft = { ...signed, overall_severity: 'abnormal', findings: [{ ...signed.findings[0]!, severity: 'abnormal', statement: 'Potassium 6.8 mmol/L is high.' }] }
    const parts = diffToSigned({ draft }, signed)
    expect(parts.filter((p) => p.op === 'removed').map((p) => p.text)).toEqual(['abnormal', 'abnormal'])
    expect(parts.filter((p) => p.op === 'added').map((p) => p.text)).toEqual(['critical', 'critical', 'critically '])
    // Dropping the added parts gives the draft, dropping the removed ones the signed text.
    expect(parts.filter((p) => p.op !== 'added').map((p) => p.text).join('')).toBe(draftText(draft))
    expect(parts.filter((p) => p.op !== 'removed').map((p) => p.text).join('')).toBe(draftText(signed))
  })
})
