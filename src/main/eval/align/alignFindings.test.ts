// Finding alignment, F1, error kinds and predicted corrections on hand-built drafts and signed versions.
import { describe, expect, it } from 'vitest'
import { alignFindings } from './alignFindings'
import { predictCorrections } from './corrections'
import { errorKinds, statesOtherNumber, type ErrorCounts } from './errorKinds'
import { findingScores, microScores } from './findingScores'
import { finding as f, interpretation } from './testSupport'

const K = f('Potassium 6.8 mmol/L is critically high.', 'critical', ['O1', 'F1'])
const GLUCOSE = f('Glucose 250 mg/dL is raised.', 'abnormal', ['O3', 'F2'])
const SODIUM = f('Sodium is within range.', 'normal', ['O2'])

describe('alignFindings', () => {
  it('pairs findings that share evidence, best overlap first, and leaves the rest unmatched', () => {
    const draft = [K, GLUCOSE, SODIUM]
    const signed = [K, { ...GLUCOSE, evidence: ['O3'] }, f('Mild anaemia.', 'abnormal', ['O4'])]
    const a = alignFindings(draft, signed)
    expect(a.pairs.map((p) => [p.draftIndex, p.referenceIndex, p.basis, p.evidenceOverlap])).toEqual([
      [0, 0, 'evidence', 1],
      [1, 1, 'evidence', 1 / 2],
    ])
    expect(a.unmatchedDraft).toEqual([2])
    expect(a.unmatchedReference).toEqual([2])
    const s = findingScores(a.pairs.length, 3, 3)
    expect([s.precision, s.recall, s.f1]).toEqual([2 / 3, 2 / 3, 2 / 3])
  })

  it('ranks evidence overlap above statement similarity', () => {
    // d0 has the signed text word for word but cites O1 and O2 (Jaccard 1/2); d1 cites exactly O1 (Jaccard 1).
    const draft = [f('Potassium and sodium reviewed.', 'abnormal', ['O1', 'O2']), f('Potassium high.', 'abnormal', ['O1'])]
    const signed = [f('Potassium and sodium reviewed.', 'abnormal', ['O1'])]
    const a = alignFindings(draft, signed)
    expect(a.pairs.map((p) => [p.draftIndex, p.referenceIndex])).toEqual([[1, 0]])
    expect(a.unmatchedDraft).toEqual([0])
  })

  it('matches findings without shared evidence by statement similarity at or above the threshold', () => {
    // "sinus rhythm with normal intervals" vs "sinus rhythm normal intervals": LCS 4, P 4/5, R 1 → F1 8/9.
    const draft = [f('Sinus rhythm with normal intervals.', 'normal'), f('Left axis deviation.', 'abnormal')]
    const signed = [f('Sinus rhythm, normal intervals.', 'normal'), f('No ST changes.', 'normal')]
    const a = alignFindings(draft, signed)
    expect(a.pairs).toEqual([{ draftIndex: 0, referenceIndex: 0, basis: 'statement', evidenceOverlap: 0, similarity: expect.closeTo(8 / 9, 12) }])
    expect(a.unmatchedDraft).toEqual([1])
    expect(a.unmatchedReference).toEqual([1])
    expect(alignFindings(draft, signed, { minSimilarity: 0.9 }).pairs).toEqual([])
  })

  it('breaks full ties by the lower draft index, and ignores malformed evidence ids', () => {
    const a = alignFindings([f('K high', 'abnormal', ['O1']), f('K high', 'abnormal', ['O1'])], [f('K high', 'abnormal', ['O1'])])
    expect(a.pairs.map((p) => p.draftIndex)).toEqual([0])
    const b = alignFindings([f('Raised.', 'abnormal', ['glucose', 'O01'])], [f('Anaemia present.', 'abnormal', ['O1'])])
    expect(b.pairs).toEqual([])
  })
})

describe('findingScores', () => {
  it.each([
    // [matched, drafted, signed, precision, recall, F1]
    [2, 3, 3, 2 / 3, 2 / 3, 2 / 3],
    [1, 1, 4, 1, 1 / 4, 2 / 5],
    [3, 4, 3, 3 / 4, 1, 6 / 7],
    [0, 2, 2, 0, 0, 0],
    [0, 0, 0, 1, 1, 1], // both say there is nothing
    [0, 0, 2, 1, 0, 0], // nothing drafted
    [0, 2, 0, 0, 1, 0], // nothing signed
  ])('%i matched of %i drafted and %i signed → P %f R %f F1 %f', (m, d, r, p, rec, f1) => {
    const s = findingScores(m, d, r)
    expect(s.precision).toBeCloseTo(p, 12)
    expect(s.recall).toBeCloseTo(rec, 12)
    expect(s.f1).toBeCloseTo(f1, 12)
  })

  it('micro-averages totals, not per-report ratios', () => {
    // 1/1 and 0/3 matched: micro P = 1/4, R = 1/4 (per-report F1 would average 1 and 0).
    const s = microScores([{ matched: 1, draft: 1, reference: 1 }, { matched: 0, draft: 3, reference: 3 }])
    expect([s.precision, s.recall, s.f1]).toEqual([1 / 4, 1 / 4, 1 / 4])
    expect(() => findingScores(3, 2, 5)).toThrow(/3 matched/)
  })
})

