// On the report page: the report's review status and the way into the review screen.
import { Button, Group } from '@mantine/core'
import { IconChecklist } from '@tabler/icons-react'
import type { ReviewStatus } from '../../../../shared/domain/reviewLifecycle'
import { hrefTo } from '../../app/routes'
import { ReviewStatusBadge } from './ReviewStatusBadge'

export function ReviewLink({ reportId, status }: { reportId: number; status: ReviewStatus }) {
  const done = status === 'signed' || status === 'amended'
  return (
    <Group gap="xs">
      <ReviewStatusBadge status={status} />
      <Button component="a" href={hrefTo(`review/${reportId}`)} size="xs" leftSection={<IconChecklist size={14} />} data-testid="open-review">
        {done ? 'Signed interpretation' : 'Review and sign'}
      </Button>
    </Group>
  )
}
