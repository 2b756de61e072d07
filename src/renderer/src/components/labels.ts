// Human labels for report kinds and statuses, shared by the worklist filters, rows and the report view.
import { REPORT_KINDS, type ReportKind, type ReportStatus } from '../../../shared/domain/report'

export const KIND_LABELS: Record<ReportKind, string> = {
  ecg: 'ECG',
  cgm: 'CGM',
  blood_pressure: 'Blood pressure',
  lab: 'Lab',
  oximetry: 'Oximetry',
  spirometry: 'Spirometry',
  other: 'Other',
}

/** Every report kind as select options, in the domain's order (worklist, export and evaluation filters). */
export const KIND_OPTIONS = REPORT_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] }))

export const STATUS_LABELS: Record<ReportStatus, string> = {
  preliminary: 'Preliminary',
  final: 'Final',
  corrected: 'Corrected',
  cancelled: 'Cancelled',
}
