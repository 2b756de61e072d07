// A report's review status as a badge (worklist column, review screen).
import { Badge, type MantineSize } from '@mantine/core'
import type { ReviewStatus } from '../../../../shared/domain/reviewLifecycle'
import { REVIEW_STATUS_COLORS, REVIEW_STATUS_LABELS } from './reviewStatusLabels'

export function ReviewStatusBadge({ status, size = 'sm' }: { status: ReviewStatus; size?: MantineSize }) {
  return (
    <Badge color={REVIEW_STATUS_COLORS[status]} variant={status === 'signed' || status === 'amended' ? 'filled' : 'light'} size={size} data-testid="review-status" data-status={status}>
      {REVIEW_STATUS_LABELS[status]}
    </Badge>
  )
}
