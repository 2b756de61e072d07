// Unit tests for the 2017 ACC/AHA blood-pressure category of two values.
import { describe, expect, it } from 'vitest'
import { bpCategory } from './bpCategory'

describe('bpCategory', () => {
  it('reads each band at its boundaries', () => {
    expect(bpCategory(119, 79)).toBe('normal')
    expect(bpCategory(120, 79)).toBe('elevated')
    expect(bpCategory(129, 79)).toBe('elevated')
    expect(bpCategory(130, 70)).toBe('stage1')
    expect(bpCategory(110, 80)).toBe('stage1')
    expect(bpCategory(139, 89)).toBe('stage1')
    expect(bpCategory(140, 70)).toBe('stage2')
    expect(bpCategory(110, 90)).toBe('stage2')
    expect(bpCategory(180, 120)).toBe('stage2')
    expect(bpCategory(181, 80)).toBe('crisis')
    expect(bpCategory(150, 121)).toBe('crisis')
  })
  it('lets the higher of the two categories win', () => {
    expect(bpCategory(125, 85)).toBe('stage1') // elevated systolic, stage 1 diastolic
    expect(bpCategory(145, 75)).toBe('stage2')
  })
  it('classifies averages on whole mmHg, as shown', () => {
    expect(bpCategory(119.4, 79.4)).toBe('normal')
    expect(bpCategory(119.6, 79)).toBe('elevated')
  })
})