describe('errorKinds', () => {
  const none: ErrorCounts = { false_finding: 0, missed_finding: 0, wrong_severity: 0, wrong_value_or_unit: 0, comparison_wrong: 0, comparison_omitted: 0 }
  const kinds = (d: ReturnType<typeof interpretation>, r: ReturnType<typeof interpretation>) => errorKinds(d, r, alignFindings(d.findings, r.findings))

  it.each([
    ['identical', [K], [K], {}],
    ['a false and a missed finding', [K, SODIUM], [K, f('Mild anaemia.', 'abnormal', ['O4'])], { false_finding: 1, missed_finding: 1 }],
    ['wrong severity', [K], [{ ...K, severity: 'abnormal' as const }], { wrong_severity: 1 }],
    ['wrong value', [f('Potassium 7.4 mmol/L is critical.', 'critical', ['O1'])], [f('Potassium 6.8 mmol/L is critical.', 'critical', ['O1'])], { wrong_value_or_unit: 1 }],
    ['wrong unit', [f('Potassium 6.8 mg/dL.', 'critical', ['O1'])], [f('Potassium 6.8 mmol/L.', 'critical', ['O1'])], { wrong_value_or_unit: 1 }],
    ['rounded to fewer digits is not wrong', [f('Sodium 138 mmol/L, 6.80 mmol/L.', 'normal', ['O2'])], [f('Sodium 138.4 mmol/L, 6.8 mmol/L.', 'normal', ['O2'])], {}],
    ['a signed statement without numbers shows no value wrong', [f('Potassium 6.8 mmol/L.', 'critical', ['O1'])], [f('Potassium critically high.', 'critical', ['O1'])], {}],
    ['wrong severity and value in one pair', [f('Potassium 5.8 mmol/L.', 'abnormal', ['O1'])], [f('Potassium 6.8 mmol/L.', 'critical', ['O1'])], { wrong_severity: 1, wrong_value_or_unit: 1 }],
  ] as const)('%s', (_, d, r, expected) => {
    expect(kinds(interpretation([...d]), interpretation([...r]))).toEqual({ ...none, ...expected })
  })

  it.each([
    // [draft comparison, signed comparison, expected]
    [null, 'Potassium rose from 5.9 mmol/L.', { comparison_omitted: 1 }],
    ['Potassium rose from 5.9 mmol/L.', null, { comparison_wrong: 1 }],
    ['Potassium rose by 0.9 mmol/L.', 'Potassium has risen by 0.9 mmol/L since R45.', {}],
    ['Potassium rose by 1.5 mmol/L.', 'Potassium rose by 0.9 mmol/L.', { comparison_wrong: 1 }],
    ['Stable since the last report.', 'No earlier report to compare.', {}],
    [null, null, {}],
    ['   ', null, {}],
  ] as const)('comparison %j against %j', (dc, rc, expected) => {
    expect(kinds(interpretation([], { comparison_with_prior: dc }), interpretation([], { comparison_with_prior: rc }))).toEqual({ ...none, ...expected })
  })

  it('compares numbers by unit and by the precision written', () => {
    expect(statesOtherNumber('QTc 480 ms', 'QTc 480 ms')).toBe(false)
    expect(statesOtherNumber('QTc 480 ms', 'QTc 0.48 s')).toBe(true) // other unit: the reviewer rewrote it
    expect(statesOtherNumber('QTc 480 ms and 520 ms', 'QTc 480 ms')).toBe(true)
  })
})

describe('predictCorrections', () => {
  it('accepts an unchanged finding, edits a changed one, rejects an unmatched one, counts the added', () => {
    const draft = [K, GLUCOSE, SODIUM]
    const signed = [{ ...K, statement: '  Potassium 6.8 mmol/L  is critically high.' }, { ...GLUCOSE, recommendation: 'Repeat fasting glucose.' }, f('Mild anaemia.', 'abnormal', ['O4'])]
    const c = predictCorrections(draft, signed, alignFindings(draft, signed))
    expect(c).toEqual({ actions: ['accepted', 'edited', 'rejected'], accepted: 1, edited: 1, rejected: 1, added: 1, rate: 2 / 3 })
  })

  it.each([
    ['statement', { statement: 'Potassium 6.8 mmol/L is critically HIGH.' }],
    ['severity', { severity: 'abnormal' as const }],
    ['evidence', { evidence: ['O1'] }],
    ['recommendation', { recommendation: 'Repeat.' }],
  ])('an edit to the %s counts as edited', (_, patch) => {
    const signed = [{ ...K, ...patch }]
    expect(predictCorrections([K], signed, alignFindings([K], signed)).actions).toEqual(['edited'])
  })

  it('has no rate when nothing was drafted', () => {
    const signed = [K]
    expect(predictCorrections([], signed, alignFindings([], signed))).toEqual({ actions: [], accepted: 0, edited: 0, rejected: 0, added: 1, rate: null })
  })
})
