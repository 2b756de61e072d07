// The shipped default rules, each on both sides of every boundary, in every unit system the source uses.
import { describe, expect, it } from 'vitest'
import type { Observation } from '../../shared/contract/reports'
import { loadDefaultRuleSet } from './defaults'
import { fired, obs, of, priorOf, run, type ReportOptions } from './testSupport'

const rules = loadDefaultRuleSet()

function firedOn(o: Observation, opts: ReportOptions = {}): string[] {
  return fired(run(rules, [o], opts))
}

type Case = [value: number, unit: string | null, fires: boolean]

function boundaries(ruleId: string, code: string, cases: Case[], opts: ReportOptions = {}): void {
  describe(`${ruleId} (${code})`, () => {
    it.each(cases)('%s %s → fires: %s', (value, unit, fires) => {
      expect(firedOn(obs(code, value, unit), opts).includes(ruleId)).toBe(fires)
    })
  })
}

it('loads, with a version carrying the content hash', () => {
  expect(rules.version).toBe('2026.1')
  expect(rules.ruleSetVersion).toMatch(/^2026\.1\+[0-9a-f]{12}$/)
})

describe('laboratory critical values', () => {
  // ≤ 50 or > 400 mg/dL; 1 mmol/L = 18.0156 mg/dL.
  boundaries('glucose.critical', '2345-7', [
    [50, 'mg/dL', true],
    [50.1, 'mg/dL', false],
    [400, 'mg/dL', false],
    [400.1, 'mg/dL', true],
    [2.77, 'mmol/L', true], // 49.90 mg/dL
    [2.78, 'mmol/L', false], // 50.08
    [22.2, 'mmol/L', false], // 399.95
    [22.21, 'mmol/L', true], // 400.13
  ])
  boundaries('glucose.critical', '14749-6', [[2.7, 'mmol/L', true], [5, 'mmol/L', false]])
  boundaries('glucose.critical', '41653-7', [[45, 'mg/dL', true]])
  // < 2.8 or > 6.2 mmol/L; a monovalent ion: mEq/L = mmol/L.
  boundaries('potassium.critical', '2823-3', [
    [2.8, 'mmol/L', false],
    [2.79, 'mmol/L', true],
    [6.2, 'mmol/L', false],
    [6.21, 'mmol/L', true],
    [2.8, 'mEq/L', false],
    [2.79, 'mEq/L', true],
    [6.2, 'mEq/L', false],
    [6.21, 'mEq/L', true],
  ])
  boundaries('sodium.critical', '2951-2', [
    [120, 'mmol/L', false],
    [119.9, 'mmol/L', true],
    [160, 'mmol/L', false],
    [160.1, 'mEq/L', true],
  ])
  // < 6.0 or > 13 mg/dL; 1 mmol/L = 4.0078 mg/dL; divalent: 1 mEq/L = 0.5 mmol/L.
  boundaries('calcium.critical', '17861-6', [
    [6.0, 'mg/dL', false],
    [5.99, 'mg/dL', true],
    [13, 'mg/dL', false],
    [13.01, 'mg/dL', true],
    [1.5, 'mmol/L', false], // 6.01 mg/dL
    [1.49, 'mmol/L', true], // 5.97
    [3.24, 'mmol/L', false], // 12.99
    [3.25, 'mmol/L', true], // 13.03
    [3.0, 'mEq/L', false], // 6.01 mg/dL
    [2.98, 'mEq/L', true], // 5.97
  ])
  boundaries('hemoglobin.critical', '718-7', [
    [7, 'g/dL', true],
    [7.01, 'g/dL', false],
    [70, 'g/L', true],
    [70.1, 'g/L', false],
  ])
  boundaries('platelets.critical', '777-3', [
    [20, '10^9/L', true],
    [21, 'x10^9/L', false],
    [20, 'K/uL', true],
    [20.5, '10*3/uL', false],
  ])
  boundaries('inr.critical', '6301-6', [
    [5, null, false],
    [5.01, null, true],
    [5.01, 'INR', true],
    [5, 'ratio', false],
  ])
})

