import { describe, expect, it } from 'vitest'
import type { Observation } from '../../../../shared/contract/reports'
import { valueAsSent } from './observationText'

const obs = (o: Partial<Observation>): Observation => ({
  id: 1, seq: 1, codeSystem: 'LOINC', code: '2823-3', display: 'Potassium', valueType: 'numeric', valueNum: null, comparator: null,
  valueText: null, unit: 'mmol/L', ucumUnit: 'mmol/L', unitUnmapped: null, normalisedValue: null, normalisedUnit: null, refLow: null,
  refHigh: null, refText: null, deviceFlag: null, status: 'final', observedAt: null, subId: null, history: [], ...o,
})

describe('valueAsSent', () => {
  it('shows a number with the digits the device wrote, its comparator, and its unit', () => {
    expect(valueAsSent(obs({ valueNum: 5, valueText: '5.0' }))).toBe('5.0 mmol/L')
    expect(valueAsSent(obs({ valueNum: 0.5, comparator: '<', valueText: '<0.5', unit: 'mg/L' }))).toBe('<0.5 mg/L')
    expect(valueAsSent(obs({ valueNum: 140 }))).toBe('140 mmol/L')
    expect(valueAsSent(obs({ valueNum: 0.5, comparator: '<' }))).toBe('<0.5 mmol/L')
  })

  it('shows text results as text', () => {
    expect(valueAsSent(obs({ valueType: 'text', valueText: 'haemolysed', unit: null }))).toBe('haemolysed')
    expect(valueAsSent(obs({ valueType: 'text', unit: null }))).toBe('—')
  })
})
