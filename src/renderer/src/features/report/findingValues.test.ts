// Unit tests for how a finding's values and limits read on screen.
import { describe, expect, it } from 'vitest'
import { describeValues } from './findingValues'

describe('describeValues', () => {
  it('reads a threshold finding as value and threshold with units', () => {
    expect(describeValues({ value: 6.8, unit: 'mmol/L', threshold: 6.2, comparison: '>' })).toEqual([
      { label: 'value', text: '6.8 mmol/L' },
      { label: 'threshold', text: '> 6.2 mmol/L' },
    ])
  })
  it('keeps the comparator of a censored value and what the device printed before conversion', () => {
    expect(describeValues({ value: 450.36, unit: 'mg/dL', threshold: 400, comparison: '>', comparator: '>', observed: '>25 mmol/L' })).toEqual([
      { label: 'value', text: '>450.36 mg/dL' },
      { label: 'threshold', text: '> 400 mg/dL' },
      { label: 'as reported', text: '>25 mmol/L' },
    ])
  })
  it('reads a reference-range finding with the range and where it came from', () => {
    expect(describeValues({ value: 6.8, unit: 'mmol/L', range_source: 'device', low: 3.5, high: 5.1, threshold: 5.1 })).toEqual([
      { label: 'value', text: '6.8 mmol/L' },
      { label: 'threshold', text: '5.1 mmol/L' },
      { label: 'reference range (sent by the device)', text: '3.5–5.1 mmol/L' },
    ])
  })
  it('shows display units, signed changes and the previous date', () => {
    const lines = describeValues({ value: 520, previous: 450, delta: 70, unit: 'ms', threshold: 60, comparison: '>', previous_date: '2026-03-01T08:00:00Z', previous_report: 7 })
    expect(lines).toContainEqual({ label: 'change', text: '+70 ms' })
    expect(lines).toContainEqual({ label: 'previous', text: '450 ms' })
    expect(lines).toContainEqual({ label: 'previous on', text: '2026-03-01 08:00 UTC' })
    expect(lines).toContainEqual({ label: 'previous report', text: 'report 7' })
    expect(describeValues({ category: 'stage_2', label: 'Stage 2 hypertension', unit: 'mm[Hg]', systolic: 150, diastolic: 95, readings: 3 })).toEqual([
      { label: 'category', text: 'Stage 2 hypertension' },
      { label: 'systolic', text: '150 mmHg' },
      { label: 'diastolic', text: '95 mmHg' },
      { label: 'readings', text: '3' },
    ])
  })
  it('writes percentages without a space and shows nothing for no values', () => {
    expect(describeValues({ value: 62, unit: '%', metric: 'cgm.tir', target: '> 70', met: 'no' })).toEqual([
      { label: 'value', text: '62%' },
      { label: 'metric', text: 'cgm.tir' },
      { label: 'target', text: '> 70' },
      { label: 'target met', text: 'no' },
    ])
    expect(describeValues({})).toEqual([])
  })
})
