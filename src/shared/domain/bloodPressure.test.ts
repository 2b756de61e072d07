// Tests for the blood-pressure panel computation: readings grouped from HL7-, FHIR- and CSV-shaped observations, plausibility limits.
import { describe, expect, it } from 'vitest'
import { bpReadings, bpSummary, IMPLAUSIBLE_FLAG, pressureImplausibility, pulseImplausibility, type BpObservation } from './bloodPressure'

/** A stored observation in mmHg (or /min for the pulse), the way the import pipeline writes it. */
function stored(code: string, value: number, extra: Partial<BpObservation> = {}): BpObservation {
  const pulse = code === '8867-4'
  return {
    codeSystem: 'LOINC',
    code,
    valueType: 'numeric',
    valueNum: value,
    unit: pulse ? 'bpm' : 'mm[Hg]',
    ucumUnit: pulse ? '/min' : 'mm[Hg]',
    unitUnmapped: null,
    normalisedValue: value,
    normalisedUnit: pulse ? '/min' : 'mm[Hg]',
    deviceFlag: null,
    status: 'final',
    observedAt: null,
    subId: null,
    ...extra,
  }
}

describe('pressureImplausibility and pulseImplausibility (hand-checked against the limits)', () => {
  it.each([
    [120, 80, null],
    [50, 20, null],
    [260, 200, null],
    [49, 30, 'systolic 49 mmHg outside 50–260'],
    [261, 90, 'systolic 261 mmHg outside 50–260'],
    [120, 19, 'diastolic 19 mmHg outside 20–200'],
    [250, 201, 'diastolic 201 mmHg outside 20–200'],
    [80, 120, 'systolic 80 not above diastolic 120'],
    [90, 90, 'systolic 90 not above diastolic 90'],
  ])('%s/%s → %s', (s, d, why) => {
    expect(pressureImplausibility(s, d)).toBe(why)
  })

  it.each([
    [25, null],
    [250, null],
    [24, 'pulse 24 /min outside 25–250'],
    [251, 'pulse 251 /min outside 25–250'],
  ])('pulse %s → %s', (p, why) => {
    expect(pulseImplausibility(p)).toBe(why)
  })
})

describe('bpSummary', () => {
  it('HL7 message: systolic and diastolic OBX without sub-ids, one time from OBR-7', () => {
    const at = '2026-01-02T09:00:00'
    const summary = bpSummary([stored('8480-6', 185, { observedAt: at }), stored('8462-4', 125, { observedAt: at }), stored('8867-4', 88, { observedAt: at })])
    expect(summary).toMatchObject({ avgSystolic: 185, avgDiastolic: 125, avgPulse: 88, counted: 1, excluded: 0 })
  })

  it('HL7 message with several readings and neither sub-ids nor times: each systolic pairs with the diastolic after it', () => {
    const readings = bpReadings([stored('8480-6', 150), stored('8462-4', 95), stored('8480-6', 140), stored('8462-4', 85)])
    expect(readings.map((r) => [r.systolic, r.diastolic])).toEqual([
      [150, 95],
      [140, 85],
    ])
    expect(bpSummary([stored('8480-6', 150), stored('8462-4', 95), stored('8480-6', 140), stored('8462-4', 85)])).toMatchObject({
      avgSystolic: 145,
      avgDiastolic: 90,
      counted: 2,
    })
  })

  it('FHIR panel 85354-9: components share a sub-id; mmHg as sent is read through its UCUM unit', () => {
    const fhir = (code: string, value: number, subId: string, at: string): BpObservation =>
      stored(code, value, { unit: 'mmHg', normalisedValue: null, normalisedUnit: null, subId, observedAt: at })
    const summary = bpSummary([
      fhir('8480-6', 130, '0', '2026-01-02T08:00:00Z'),
      fhir('8462-4', 84, '0', '2026-01-02T08:00:00Z'),
      fhir('8480-6', 140, '1', '2026-01-02T20:00:00Z'),
      fhir('8462-4', 90, '1', '2026-01-02T20:00:00Z'),
    ])
    expect(summary).toMatchObject({ avgSystolic: 135, avgDiastolic: 87, counted: 2, excluded: 0 })
    expect(summary.avgPulse).toBeUndefined()
  })

  it('FHIR heart rate as its own Observation beside the panel still counts as a pulse', () => {
    const summary = bpSummary([
      stored('8480-6', 142, { subId: 'p1', observedAt: '2024-03-01T07:15:00-05:00' }),
      stored('8462-4', 88, { subId: 'p1', observedAt: '2024-03-01T07:15:00-05:00' }),
      stored('8867-4', 64, { observedAt: '2024-03-01T07:15:00-05:00' }),
    ])
    expect(summary).toMatchObject({ avgSystolic: 142, avgDiastolic: 88, avgPulse: 64, counted: 1 })
    expect(summary.readings).toHaveLength(1)
  })

  it('kPa readings count through their normalised mmHg value; a unit it cannot read is never guessed', () => {
    const kpa = stored('8480-6', 16, { unit: 'kPa', ucumUnit: 'kPa', normalisedValue: 120.01, subId: '0' })
    const dia = stored('8462-4', 10.6, { unit: 'kPa', ucumUnit: 'kPa', normalisedValue: 79.51, subId: '0' })
    expect(bpSummary([kpa, dia])).toMatchObject({ avgSystolic: 120.01, avgDiastolic: 79.51 })
    const odd = stored('8480-6', 120, { unit: 'furlong', ucumUnit: null, unitUnmapped: 'unknown', normalisedValue: null, normalisedUnit: null })
    expect(bpSummary([odd]).readings).toEqual([])
  })

  it('leaves implausible readings out of the averages but keeps them as readings', () => {
    const summary = bpSummary([
      stored('8480-6', 120, { subId: '0' }),
      stored('8462-4', 80, { subId: '0' }),
      stored('8480-6', 80, { subId: '1' }),
      stored('8462-4', 120, { subId: '1' }),
      // Flagged at import (e.g. a kPa value the file mislabelled): excluded even if the pair looks fine here.
      stored('8480-6', 130, { subId: '2', deviceFlag: IMPLAUSIBLE_FLAG }),
      stored('8462-4', 85, { subId: '2', deviceFlag: IMPLAUSIBLE_FLAG }),
      stored('8867-4', 300, { subId: '0' }),
    ])
    expect(summary.readings.map((r) => r.implausible)).toEqual([undefined, 'systolic 80 not above diastolic 120', 'flagged implausible at import'])
    expect(summary).toMatchObject({ avgSystolic: 120, avgDiastolic: 80, counted: 1, excluded: 2 })
    // The 300 /min pulse is outside the limits: no pulse average.
    expect(summary.avgPulse).toBeUndefined()
  })

  it('skips results withdrawn by the sender and codes that are not blood pressure', () => {
    const summary = bpSummary([
      stored('8480-6', 200, { status: 'entered-in-error' }),
      stored('8480-6', 124),
      stored('8462-4', 78),
      stored('2823-3', 4.1),
      stored('8480-6', 124, { codeSystem: 'LOCAL' }),
    ])
    expect(summary).toMatchObject({ avgSystolic: 124, avgDiastolic: 78, counted: 1 })
  })

  it('nothing to show: no readings, no averages', () => {
    expect(bpSummary([])).toEqual({ readings: [], counted: 0, excluded: 0 })
  })
})
