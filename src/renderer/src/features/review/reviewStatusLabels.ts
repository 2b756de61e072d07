// How each review status reads in the worklist, the navigation and the review screen.
import type { ReviewStatus } from '../../../../shared/domain/reviewLifecycle'

// One wording for a status everywhere (CLI, handlers' messages, the app): the shared domain's.
export { REVIEW_STATUS_LABELS } from '../../../../shared/domain/reviewLifecycle'

export const REVIEW_STATUS_COLORS: Record<ReviewStatus, string> = {
  new: 'gray',
  drafted: 'blue',
  in_review: 'yellow',
  returned: 'orange',
  signed: 'teal',
  amended: 'teal',
  device_corrected: 'violet',
}