describe('troponin above the 99th percentile', () => {
  const hsT = (value: number, unit: string, refHigh: number | null): Observation => obs('67151-1', value, unit, { refHigh })

  it("uses the device's upper reference limit when sent, and says so", () => {
    expect(firedOn(hsT(20, 'ng/L', 20))).not.toContain('troponin_t_hs.above_url')
    const [finding] = of(run(rules, [hsT(21, 'ng/L', 20)]), 'troponin_t_hs.above_url')
    expect(finding).toMatchObject({ severity: 'critical', values: { threshold: 20 } })
    expect(finding?.message).toContain("device's own reference range")
  })

  it('falls back to the rule value (14 ng/L) without a device range', () => {
    expect(firedOn(hsT(14, 'ng/L', null))).not.toContain('troponin_t_hs.above_url')
    const [finding] = of(run(rules, [hsT(14.5, 'ng/L', null)]), 'troponin_t_hs.above_url')
    expect(finding?.message).toContain('limit from the rule file')
  })

  it('converts ug/L (0.015 ug/L = 15 ng/L)', () => {
    expect(firedOn(hsT(0.015, 'ug/L', null))).toContain('troponin_t_hs.above_url')
  })

  it('troponin I without a device range is not evaluated: its URL is assay-specific', () => {
    const [finding] = of(run(rules, [obs('89579-7', 500, 'ng/L')]), 'troponin.above_url')
    expect(finding?.notEvaluated).toMatch(/no limit/)
    expect(firedOn(obs('89579-7', 27, 'ng/L', { refHigh: 26 }))).toContain('troponin.above_url')
    expect(firedOn(obs('89579-7', 26, 'ng/L', { refHigh: 26 }))).not.toContain('troponin.above_url')
  })
})

describe('reference ranges', () => {
  it('lab.reference_range uses the device range, ends inclusive, and is silent without one', () => {
    const k = (value: number): Observation => obs('2823-3', value, 'mmol/L', { refLow: 3.5, refHigh: 5.1 })
    expect(firedOn(k(5.1))).toEqual([])
    expect(firedOn(k(3.5))).toEqual([])
    expect(firedOn(k(5.2))).toEqual(['lab.reference_range'])
    expect(firedOn(k(3.4))).toEqual(['lab.reference_range'])
    expect(run(rules, [obs('2823-3', 5.9, 'mmol/L')])).toEqual([])
  })

  it('a critical finding replaces "outside the reference range" on the same value', () => {
    expect(firedOn(obs('2345-7', 45, 'mg/dL', { refLow: 70, refHigh: 99 }))).toEqual(['glucose.critical'])
    expect(firedOn(obs('718-7', 6.5, 'g/dL'), { sex: 'female', birthDate: '1980-01-01' })).toEqual(['hemoglobin.critical'])
  })

  it('converts the device range with the value (mEq/L range, mmol/L rule)', () => {
    expect(firedOn(obs('2823-3', 5.2, 'mEq/L', { refLow: 3.5, refHigh: 5.1 }))).toEqual(['lab.reference_range'])
  })

  describe('hemoglobin.low: WHO thresholds by sex and age when the device sends no range', () => {
    const hb = (value: number): Observation => obs('718-7', value, 'g/dL')
    const adult = { birthDate: '1980-01-01' }
    it.each([
      ['male', adult, 12.9, true],
      ['male', adult, 13.0, false],
      ['female', adult, 11.9, true],
      ['female', adult, 12.0, false],
      [null, adult, 12.9, true], // sex not recorded: the more sensitive adult limit
      ['male', { birthDate: '2018-01-01' }, 11.4, true], // 8 years
      ['male', { birthDate: '2018-01-01' }, 11.5, false],
      ['female', { birthDate: '2023-01-01' }, 10.9, true], // 3 years
      ['female', { birthDate: '2023-01-01' }, 11.0, false],
      ['female', { birthDate: '2013-01-01' }, 11.9, true], // 13 years
      ['female', { birthDate: '2013-01-01' }, 12.0, false],
    ])('%s %o %s g/dL → fires: %s', (sex, dates, value, fires) => {
      expect(firedOn(hb(value), { sex, ...dates }).includes('hemoglobin.low')).toBe(fires)
    })

    it('the birthday decides the band (age at the report, not today)', () => {
      // Born 2014-03-02: 11 years on 2026-03-01 (limit 11.5), 12 years on 2026-03-02 (limit 12.0).
      const opts = { sex: 'male', birthDate: '2014-03-02' }
      expect(firedOn(hb(11.8), { ...opts, observedAt: '2026-03-01T08:00:00Z' })).toEqual([])
      expect(firedOn(hb(11.8), { ...opts, observedAt: '2026-03-02T08:00:00Z' })).toEqual(['hemoglobin.low'])
    })

    it("the device's range wins over the rule's", () => {
      expect(firedOn(obs('718-7', 12.5, 'g/dL', { refLow: 12.0, refHigh: 16.0 }), { sex: 'male', ...adult })).toEqual([])
    })

    it('no band for an unknown age: not evaluated, and says why', () => {
      const [finding] = of(run(rules, [hb(9)], { birthDate: null }), 'hemoglobin.low')
      expect(finding?.notEvaluated).toMatch(/no reference range fits/)
    })
  })
})

