// Under "Worklist" in the navigation: how many reports are in each review status, and the caller's reviews in progress.
import { Group, Stack, Text } from '@mantine/core'
import { REVIEW_STATUSES } from '../../../../shared/domain/reviewLifecycle'
import { useCall } from '../../api/hooks'
import { REVIEW_STATUS_COLORS, REVIEW_STATUS_LABELS } from './reviewStatusLabels'

function Line({ label, count, color, testId }: { label: string; count: number; color?: string; testId: string }) {
  return (
    <Group justify="space-between" gap={4} wrap="nowrap">
      <Text size="xs" c="dimmed" truncate="end">
        {label}
      </Text>
      <Text size="xs" fw={600} c={count > 0 ? color : 'dimmed'} data-testid={testId}>
        {count}
      </Text>
    </Group>
  )
}

export function ReviewCountsNav() {
  // Review actions refresh it at once; the interval catches what other people do.
  const counts = useCall('review.counts', {}, { refetchInterval: 30_000 })
  if (!counts.data) return null
  const c = counts.data
  return (
    <Stack gap={0} pl={38} pr="xs" pb={4} aria-label="Reports per review status" data-testid="nav-review-counts">
      {REVIEW_STATUSES.map((s) => (
        <Line key={s} label={REVIEW_STATUS_LABELS[s]} count={c.byStatus[s] ?? 0} color={REVIEW_STATUS_COLORS[s]} testId={`nav-count-${s}`} />
      ))}
      <Line label="My reviews in progress" count={c.mineInProgress} color="blue" testId="nav-count-mine" />
    </Stack>
  )
}
