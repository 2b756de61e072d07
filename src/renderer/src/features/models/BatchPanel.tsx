// Batch interpretation: queue every report without a draft, run, pause, resume or cancel, and follow the progress.
import { Alert, Button, Group, Loader, Popover, Progress, Stack, Text } from '@mantine/core'
import { IconPlayerPause, IconPlayerPlay, IconSparkles, IconX } from '@tabler/icons-react'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { call } from '../../api/client'
import { useAction } from '../../api/hooks'
import { ErrorAlert } from '../../components/ErrorAlert'
import { formatCount } from '../../components/format'
import { Section } from '../../components/Section'
import { BatchFailures } from './BatchFailures'
import { formatDuration } from './modelFormat'
import { useQueueStatus } from './useQueueStatus'

function CancelButton({ disabled }: { disabled: boolean }) {
  const [opened, setOpened] = useState(false)
  const cancel = useAction('queue.cancel', ['queue.status'])
  return (
    <Popover opened={opened} onChange={setOpened} withArrow trapFocus width={300}>
      <Popover.Target>
        <Button size="xs" variant="default" color="red" leftSection={<IconX size={14} />} disabled={disabled} onClick={() => setOpened((o) => !o)}>
          Cancel
        </Button>
      </Popover.Target>
      <Popover.Dropdown data-testid="queue-cancel-confirm">
        <Stack gap="xs">
          <Text size="sm">Cancel every queued report? A draft being written is stopped and nothing half-written is saved.</Text>
          {cancel.error && <ErrorAlert error={cancel.error} />}
          <Group gap="xs" justify="flex-end">
            <Button size="xs" variant="default" onClick={() => setOpened(false)}>
              Keep going
            </Button>
            <Button size="xs" color="red" loading={cancel.isPending} onClick={() => cancel.mutate({}, { onSuccess: () => setOpened(false) })}>
              Cancel queue
            </Button>
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  )
}

export function BatchPanel({ hasBase }: { hasBase: boolean }) {
  const qc = useQueryClient()
  const queue = useQueueStatus()
  const interpretAll = useMutation({
    mutationFn: async () => {
      const { added } = await call('queue.enqueue', { allNew: true })
      await call('queue.start', {})
      return added
    },
    onSettled: () => qc.invalidateQueries({ queryKey: ['queue.status'] }),
  })
  const pause = useAction('queue.pause', ['queue.status'])
  const resume = useAction('queue.start', ['queue.status'])
  const q = queue.data
  const running = q?.state === 'running'
  const paused = q?.state === 'paused'
  const pending = q === undefined ? 0 : q.queued + q.running
  const percent = q && q.batchTotal > 0 ? (q.batchDone / q.batchTotal) * 100 : 0
  const error = interpretAll.error ?? pause.error ?? resume.error

  return (
    <Section title="Batch interpretation" testId="batch-panel">
      {!hasBase && (
        <Alert color="gray" data-testid="batch-disabled">
          Choose and apply a base model in the active configuration first: reports cannot be interpreted without one.
        </Alert>
      )}
      <Group gap="xs">
        <Button
          size="xs"
          leftSection={<IconSparkles size={14} />}
          disabled={!hasBase || running}
          loading={interpretAll.isPending}
          onClick={() => interpretAll.mutate()}
        >
          Interpret all new reports
        </Button>
        {paused ? (
          <Button size="xs" variant="default" leftSection={<IconPlayerPlay size={14} />} disabled={!hasBase} loading={resume.isPending} onClick={() => resume.mutate({})}>
            Resume
          </Button>
        ) : (
          <Button size="xs" variant="default" leftSection={<IconPlayerPause size={14} />} disabled={!running} loading={pause.isPending} onClick={() => pause.mutate({})}>
            Pause
          </Button>
        )}
        <CancelButton disabled={pending === 0} />
      </Group>
      {interpretAll.data !== undefined && (
        <Text size="xs" c="dimmed" data-testid="batch-added">
          {interpretAll.data === 0 ? 'No new reports to queue.' : `${formatCount(interpretAll.data)} report${interpretAll.data === 1 ? '' : 's'} queued.`}
        </Text>
      )}
      {queue.isPending && <Loader size="sm" />}
      {queue.error && <ErrorAlert error={queue.error} title="Could not read the queue" />}
      {q && q.batchTotal > 0 && (
        <Stack gap={4}>
          <Progress value={percent} animated={running} color={paused ? 'orange' : undefined} size="lg" aria-label="Batch progress" data-testid="batch-progress" />
          <Group gap="lg" data-testid="batch-status">
            <Text size="sm" data-testid="batch-count">
              {formatCount(q.batchDone)} of {formatCount(q.batchTotal)} reports
            </Text>
            <Text size="sm" c="dimmed">
              {q.tokensPerSecond > 0 ? `${q.tokensPerSecond.toFixed(1)} tokens/s` : '— tokens/s'}
            </Text>
            <Text size="sm" c="dimmed">
              {running ? `${formatDuration(q.etaSeconds)} left` : paused ? 'Paused' : q.batchDone >= q.batchTotal ? 'Finished' : 'Stopped'}
            </Text>
            <Text size="sm" c={q.failed > 0 ? 'red' : 'dimmed'} data-testid="batch-failed">
              {formatCount(q.failed)} not drafted
            </Text>
          </Group>
        </Stack>
      )}
      {q && <BatchFailures failed={q.failed} canRetry={hasBase} />}
      {paused && (
        <Text size="xs" c="dimmed">
          The queue pauses by itself when the model cannot be used; check the engine above, then resume.
        </Text>
      )}
      {error && <ErrorAlert error={error} title="The queue did not respond as asked" />}
    </Section>
  )
}
