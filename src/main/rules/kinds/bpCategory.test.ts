// 2017 ACC/AHA blood-pressure categories from averaged readings; the higher of systolic and diastolic wins.
import { describe, expect, it } from 'vitest'
import { loadDefaultRuleSet } from '../defaults'
import { obs, of, run } from '../testSupport'

const rules = loadDefaultRuleSet()
const bp = { kind: 'blood_pressure' }

function categoryOf(pairs: [number, number][], metrics?: Record<string, number>): string | number | undefined {
  const observations = pairs.flatMap(([s, d]) => [obs('8480-6', s, 'mmHg'), obs('8462-4', d, 'mm[Hg]')])
  const [finding] = of(run(rules, observations, { ...bp, ...(metrics ? { metrics } : {}) }), 'bp.category')
  return finding?.values.category
}

describe('bp.category', () => {
  it.each([
    [119, 79, 'normal'],
    [120, 79, 'elevated'],
    [129, 79, 'elevated'],
    [130, 79, 'stage_1'],
    [119, 80, 'stage_1'],
    [125, 85, 'stage_1'], // elevated systolic, stage 1 diastolic: the higher wins
    [139, 89, 'stage_1'],
    [140, 70, 'stage_2'],
    [120, 90, 'stage_2'],
    [180, 100, 'stage_2'],
    [170, 120, 'stage_2'],
    [181, 70, 'crisis'],
    [185, 70, 'crisis'],
    [150, 121, 'crisis'],
  ])('%s/%s → %s', (s, d, category) => {
    expect(categoryOf([[s, d]])).toBe(category)
  })

  it('severity per category: normal info, elevated to stage 2 abnormal, crisis critical', () => {
    const severity = (s: number, d: number) => of(run(rules, [obs('8480-6', s, 'mmHg'), obs('8462-4', d, 'mmHg')], bp), 'bp.category')[0]?.severity
    expect(severity(110, 70)).toBe('info')
    expect(severity(125, 70)).toBe('abnormal')
    expect(severity(135, 70)).toBe('abnormal')
    expect(severity(145, 70)).toBe('abnormal')
    expect(severity(190, 70)).toBe('critical')
  })

  it('averages the readings (118/78 and 124/80 → 121/79, elevated)', () => {
    const [finding] = of(run(rules, [obs('8480-6', 118, 'mmHg'), obs('8462-4', 78, 'mmHg'), obs('8480-6', 124, 'mmHg'), obs('8462-4', 80, 'mmHg')], bp), 'bp.category')
    expect(finding).toMatchObject({ values: { systolic: 121, diastolic: 79, readings: 2, category: 'elevated' } })
    expect(finding?.message).toBe('Average blood pressure 121/79 mmHg over 2 reading(s): Elevated.')
    expect(finding?.observationIds).toHaveLength(4)
  })

  it("prefers the device's averages (bp.avg_sys / bp.avg_dia) to the readings", () => {
    expect(categoryOf([[200, 130]], { 'bp.avg_sys': 135.2, 'bp.avg_dia': 70, 'bp.readings': 14 })).toBe('stage_1')
  })

  it('rounds the average to 0.1 mmHg before categorising, so shown value and category agree', () => {
    // (129 + 130 + 130.9) / 3 = 129.97 → 130.0 → stage 1.
    expect(categoryOf([[129, 70], [130, 70], [130.9, 70]])).toBe('stage_1')
  })

  it('converts kPa (16 kPa = 120.0 mmHg)', () => {
    const findings = run(rules, [obs('8480-6', 16, 'kPa'), obs('8462-4', 9, 'kPa')], bp)
    expect(of(findings, 'bp.category')[0]?.values).toMatchObject({ systolic: 120, diastolic: 67.5, category: 'elevated' })
  })

  it('one side missing: categorised from the other, and says so', () => {
    const [finding] = of(run(rules, [obs('8480-6', 190, 'mmHg')], bp), 'bp.category')
    expect(finding).toMatchObject({ severity: 'critical', values: { category: 'crisis', note: expect.stringMatching(/diastolic not reported/) as string } })
  })

  it('a reading in an unknown unit is left out and reported', () => {
    const findings = run(rules, [obs('8480-6', 125, 'mmHg'), obs('8480-6', 300, 'furlong'), obs('8462-4', 75, 'mmHg')], bp)
    expect(of(findings, 'bp.category').map((f) => f.values.category ?? f.notEvaluated)).toEqual(['elevated', expect.stringMatching(/unit "furlong" unknown/)])
  })

  it('leaves readings flagged implausible at import out of the average, and says so', () => {
    const flag = { deviceFlag: 'IMPLAUSIBLE' }
    const observations = [
      obs('8480-6', 120, 'mmHg', { subId: '0' }),
      obs('8462-4', 80, 'mmHg', { subId: '0' }),
      obs('8480-6', 130, 'mmHg', { subId: '1', ...flag }),
      obs('8462-4', 85, 'mmHg', { subId: '1', ...flag }),
    ]
    const findings = of(run(rules, observations, bp), 'bp.category')
    const category = findings.find((f) => f.notEvaluated === undefined)
    expect(category).toMatchObject({ values: { systolic: 120, diastolic: 80, readings: 1, category: 'stage_1' } })
    expect(category?.observationIds).toEqual([observations[0]!.id, observations[1]!.id])
    expect(findings.filter((f) => f.notEvaluated !== undefined).map((f) => [f.notEvaluated, f.observationIds, f.deviceFlag])).toEqual([
      ['not evaluated: 1 implausible systolic reading(s) left out of the average', [observations[2]!.id], 'IMPLAUSIBLE'],
      ['not evaluated: 1 implausible diastolic reading(s) left out of the average', [observations[3]!.id], 'IMPLAUSIBLE'],
    ])
  })

  it('leaves an implausible pair from HL7 or FHIR (systolic not above diastolic) out too, unflagged', () => {
    const observations = [obs('8480-6', 185, 'mm[Hg]'), obs('8462-4', 125, 'mm[Hg]'), obs('8480-6', 80, 'mm[Hg]'), obs('8462-4', 120, 'mm[Hg]')]
    const findings = of(run(rules, observations, bp), 'bp.category')
    expect(findings.find((f) => f.notEvaluated === undefined)?.values).toMatchObject({ systolic: 185, diastolic: 125, readings: 1, category: 'crisis' })
    expect(findings.filter((f) => f.notEvaluated !== undefined)).toHaveLength(2)
  })

  it("with the file's averages, flagged readings are not listed as used and the exclusion is still shown", () => {
    const observations = [obs('8480-6', 126, 'mmHg', { subId: '0' }), obs('8462-4', 82, 'mmHg', { subId: '0' }), obs('8480-6', 80, 'mmHg', { subId: '1', deviceFlag: 'IMPLAUSIBLE' }), obs('8462-4', 120, 'mmHg', { subId: '1', deviceFlag: 'IMPLAUSIBLE' })]
    const findings = of(run(rules, observations, { ...bp, metrics: { 'bp.avg_sys': 126, 'bp.avg_dia': 82, 'bp.readings': 1, 'bp.implausible': 1 } }), 'bp.category')
    const category = findings.find((f) => f.notEvaluated === undefined)
    expect(category).toMatchObject({ values: { systolic: 126, diastolic: 82, readings: 1, category: 'stage_1' } })
    expect(category?.observationIds).toEqual([observations[0]!.id, observations[1]!.id])
    expect(findings.filter((f) => f.notEvaluated !== undefined)).toHaveLength(2)
  })

  it('no blood pressure in the report: no finding', () => {
    expect(of(run(rules, [obs('2823-3', 4, 'mmol/L')]), 'bp.category')).toEqual([])
  })
})
