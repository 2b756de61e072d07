// The engine around the kinds: skipped statuses, units that cannot be mapped, comparators, device flags, ordering.
import { describe, expect, it } from 'vitest'
import { compileRuleSet } from './compile'
import { loadDefaultRuleSet } from './defaults'
import { evaluateReport } from './engine'
import { loadRuleFile, type RuleSet } from './ruleFile'
import { fired, noPrior, obs, of, report, run } from './testSupport'

const rules = loadDefaultRuleSet()

describe('what is evaluated', () => {
  it('skips observations entered in error or cancelled; evaluates preliminary ones', () => {
    expect(run(rules, [obs('2823-3', 7.5, 'mmol/L', { status: 'entered-in-error' })])).toEqual([])
    expect(run(rules, [obs('2823-3', 7.5, 'mmol/L', { status: 'cancelled' })])).toEqual([])
    expect(fired(run(rules, [obs('2823-3', 7.5, 'mmol/L', { status: 'preliminary' })]))).toEqual(['potassium.critical'])
    expect(fired(run(rules, [obs('2823-3', 7.5, 'mmol/L', { status: 'corrected' })]))).toEqual(['potassium.critical'])
  })

  it('a pending result without a value says nothing; a final one without a number says why', () => {
    expect(run(rules, [obs('2823-3', null, 'mmol/L', { status: 'pending' })])).toEqual([])
    const [finding] = run(rules, [obs('2823-3', null, 'mmol/L', { valueType: 'text', valueText: 'haemolysed' })])
    expect(finding?.notEvaluated).toBe('not evaluated: no numeric value')
  })

  it('matches LOINC written as LN or http://loinc.org', () => {
    expect(fired(run(rules, [obs('2823-3', 7, 'mmol/L', { codeSystem: 'LN' })]))).toEqual(['potassium.critical'])
    expect(fired(run(rules, [obs('2823-3', 7, 'mmol/L', { codeSystem: 'http://loinc.org' })]))).toEqual(['potassium.critical'])
  })

  it('codes no rule names produce nothing', () => {
    expect(run(rules, [obs('ECG_ATRIAL_RATE', 300, '/min', { codeSystem: 'LOCAL' })], { kind: 'ecg' })).toEqual([])
  })
})

