// Reports the batch could not draft: which ones, why (the same message a clinician would have seen on the report), and a
// retry for all of them once the cause is fixed (a higher token limit, a longer timeout, another model).
import { Anchor, Button, Group, Stack, Table, Text } from '@mantine/core'
import { IconRefresh } from '@tabler/icons-react'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { call } from '../../api/client'
import { useCall } from '../../api/hooks'
import { hrefTo } from '../../app/routes'
import { ErrorAlert } from '../../components/ErrorAlert'
import { formatCount, formatDeviceTime, formatLocalTime } from '../../components/format'

export function BatchFailures({ failed, canRetry }: { failed: number; canRetry: boolean }) {
  const qc = useQueryClient()
  // Read again when the count changes (useQueueStatus) and after a retry.
  const failures = useCall('queue.failures', {}, { enabled: failed > 0 })
  const retry = useMutation({
    mutationFn: async (reportIds: number[]) => {
      const { added } = await call('queue.enqueue', { reportIds })
      await call('queue.start', {})
      return added
    },
    onSettled: () => Promise.all([qc.invalidateQueries({ queryKey: ['queue.status'] }), qc.invalidateQueries({ queryKey: ['queue.failures'] })]),
  })

  if (failed === 0) return null
  const data = failures.data
  const items = data?.items ?? []
  return (
    <Stack gap={6} data-testid="batch-failures">
      <Group justify="space-between" gap="xs">
        <Text size="sm" fw={600}>
          Not drafted ({formatCount(failed)})
        </Text>
        <Button
          size="xs"
          variant="default"
          leftSection={<IconRefresh size={14} />}
          disabled={!canRetry || items.length === 0}
          loading={retry.isPending}
          onClick={() => retry.mutate(items.map((f) => f.reportId))}
        >
          Retry {items.length === 1 ? 'this report' : `these ${formatCount(items.length)} reports`}
        </Button>
      </Group>
      <Text size="xs" c="dimmed">
        Nothing was saved for these reports. Fix what the reason names (Engine settings below), then retry; each report
        can also be drafted from its own page.
      </Text>
      {failures.error && <ErrorAlert error={failures.error} title="Could not read the failed reports" />}
      {retry.error && <ErrorAlert error={retry.error} title="Could not queue the reports again" />}
      {items.length > 0 && (
        <Table fz="xs" verticalSpacing={4} data-testid="batch-failures-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Report</Table.Th>
              <Table.Th>Observed</Table.Th>
              <Table.Th>Failed</Table.Th>
              <Table.Th>Reason</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((f) => (
              <Table.Tr key={f.jobId} data-testid="batch-failure" data-report-id={f.reportId}>
                <Table.Td>
                  <Anchor href={hrefTo(`reports/${f.reportId}`)} size="xs">
                    {f.patientName}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    {f.title ?? f.kind}
                  </Text>
                </Table.Td>
                <Table.Td>{formatDeviceTime(f.observedAt)}</Table.Td>
                <Table.Td>{formatLocalTime(f.failedAt)}</Table.Td>
                <Table.Td data-testid="batch-failure-reason">{f.error}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {data && data.total > items.length && (
        <Text size="xs" c="dimmed">
          Showing the newest {formatCount(items.length)} of {formatCount(data.total)}; retry these, then the next ones appear.
        </Text>
      )}
    </Stack>
  )
}
