// Human labels for report kinds and statuses, shared by the worklist filters, rows and the report view.
import type { ReportKind, ReportStatus } from '../../../shared/domain/report'

export const KIND_LABELS: Record<ReportKind, string> = {
  ecg: 'ECG',
  cgm: 'CGM',
  blood_pressure: 'Blood pressure',
  lab: 'Lab',
  oximetry: 'Oximetry',
  spirometry: 'Spirometry',
  other: 'Other',
}

export const STATUS_LABELS: Record<ReportStatus, string> = {
  preliminary: 'Preliminary',
  final: 'Final',
  corrected: 'Corrected',
  cancelled: 'Cancelled',
}
