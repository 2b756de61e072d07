// AGP metrics shown in the CGM view, each with its consensus target (Battelino et al., Diabetes Care 2019).
export interface AgpTarget {
  op: '>' | '<' | '≤' | '≥'
  value: number
}

export interface AgpMetricSpec {
  key: string
  label: string
  unit: string
  digits: number
  target?: AgpTarget
}

export const AGP_SOURCE = 'Battelino et al., Diabetes Care 2019'

export const AGP_METRICS: readonly AgpMetricSpec[] = [
  { key: 'agp.tir_70_180_pct', label: 'Time in range 70–180', unit: '%', digits: 1, target: { op: '>', value: 70 } },
  { key: 'agp.tbr_lt70_pct', label: 'Below 70', unit: '%', digits: 1, target: { op: '<', value: 4 } },
  { key: 'agp.tbr_lt54_pct', label: 'Below 54', unit: '%', digits: 1, target: { op: '<', value: 1 } },
  { key: 'agp.tbr_54_69_pct', label: '54–69', unit: '%', digits: 1 },
  { key: 'agp.tar_gt180_pct', label: 'Above 180', unit: '%', digits: 1, target: { op: '<', value: 25 } },
  { key: 'agp.tar_181_250_pct', label: '181–250', unit: '%', digits: 1 },
  { key: 'agp.tar_gt250_pct', label: 'Above 250', unit: '%', digits: 1, target: { op: '<', value: 5 } },
  { key: 'agp.mean_mgdl', label: 'Mean glucose', unit: 'mg/dL', digits: 0 },
  { key: 'agp.gmi_pct', label: 'GMI', unit: '%', digits: 1 },
  { key: 'agp.cv_pct', label: 'Glucose variability (CV)', unit: '%', digits: 1, target: { op: '≤', value: 36 } },
  { key: 'agp.wear_pct', label: 'Sensor wear', unit: '%', digits: 0, target: { op: '≥', value: 70 } },
  { key: 'agp.days', label: 'Days of data', unit: 'd', digits: 1, target: { op: '≥', value: 14 } },
]

/** A metric from the report, with below-70 and above-180 summed from their bands when only those were stored. */
export function agpValue(metrics: Record<string, number>, key: string): number | undefined {
  const v = metrics[key]
  if (v !== undefined) return v
  const sum = (a: string, b: string) => {
    const x = metrics[a]
    const y = metrics[b]
    return x === undefined || y === undefined ? undefined : x + y
  }
  if (key === 'agp.tbr_lt70_pct') return sum('agp.tbr_lt54_pct', 'agp.tbr_54_69_pct')
  if (key === 'agp.tar_gt180_pct') return sum('agp.tar_181_250_pct', 'agp.tar_gt250_pct')
  return undefined
}

/** Whether the value meets the target, compared on the value as shown (rounded to the metric's digits). */
export function meetsTarget(value: number, spec: AgpMetricSpec): boolean | undefined {
  const t = spec.target
  if (!t) return undefined
  const f = 10 ** spec.digits
  const v = Math.round(value * f) / f
  switch (t.op) {
    case '>':
      return v > t.value
    case '<':
      return v < t.value
    case '≤':
      return v <= t.value
    case '≥':
      return v >= t.value
  }
}

export function targetText(t: AgpTarget, unit: string): string {
  return `target ${t.op} ${t.value}${unit === '%' ? ' %' : ` ${unit}`}`
}
