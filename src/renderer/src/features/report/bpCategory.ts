// Blood-pressure category (2017 ACC/AHA): the higher of the systolic and diastolic categories wins.
export type BpCategory = 'normal' | 'elevated' | 'stage1' | 'stage2' | 'crisis'

export const BP_CATEGORY_LABELS: Record<BpCategory, string> = {
  normal: 'Normal',
  elevated: 'Elevated',
  stage1: 'Hypertension stage 1',
  stage2: 'Hypertension stage 2',
  crisis: 'Hypertensive crisis',
}

export const BP_CATEGORY_COLORS: Record<BpCategory, string> = {
  normal: 'teal',
  elevated: 'yellow',
  stage1: 'orange',
  stage2: 'red',
  crisis: 'red',
}

export const BP_SOURCE = '2017 ACC/AHA guideline'

/**
 * Normal < 120 and < 80; elevated 120–129 and < 80; stage 1 130–139 or 80–89; stage 2 ≥ 140 or ≥ 90;
 * crisis > 180 and/or > 120. Values are in mmHg and are rounded to whole mmHg first, as the thresholds are
 * stated for whole readings and the screen shows the rounded average beside its category.
 */
export function bpCategory(systolic: number, diastolic: number): BpCategory {
  const s = Math.round(systolic)
  const d = Math.round(diastolic)
  if (s > 180 || d > 120) return 'crisis'
  if (s >= 140 || d >= 90) return 'stage2'
  if (s >= 130 || d >= 80) return 'stage1'
  if (s >= 120) return 'elevated'
  return 'normal'
}
