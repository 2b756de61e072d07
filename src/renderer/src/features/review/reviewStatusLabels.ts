// How each review status reads in the worklist, the navigation and the review screen.
import type { ReviewStatus } from '../../../../shared/domain/reviewLifecycle'

export const REVIEW_STATUS_LABELS: Record<ReviewStatus, string> = {
  new: 'New',
  drafted: 'Drafted',
  in_review: 'In review',
  returned: 'Returned',
  signed: 'Signed',
  amended: 'Amended',
  device_corrected: 'Device corrected after sign-off',
}

export const REVIEW_STATUS_COLORS: Record<ReviewStatus, string> = {
  new: 'gray',
  drafted: 'blue',
  in_review: 'yellow',
  returned: 'orange',
  signed: 'teal',
  amended: 'teal',
  device_corrected: 'violet',
}
