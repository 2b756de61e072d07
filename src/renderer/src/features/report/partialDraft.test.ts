// Unit tests for reading a streamed draft before it is complete.
import { describe, expect, it } from 'vitest'
import { parsePartialJson, partialDraft } from './partialDraft'

const FULL = JSON.stringify({
  summary: 'Potassium 6.8 mmol/L is critical.\nRepeat "stat".',
  findings: [
    { statement: 'Hyperkalaemia', severity: 'critical', evidence: ['O12', 'F3'], recommendation: 'Repeat the sample' },
    { statement: 'Sodium normal', severity: 'normal', evidence: [], recommendation: null },
  ],
  overall_severity: 'critical',
  comparison_with_prior: null,
  limitations: 'No ECG – “none” sent \u00e9',
})

describe('parsePartialJson', () => {
  it('reads every prefix of a draft without throwing, and the whole text exactly', () => {
    for (let n = 0; n <= FULL.length; n++) expect(() => parsePartialJson(FULL.slice(0, n))).not.toThrow()
    expect(parsePartialJson(FULL)).toEqual(JSON.parse(FULL))
  })
  it('keeps a string cut off mid-way, drops a cut escape and a key that has no value yet', () => {
    expect(parsePartialJson('{"summary":"Potas')).toEqual({ summary: 'Potas' })
    expect(parsePartialJson('{"summary":"a\\')).toEqual({ summary: 'a' })
    expect(parsePartialJson('{"summary":"a\\u00')).toEqual({ summary: 'a' })
    expect(parsePartialJson('{"summary":"a\\u00e9"')).toEqual({ summary: 'aé' })
    expect(parsePartialJson('{"summary":"a","find')).toEqual({ summary: 'a' })
    expect(parsePartialJson('{"summary":"a","findings"')).toEqual({ summary: 'a' })
    expect(parsePartialJson('{"summary":"a","findings":')).toEqual({ summary: 'a' })
  })
  it('leaves out a literal that may still grow', () => {
    expect(parsePartialJson('{"r":nu')).toEqual({})
    expect(parsePartialJson('{"r":null')).toEqual({})
    expect(parsePartialJson('{"r":null,')).toEqual({ r: null })
    expect(parsePartialJson('[1,2')).toEqual([1])
  })
  it('says when the text is not the start of JSON', () => {
    expect(parsePartialJson('Sure! Here is')).toBeUndefined()
    expect(parsePartialJson('{"a" 1}')).toBeUndefined()
    expect(parsePartialJson('')).toBeUndefined()
  })
})

describe('partialDraft', () => {
  it('fills in the summary, then findings one by one', () => {
    expect(partialDraft('{"summary":"Potassium 6')).toEqual({ summary: 'Potassium 6', findings: [] })
    const mid = partialDraft('{"summary":"K high","findings":[{"statement":"Hyperk","severity":"crit')
    expect(mid?.summary).toBe('K high')
    expect(mid?.findings).toEqual([{ statement: 'Hyperk', severity: undefined, evidence: [], recommendation: undefined }])
    const ev = partialDraft('{"summary":"K","findings":[{"statement":"x","severity":"abnormal","evidence":["O12","F')
    expect(ev?.findings[0]).toEqual({ statement: 'x', severity: 'abnormal', evidence: ['O12', 'F'], recommendation: undefined })
  })
  it('reads the whole draft', () => {
    const d = partialDraft(FULL)
    expect(d?.findings).toHaveLength(2)
    expect(d?.findings[1]?.recommendation).toBeNull()
    expect(d?.overall_severity).toBe('critical')
    expect(d?.comparison_with_prior).toBeNull()
    expect(d?.limitations).toContain('“none”')
  })
  it('ignores values of the wrong type and is null for anything but an object', () => {
    expect(partialDraft('{"summary":3,"overall_severity":"severe","findings":{}}')).toEqual({
      summary: undefined,
      findings: [],
      overall_severity: undefined,
      comparison_with_prior: undefined,
      limitations: undefined,
    })
    expect(partialDraft('["summary"]')).toBeNull()
    expect(partialDraft('')).toBeNull()
  })
})