describe('units that cannot be compared are never compared', () => {
  it('an unknown unit: not evaluated, information, with the unit named', () => {
    const findings = run(rules, [obs('2345-7', 30, 'mg per dl')])
    expect(findings.map((f) => [f.ruleId, f.severity, f.notEvaluated])).toEqual([
      ['glucose.critical', 'info', 'not evaluated: unit "mg per dl" unknown'],
      ['lab.reference_range', 'info', 'not evaluated: unit "mg per dl" unknown'],
    ])
  })

  it('an ambiguous unit keeps the reason (G/L: gauss per litre or 10^9/L)', () => {
    const [finding] = run(rules, [obs('777-3', 10, 'G/L')])
    expect(finding?.notEvaluated).toMatch(/unit "G\/L" unknown \(ambiguous/)
  })

  it('a valid unit of the wrong dimension: not evaluated', () => {
    const [finding] = run(rules, [obs('2823-3', 7, 'mm[Hg]')])
    expect(finding?.notEvaluated).toBe('not evaluated: unit "mm[Hg]" cannot be converted to mmol/L')
  })

  it('no unit at all (and not a pure number): not evaluated', () => {
    expect(run(rules, [obs('2823-3', 7, null)])[0]?.notEvaluated).toBe('not evaluated: no unit given')
  })
})

describe('values reported as bounds are judged conservatively', () => {
  it('">400" mg/dL glucose is above 400', () => {
    const [finding] = run(rules, [obs('2345-7', 400, 'mg/dL', { comparator: '>' })])
    expect(finding).toMatchObject({ ruleId: 'glucose.critical', severity: 'critical', values: { comparator: '>' } })
    expect(finding?.message).toContain('>400 mg/dL')
  })

  it('"<40" is at or below 50', () => {
    expect(fired(run(rules, [obs('2345-7', 40, 'mg/dL', { comparator: '<' })]))).toEqual(['glucose.critical'])
  })

  it('">300" cannot be placed against > 400: not evaluated rather than called normal', () => {
    const [finding] = of(run(rules, [obs('2345-7', 300, 'mg/dL', { comparator: '>' })]), 'glucose.critical')
    expect(finding?.notEvaluated).toMatch(/">300 mg\/dL" cannot be compared with ≤ 50 or > 400/)
  })

  it('"<0.5" INR is certainly not above 5', () => {
    expect(run(rules, [obs('6301-6', 0.5, null, { comparator: '<' })])).toEqual([])
  })
})

describe("the device's own flag", () => {
  it("device 'N' but the rule finds it critical: both recorded", () => {
    const [finding] = run(rules, [obs('2823-3', 6.8, 'mmol/L', { deviceFlag: 'N' })])
    expect(finding).toMatchObject({
      ruleId: 'potassium.critical',
      severity: 'critical',
      deviceFlag: 'N',
      disagreement: 'device flagged N (normal); rule potassium.critical finds it high (critical)',
      values: { value: 6.8, unit: 'mmol/L', threshold: 6.2 },
    })
  })

  it("device 'H' and the rule finds it in range: an information finding with both sides", () => {
    const [finding] = run(rules, [obs('2823-3', 5.0, 'mmol/L', { deviceFlag: 'H', refLow: 3.5, refHigh: 5.1 })])
    expect(finding).toMatchObject({ ruleId: 'lab.reference_range', severity: 'info', deviceFlag: 'H' })
    expect(finding?.disagreement).toBe("device flagged H (high); rule lab.reference_range finds the value within the device's own range 3.5–5.1 mmol/L")
  })

  it("device 'L' but the value is high", () => {
    const [finding] = of(run(rules, [obs('2823-3', 5.5, 'mmol/L', { deviceFlag: 'L', refLow: 3.5, refHigh: 5.1 })]), 'lab.reference_range')
    expect(finding?.disagreement).toMatch(/device flagged L \(low\); .* finds it high/)
  })

  it("device 'HH' but the critical rule does not fire: kept as a disagreement", () => {
    const [finding] = of(run(rules, [obs('2823-3', 5.9, 'mmol/L', { deviceFlag: 'HH' })]), 'potassium.critical')
    expect(finding).toMatchObject({ severity: 'info', deviceFlag: 'HH' })
    expect(finding?.disagreement).toMatch(/device flagged HH \(critical high\); .* inside its critical limits \(> 6.2\)/)
  })

  it("device 'H' with a critical finding is agreement, not disagreement", () => {
    const [finding] = run(rules, [obs('2823-3', 6.5, 'mmol/L', { deviceFlag: 'H' })])
    expect(finding?.disagreement).toBeUndefined()
    expect(finding?.deviceFlag).toBe('H')
  })

  it("device 'N' and the rule agrees: nothing", () => {
    expect(run(rules, [obs('2823-3', 4.2, 'mmol/L', { deviceFlag: 'N', refLow: 3.5, refHigh: 5.1 })])).toEqual([])
  })
})

describe('findings', () => {
  it('carry rule id, rule-set version, source, observation ids and the value as the device printed it', () => {
    const o = obs('2345-7', 2.5, 'mmol/L')
    const [finding] = run(rules, [o])
    expect(finding).toMatchObject({
      ruleId: 'glucose.critical',
      ruleSetVersion: rules.ruleSetVersion,
      source: expect.stringContaining('critical-value') as string,
      observationIds: [o.id],
      values: { unit: 'mg/dL', threshold: 50, comparison: '≤', observed: '2.5 mmol/L' },
    })
    expect(finding?.message).toBe('Glucose 45.04 mg/dL: critical (≤ 50 mg/dL). (Reported as 2.5 mmol/L.)')
  })

  it("take the patient's age from the first timed observation when the report has no time", () => {
    const hb = obs('718-7', 11.8, 'g/dL', { observedAt: '2026-03-02T08:00:00Z' })
    expect(fired(run(rules, [hb], { sex: 'male', birthDate: '2014-03-02', observedAt: null }))).toEqual(['hemoglobin.low'])
  })

  it('come most severe first', () => {
    const findings = run(rules, [obs('59408-5', 99, '%'), obs('2823-3', 5.5, 'mmol/L', { refLow: 3.5, refHigh: 5.1 }), obs('2951-2', 118, 'mmol/L')])
    expect(findings.map((f) => f.severity)).toEqual(['critical', 'abnormal', 'info'])
  })

  it('are the same from a compiled and an uncompiled rule set, and on every run', () => {
    const input = { report: report([obs('2823-3', 7, 'mmol/L'), obs('718-7', 6, 'g/dL')]), prior: noPrior }
    const a = evaluateReport(rules, input)
    expect(evaluateReport(compileRuleSet(rules), input)).toEqual(a)
    expect(evaluateReport(rules, input)).toEqual(a)
  })
})

describe('selectors', () => {
  function siteRules(extra: string): RuleSet {
    const text = [
      'version: "t"',
      'name: t',
      'rules:',
      '  - id: creat.adult',
      '    title: Creatinine',
      '    kind: reference_range',
      '    applies_to: [{ system: LOINC, code: 2160-0, unit: mg/dL }]',
      '    use_device_range: false',
      '    ranges:',
      '      - { sex: female, age: { min: 18 }, low: 0.5, high: 1.0 }',
      '      - { sex: male, age: { min: 18 }, low: 0.7, high: 1.3 }',
      '      - { age: { max: 18 }, low: 0.3, high: 0.7 }',
      '    severity: abnormal',
      '    message: "Creatinine {value} {unit} outside {low}–{high}{band}"',
      '    source: test',
      extra,
    ].join('\n')
    const result = loadRuleFile(text)
    if (!result.ok) throw new Error(JSON.stringify(result.errors))
    return result.ruleSet
  }

  it('sex- and age-specific bands pick the range', () => {
    const set = siteRules('')
    const creat = (v: number) => [obs('2160-0', v, 'mg/dL')]
    expect(fired(run(set, creat(1.2), { sex: 'female', birthDate: '1980-01-01' }))).toEqual(['creat.adult'])
    expect(fired(run(set, creat(1.2), { sex: 'male', birthDate: '1980-01-01' }))).toEqual([])
    expect(fired(run(set, creat(1.2), { sex: 'male', birthDate: '2015-01-01' }))).toEqual(['creat.adult'])
    expect(run(set, creat(1.2), { sex: 'female', birthDate: '1980-01-01' })[0]?.message).toBe('Creatinine 1.2 mg/dL outside 0.5–1 (female, age ≥ 18 y)')
  })

  it('"use_device_range: false" ignores the device range', () => {
    expect(fired(run(siteRules(''), [obs('2160-0', 1.2, 'mg/dL', { refLow: 0.5, refHigh: 1.5 })], { sex: 'female', birthDate: '1980-01-01' }))).toEqual(['creat.adult'])
  })

  it('a partial birth date that straddles a band boundary matches neither band', () => {
    // Born some time in 2008: 17 or 18 on 2026-03-01.
    const [finding] = run(siteRules(''), [obs('2160-0', 1.2, 'mg/dL')], { sex: 'female', birthDate: '2008' })
    expect(finding?.notEvaluated).toMatch(/no reference range fits/)
  })

  it('report_kinds limits a rule to some reports', () => {
    const set = loadRuleFile(
      [
        'version: "t"',
        'name: t',
        'rules:',
        '  - { id: hr, title: HR, kind: threshold, report_kinds: [ecg], applies_to: [{ system: LOINC, code: 8867-4 }], unit: /min, above: 100, severity: abnormal, message: "HR {value}", source: s }',
      ].join('\n'),
    )
    if (!set.ok) throw new Error(JSON.stringify(set.errors))
    expect(fired(run(set.ruleSet, [obs('8867-4', 120, 'bpm')], { kind: 'ecg' }))).toEqual(['hr'])
    expect(fired(run(set.ruleSet, [obs('8867-4', 120, 'bpm')], { kind: 'oximetry' }))).toEqual([])
  })
})
