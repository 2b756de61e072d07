// "Interpret selected": the checked reports go to the batch queue (Models → Batch interpretation shows its progress);
// the Draft column and each report's page then follow them (useFollowQueue).
import { Button, Group, Paper, Text, Tooltip } from '@mantine/core'
import { IconSparkles, IconX } from '@tabler/icons-react'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { call } from '../../api/client'
import { useCall } from '../../api/hooks'
import { ErrorAlert } from '../../components/ErrorAlert'
import { formatCount } from '../../components/format'

export function InterpretSelection({ checked, onClear }: { checked: ReadonlySet<number>; onClear: () => void }) {
  const qc = useQueryClient()
  const models = useCall('models.list', {})
  const noBase = models.data !== undefined && models.data.config.baseModelId === null
  const interpret = useMutation({
    mutationFn: async (reportIds: number[]) => {
      const { added } = await call('queue.enqueue', { reportIds })
      await call('queue.start', {})
      return { added, asked: reportIds.length }
    },
    onSuccess: () => onClear(),
    // The worklist follows through the queue's progress events (useFollowQueue).
    onSettled: () => qc.invalidateQueries({ queryKey: ['queue.status'] }),
  })
  const result = interpret.data
  if (checked.size === 0 && !result && !interpret.error) return null
  return (
    <Paper withBorder px="sm" py={6} data-testid="interpret-selection">
      <Group justify="space-between" wrap="nowrap">
        {checked.size > 0 ? (
          <Text size="sm" data-testid="selection-count">
            {formatCount(checked.size)} report{checked.size === 1 ? '' : 's'} selected
          </Text>
        ) : (
          <Text size="sm" c="dimmed" data-testid="selection-result">
            {result
              ? `Queued ${formatCount(result.added)} report${result.added === 1 ? '' : 's'} for drafting` +
                (result.added < result.asked ? ` (${formatCount(result.asked - result.added)} already queued)` : '') +
                '; the Draft column shows their progress.'
              : ''}
          </Text>
        )}
        {checked.size > 0 && (
          <Group gap="xs" wrap="nowrap">
            <Tooltip label="Choose a base model on the Models page first" disabled={!noBase}>
              {/* A disabled button gets no pointer events: the wrapper shows the tooltip. */}
              <span>
                <Button
                  size="xs"
                  leftSection={<IconSparkles size={14} />}
                  disabled={noBase}
                  loading={interpret.isPending}
                  onClick={() => interpret.mutate([...checked])}
                >
                  Interpret selected
                </Button>
              </span>
            </Tooltip>
            <Button size="xs" variant="default" leftSection={<IconX size={14} />} onClick={onClear}>
              Clear selection
            </Button>
          </Group>
        )}
      </Group>
      {interpret.error && <ErrorAlert error={interpret.error} title="Could not queue the selected reports" />}
    </Paper>
  )
}
