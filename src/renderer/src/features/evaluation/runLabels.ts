// Short descriptions of a run for lists and headings: which reports it used.
import type { ReportKind } from '../../../../shared/domain/report'
import { KIND_LABELS } from '../../components/labels'

export interface SetSpecLike {
  set: 'test' | 'all'
  kinds?: readonly string[] | null
  from?: string | null
  to?: string | null
  reviewer?: string | null
}

function kindLabel(k: string): string {
  return k in KIND_LABELS ? KIND_LABELS[k as ReportKind] : k
}

/** "test split", "all signed; ECG, Lab; signed 2026-01-01 to 2026-02-01; reviewer drlee". */
export function setLabel(s: SetSpecLike): string {
  const parts = [s.set === 'test' ? 'test split' : 'all signed']
  if (s.kinds && s.kinds.length > 0) parts.push(s.kinds.map(kindLabel).join(', '))
  if (s.from && s.to) parts.push(`signed ${s.from} to ${s.to}`)
  else if (s.from) parts.push(`signed from ${s.from}`)
  else if (s.to) parts.push(`signed until ${s.to}`)
  if (s.reviewer) parts.push(`reviewer ${s.reviewer}`)
  return parts.join('; ')
}
