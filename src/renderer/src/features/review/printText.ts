// What a printed report says about itself: its labels (NOT SIGNED, PRELIMINARY, CORRECTED) and the provenance line.
import type { ReportDetail } from '../../../../shared/contract/reports'
import type { ReviewState, VersionSummary } from '../../../../shared/contract/review'

/** The labels a printed report carries (pure: tested). */
export function printLabels(report: Pick<ReportDetail, 'status'>, review: Pick<ReviewState, 'status' | 'versions'>): string[] {
  const labels: string[] = []
  const signed = review.versions.some((v) => v.signature !== null)
  if (!signed) labels.push('NOT SIGNED')
  if (report.status === 'preliminary') labels.push('PRELIMINARY')
  if (report.status === 'corrected' || review.status === 'amended' || review.status === 'device_corrected') labels.push('CORRECTED')
  return labels
}

/** "Drafted with model … and reviewed by …", from the draft the signed version was reviewed from. */
export function provenanceLine(version: Pick<VersionSummary, 'draftedWith'>, signerName: string): string {
  if (version.draftedWith) return `Drafted with model ${version.draftedWith.model} and reviewed by ${signerName}.`
  return `Reviewed and written by ${signerName}; no model draft preceded the signature.`
}