describe('ECG', () => {
  const ecg: ReportOptions = { kind: 'ecg' }
  boundaries('ecg.heart_rate', '8867-4', [
    [50, '/min', false],
    [49, 'bpm', true],
    [100, 'bpm', false],
    [101, '/min', true],
  ], ecg)
  boundaries('ecg.pr.prolonged', '8625-6', [[200, 'ms', false], [201, 'ms', true], [0.21, 's', true]], ecg)
  boundaries('ecg.qrs.wide', '8633-0', [[119, 'ms', false], [120, 'ms', true], [0.12, 's', true]], ecg)
  boundaries('ecg.qtc.prolonged.male', '8636-3', [[449, 'ms', false], [450, 'ms', true], [500, 'ms', true]], { ...ecg, sex: 'male' })
  boundaries('ecg.qtc.prolonged.female', '8636-3', [[459, 'ms', false], [460, 'ms', true], [0.46, 's', true]], { ...ecg, sex: 'female' })
  boundaries('ecg.qtc.prolonged.unknown_sex', '8636-3', [[449, 'ms', false], [450, 'ms', true]], { ...ecg, sex: null })
  boundaries('ecg.qtc.critical', '8636-3', [[500, 'ms', false], [501, 'ms', true]], ecg)
  boundaries('ecg.qrs_axis', '8632-2', [
    [-30, 'deg', false],
    [-31, 'deg', true],
    [90, '°', false],
    [91, 'degrees', true],
  ], ecg)

  it('a woman with QTc 455 ms is not prolonged; a man is', () => {
    expect(firedOn(obs('8636-3', 455, 'ms'), { ...ecg, sex: 'female' })).toEqual([])
    expect(firedOn(obs('8636-3', 455, 'ms'), { ...ecg, sex: 'male' })).toEqual(['ecg.qtc.prolonged.male'])
  })

  it('QTc > 500 ms replaces the "prolonged" finding', () => {
    expect(firedOn(obs('8636-3', 520, 'ms'), { ...ecg, sex: 'female' })).toEqual(['ecg.qtc.critical'])
  })

  it('heart rate from a blood-pressure cuff is not judged by the ECG rule', () => {
    expect(firedOn(obs('8867-4', 120, 'bpm'), { kind: 'blood_pressure' })).toEqual([])
  })

  describe('ecg.qtc.rise: > 60 ms against the previous ECG', () => {
    const previous = (value: number, unit: string | null = 'ms') =>
      priorOf({ 'LOINC|8636-3': { value, unit, observedAt: '2026-01-10T09:00:00Z', observationId: 900, reportId: 90 } })
    const qtc = (value: number): Observation => obs('8636-3', value, 'ms')

    it('61 ms fires, 60 does not', () => {
      expect(fired(run(rules, [qtc(461)], { ...ecg, sex: 'female' }, previous(400)))).toContain('ecg.qtc.rise')
      expect(fired(run(rules, [qtc(460)], { ...ecg, sex: 'female' }, previous(400)))).not.toContain('ecg.qtc.rise')
    })

    it('records both observations, the delta and the previous date', () => {
      const [finding] = of(run(rules, [qtc(461)], { ...ecg, sex: 'female' }, previous(400)), 'ecg.qtc.rise')
      expect(finding).toMatchObject({ severity: 'critical', values: { value: 461, previous: 400, delta: 61, previous_date: '2026-01-10T09:00:00Z' } })
      expect(finding?.observationIds).toContain(900)
    })

    it('converts the previous value (seconds) and refuses an unknown unit', () => {
      expect(fired(run(rules, [qtc(461)], ecg, previous(0.4, 's')))).toContain('ecg.qtc.rise')
      const [finding] = of(run(rules, [qtc(461)], ecg, previous(400, 'furlong')), 'ecg.qtc.rise')
      expect(finding?.notEvaluated).toMatch(/previous value's unit/)
    })

    it('no previous ECG: nothing', () => {
      expect(of(run(rules, [qtc(480)], ecg), 'ecg.qtc.rise')).toEqual([])
    })
  })
})

describe('SpO2 (BTS 2017)', () => {
  boundaries('spo2.critical', '59408-5', [[90, '%', false], [89.9, '%', true]])
  boundaries('spo2.below_target', '59408-5', [[94, '%', false], [93, '%', true], [90, '%', true]])
  boundaries('spo2.above_target', '2708-6', [[98, '%', false], [99, '%', true]])

  it('< 90 % is critical and replaces "below target"', () => {
    const findings = run(rules, [obs('59408-5', 85, '%')])
    expect(fired(findings)).toEqual(['spo2.critical'])
    expect(findings[0]?.severity).toBe('critical')
  })

  it('above target is information only (meaningful on supplemental oxygen)', () => {
    expect(run(rules, [obs('59408-5', 100, '%')])[0]?.severity).toBe('info')
  })

  describe('at risk of CO2 retention: target 88–92 %', () => {
    const atRisk = { co2RetentionRisk: true }
    boundaries('spo2.co2_risk.below_target', '59408-5', [[88, '%', false], [87.9, '%', true]], atRisk)
    boundaries('spo2.co2_risk.above_target', '59408-5', [[92, '%', false], [93, '%', true]], atRisk)
    it('89 % is within target, not critical', () => {
      expect(firedOn(obs('59408-5', 89, '%'), atRisk)).toEqual([])
    })
  })
})
