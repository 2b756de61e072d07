// The target serialiser: schema key order whatever order the object was built in, compact, parseable, validated.
import { describe, expect, it } from 'vitest'
import { parseDraft, type InterpretationDraft } from '../../shared/domain/interpretation'
import { serialiseInterpretation } from './canonical'

describe('serialiseInterpretation', () => {
  it('writes keys in the grammar order, whatever order they were built in', () => {
    const scrambled = {
      limitations: 'none',
      comparison_with_prior: null,
      overall_severity: 'abnormal',
      findings: [{ recommendation: null, evidence: ['O1', 'F2'], severity: 'abnormal', statement: 'QTc 480 ms, prolonged.' }],
      summary: 'Prolonged QTc.',
    } as InterpretationDraft
    expect(serialiseInterpretation(scrambled)).toBe(
      '{"summary":"Prolonged QTc.","findings":[{"statement":"QTc 480 ms, prolonged.","severity":"abnormal","evidence":["O1","F2"],"recommendation":null}],' +
        '"overall_severity":"abnormal","comparison_with_prior":null,"limitations":"none"}',
    )
  })

  it('keeps strings exactly, escapes as JSON does, and parses back to the same draft', () => {
    const d: InterpretationDraft = {
      summary: 'Line one\nline "two" – ü',
      findings: [],
      overall_severity: 'normal',
      comparison_with_prior: 'Unchanged since [R3].',
      limitations: '',
    }
    const text = serialiseInterpretation(d)
    expect(text).toBe('{"summary":"Line one\\nline \\"two\\" – ü","findings":[],"overall_severity":"normal","comparison_with_prior":"Unchanged since [R3].","limitations":""}')
    const back = parseDraft(text)
    expect(back).toEqual({ ok: true, draft: d })
  })

  it('refuses what the grammar could not have produced', () => {
    const bad = { summary: 'x', findings: [], overall_severity: 'severe', comparison_with_prior: null, limitations: '' } as unknown as InterpretationDraft
    expect(() => serialiseInterpretation(bad)).toThrow()
  })
})
