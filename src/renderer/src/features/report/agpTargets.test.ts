// Unit tests for the AGP targets: derived bands and comparisons on the value as shown.
import { describe, expect, it } from 'vitest'
import { AGP_METRICS, agpValue, meetsTarget } from './agpTargets'

const spec = (key: string) => {
  const s = AGP_METRICS.find((m) => m.key === key)
  if (!s) throw new Error(key)
  return s
}

describe('AGP targets', () => {
  it('compares against the consensus targets', () => {
    expect(meetsTarget(70.04, spec('agp.tir_70_180_pct'))).toBe(false) // shown as 70.0 %, target > 70 %
    expect(meetsTarget(70.06, spec('agp.tir_70_180_pct'))).toBe(true)
    expect(meetsTarget(3.9, spec('agp.tbr_lt70_pct'))).toBe(true)
    expect(meetsTarget(4, spec('agp.tbr_lt70_pct'))).toBe(false)
    expect(meetsTarget(36, spec('agp.cv_pct'))).toBe(true)
    expect(meetsTarget(69.6, spec('agp.wear_pct'))).toBe(true) // shown as 70 %
    expect(meetsTarget(120, spec('agp.mean_mgdl'))).toBeUndefined()
  })
  it('sums below-70 and above-180 from their bands when absent', () => {
    expect(agpValue({ 'agp.tbr_lt54_pct': 1, 'agp.tbr_54_69_pct': 2.5 }, 'agp.tbr_lt70_pct')).toBe(3.5)
    expect(agpValue({ 'agp.tar_gt180_pct': 20, 'agp.tar_181_250_pct': 1 }, 'agp.tar_gt180_pct')).toBe(20)
    expect(agpValue({}, 'agp.tar_gt180_pct')).toBeUndefined()
  })
})
