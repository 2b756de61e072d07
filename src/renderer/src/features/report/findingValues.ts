// How a finding's recorded values and limits read on screen: "value 6.8 mmol/L", "threshold > 6.2 mmol/L".
import type { StoredFinding } from '../../../../shared/contract/rules'
import { displayUnit } from '../../../../shared/domain/displayUnit'
import { formatDeviceTime, formatNumber } from '../../components/format'

export interface ValueLine {
  /** The key as a reader would name it ("threshold", "previous on"). */
  label: string
  text: string
}

function withUnit(n: string, unit: string): string {
  if (unit === '') return n
  return unit === '%' || unit === '°' ? `${n}${unit}` : `${n} ${unit}`
}

const num = (v: number | string | undefined): string => (typeof v === 'number' ? formatNumber(v) : (v ?? ''))

// Keys that are numbers in the rule's unit.
const IN_UNIT = new Set(['previous', 'systolic', 'diastolic'])
// Keys folded into another line, or shown elsewhere.
const FOLDED = new Set(['value', 'unit', 'threshold', 'comparison', 'comparator', 'low', 'high', 'range_source', 'category', 'label'])
const LABELS: Readonly<Record<string, string>> = {
  delta: 'change',
  previous_date: 'previous on',
  previous_report: 'previous report',
  observed: 'as reported',
  met: 'target met',
  limits: 'critical limits',
}

/** The values a rule used, in reading order: the value, what it was compared with, then the rest as recorded. */
export function describeValues(values: StoredFinding['values']): ValueLine[] {
  const unit = displayUnit(typeof values.unit === 'string' ? values.unit : '')
  const out: ValueLine[] = []
  if (values.value !== undefined) out.push({ label: 'value', text: withUnit(`${values.comparator ?? ''}${num(values.value)}`, unit) })
  if (values.threshold !== undefined) {
    const comparison = typeof values.comparison === 'string' ? `${values.comparison} ` : ''
    out.push({ label: 'threshold', text: withUnit(`${comparison}${num(values.threshold)}`, unit) })
  }
  if (values.low !== undefined || values.high !== undefined) {
    const source = values.range_source === 'device' ? 'reference range (sent by the device)' : values.range_source === 'rule' ? "reference range (the rule's)" : 'reference range'
    out.push({ label: source, text: withUnit(`${num(values.low) || '…'}–${num(values.high) || '…'}`, unit) })
  }
  if (values.category !== undefined) out.push({ label: 'category', text: num(values.label ?? values.category) })
  for (const [key, v] of Object.entries(values)) {
    if (FOLDED.has(key)) continue
    const label = LABELS[key] ?? key.replace(/_/g, ' ')
    let text = num(v)
    if (IN_UNIT.has(key) && typeof v === 'number') text = withUnit(text, unit)
    else if (key === 'delta' && typeof v === 'number') text = withUnit(`${v > 0 ? '+' : ''}${formatNumber(v)}`, unit)
    else if (key === 'limits') text = withUnit(text, unit)
    else if (key === 'previous_date' && typeof v === 'string') text = formatDeviceTime(v)
    else if (key === 'previous_report') text = `report ${text}`
    out.push({ label, text })
  }
  return out
}
