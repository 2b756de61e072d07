// On a report without a draft: the batch queue tried to draft it and failed, with the reason, so nobody waits for a
// draft that will not come. Generating from this page (or the batch's retry) clears it.
import { Alert, Text } from '@mantine/core'
import { useCall } from '../../api/hooks'
import { formatLocalTime } from '../../components/format'

export function BatchFailureNotice({ reportId }: { reportId: number }) {
  const failures = useCall('queue.failures', { reportId, limit: 1 })
  const failure = failures.data?.items[0]
  if (!failure) return null
  return (
    <Alert color="orange" title="The batch could not draft this report" data-testid="draft-batch-failure">
      <Text size="sm">{failure.error}</Text>
      <Text size="xs" c="dimmed">
        {formatLocalTime(failure.failedAt)}. Nothing was saved; generate a draft here, or retry from Models → Batch interpretation.
      </Text>
    </Alert>
  )
}
