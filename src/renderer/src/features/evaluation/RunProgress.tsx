// A running evaluation: drafts done of total and time left, live from the eval.progress events, and Cancel.
import { Button, Group, Popover, Progress, Stack, Text } from '@mantine/core'
import { IconX } from '@tabler/icons-react'
import { useQueryClient } from '@tanstack/react-query'
import { useCallback, useState } from 'react'
import type { EventPayload } from '../../../../shared/contract'
import { useAction, useEvent } from '../../api/hooks'
import { ErrorAlert } from '../../components/ErrorAlert'
import { formatTimeLeft } from './evalFormat'
import type { RunSummary } from './evalTypes'
import { percent } from './runForm'

function CancelRun({ runId }: { runId: number }) {
  const [opened, setOpened] = useState(false)
  const cancel = useAction('eval.cancel', ['eval.show', 'eval.list'])
  return (
    <Popover opened={opened} onChange={setOpened} withArrow trapFocus width={320}>
      <Popover.Target>
        <Button size="xs" variant="default" color="red" leftSection={<IconX size={14} />} onClick={() => setOpened((o) => !o)} data-testid="eval-cancel">
          Cancel run
        </Button>
      </Popover.Target>
      <Popover.Dropdown data-testid="eval-cancel-confirm">
        <Stack gap="xs">
          <Text size="sm">Cancel this evaluation? Drafts already made are kept; the run gets no result and no gate verdict.</Text>
          {cancel.error && <ErrorAlert error={cancel.error} title="Not cancelled" />}
          <Group gap="xs" justify="flex-end">
            <Button size="xs" variant="default" onClick={() => setOpened(false)}>
              Keep going
            </Button>
            <Button size="xs" color="red" loading={cancel.isPending} onClick={() => cancel.mutate({ id: runId }, { onSuccess: () => setOpened(false) })}>
              Cancel run
            </Button>
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  )
}

export function RunProgress({ run }: { run: RunSummary }) {
  const qc = useQueryClient()
  const [live, setLive] = useState(run.progress)
  useEvent(
    'eval.progress',
    useCallback(
      (p: EventPayload<'eval.progress'>) => {
        if (p.runId !== run.id) return
        setLive({ done: p.done, total: p.total, etaSeconds: p.etaSeconds, versions: p.versions })
        // The run's end (done, failed, cancelled) brings its result: read it again.
        if (p.state !== 'running' && p.state !== 'queued') {
          void qc.invalidateQueries({ queryKey: ['eval.show'] })
          void qc.invalidateQueries({ queryKey: ['eval.list'] })
        }
      },
      [qc, run.id],
    ),
  )
  // A fresh read of the run may be ahead of the last event seen (e.g. after the page was opened mid-run).
  const shown = run.progress.done > live.done ? run.progress : live
  return (
    <Stack gap={4} data-testid="eval-progress">
      <Progress value={percent(shown.done, shown.total)} animated aria-label="Drafts done" />
      <Group justify="space-between">
        <Text size="sm" data-testid="eval-progress-text">
          {shown.done} of {shown.total || '…'} drafts · {formatTimeLeft(shown.etaSeconds)}
        </Text>
        <CancelRun runId={run.id} />
      </Group>
      <Text size="xs" c="dimmed" data-testid="eval-progress-versions">
        {shown.versions.map((v) => `${run.versions.find((x) => x.versionId === v.versionId)?.name ?? `version ${v.versionId}`}: ${v.done} of ${v.total}`).join(' · ')}
      </Text>
    </Stack>
  )
}
