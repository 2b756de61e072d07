// The diff before signing: word-level text diffs and per-finding changes, worked out by hand.
import { describe, expect, it } from 'vitest'
import type { InterpretationDraft } from './interpretation'
import { diffInterpretation } from './interpretationDiff'
import { diffText } from './textDiff'

describe('diffText', () => {
  it.each([
    ['', '', []],
    ['same text', 'same text', [{ op: 'same', text: 'same text' }]],
    ['Potassium is high.', 'Potassium is critically high.', [{ op: 'same', text: 'Potassium is ' }, { op: 'added', text: 'critically ' }, { op: 'same', text: 'high.' }]],
    ['Sodium 138 normal', 'Sodium 138.4 normal', [{ op: 'same', text: 'Sodium ' }, { op: 'removed', text: '138' }, { op: 'added', text: '138.4' }, { op: 'same', text: ' normal' }]],
    ['a b', '', [{ op: 'removed', text: 'a b' }]],
    ['', 'new', [{ op: 'added', text: 'new' }]],
  ] as const)('%j → %j', (a, b, parts) => {
    expect(diffText(a, b)).toEqual(parts)
  })

  it('rebuilds both texts from its parts', () => {
    const a = 'Glucose 250 mg/dL is high; repeat fasting.'
    const b = 'Glucose 250 mg/dL is markedly high;  repeat tomorrow, fasting.'
    const parts = diffText(a, b)
    expect(parts.filter((p) => p.op !== 'added').map((p) => p.text).join('')).toBe(a)
    expect(parts.filter((p) => p.op !== 'removed').map((p) => p.text).join('')).toBe(b)
  })
})

const f = (statement: string, severity: 'normal' | 'abnormal' | 'critical', evidence: string[]) => ({ statement, severity, evidence, recommendation: null })
const BEFORE: InterpretationDraft = { summary: 'High potassium.', findings: [f('K high', 'abnormal', ['O1']), f('Na normal', 'normal', ['O2'])], overall_severity: 'abnormal', comparison_with_prior: null, limitations: '' }

describe('diffInterpretation', () => {
  it('marks an identical version identical', () => {
    const d = diffInterpretation(BEFORE, BEFORE, [0, 1])
    expect(d.identical).toBe(true)
    expect(d.findings.map((x) => x.change)).toEqual(['unchanged', 'unchanged'])
  })

  it('lists edited, removed and added findings with their field changes', () => {
    const after: InterpretationDraft = { ...BEFORE, findings: [f('K critically high', 'critical', ['O1', 'F2']), f('Haemolysed', 'abnormal', ['S1'])], overall_severity: 'critical' }
    const d = diffInterpretation(BEFORE, after, [0, null])
    expect(d.identical).toBe(false)
    expect(d.findings.map((x) => [x.change, x.draftIndex, x.resultIndex])).toEqual([
      ['edited', 0, 0],
      ['removed', 1, null],
      ['added', null, 1],
    ])
    expect(d.findings[0]!.severity).toEqual({ before: 'abnormal', after: 'critical' })
    expect(d.findings[0]!.evidence).toEqual({ removed: [], added: ['F2'], kept: ['O1'] })
    expect(d.findings[0]!.statement).toEqual([{ op: 'same', text: 'K ' }, { op: 'added', text: 'critically ' }, { op: 'same', text: 'high' }])
    expect(d.overallSeverity).toEqual({ before: 'abnormal', after: 'critical' })
  })
})
