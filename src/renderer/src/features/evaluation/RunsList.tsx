// Every evaluation run, newest first: its versions, report set, state, progress, gate verdict and when it started.
import { Anchor, Group, Loader, Progress, Table, Text } from '@mantine/core'
import { IconChartDots } from '@tabler/icons-react'
import { useQueryClient } from '@tanstack/react-query'
import { useCallback } from 'react'
import type { EventPayload } from '../../../../shared/contract'
import { useCall, useEvent } from '../../api/hooks'
import type { RunSummary } from './evalTypes'
import { ErrorAlert } from '../../components/ErrorAlert'
import { formatLocalTime } from '../../components/format'
import { PageEmpty } from '../../components/PageEmpty'
import { hrefTo } from '../../app/routes'
import { setLabel } from './runLabels'
import { GateBadge, RunStateBadge } from './RunBadges'
import { percent } from './runForm'

const KEY = ['eval.list', {}]

export function RunsList() {
  const qc = useQueryClient()
  const runs = useCall('eval.list', {})
  // Running runs' bars move with the events; a run that ends is read again for its gate verdict.
  useEvent(
    'eval.progress',
    useCallback(
      (p: EventPayload<'eval.progress'>) => {
        const before = qc.getQueryData<RunSummary[]>(KEY)?.find((r) => r.id === p.runId)
        qc.setQueryData<RunSummary[]>(KEY, (old) =>
          old?.map((r) => (r.id === p.runId ? { ...r, state: p.state, progress: { done: p.done, total: p.total, etaSeconds: p.etaSeconds, versions: p.versions } } : r)),
        )
        if (before === undefined || before.state !== p.state) void qc.invalidateQueries({ queryKey: ['eval.list'] })
      },
      [qc],
    ),
  )
  if (runs.isPending) return <Loader size="sm" />
  if (runs.error) return <ErrorAlert error={runs.error} title="Could not list the evaluation runs" />
  if (runs.data.length === 0) {
    return (
      <PageEmpty icon={<IconChartDots size={32} />} title="No evaluation yet">
        Choose the baseline (the version in use) and a candidate above and press Start evaluation; from a terminal, <code>readout eval run --baseline SPEC --candidate SPEC</code>. A
        version is a name from <code>readout versions list</code> or BASE_ID[+ADAPTER_ID:SCALE…] with ids from <code>readout models list</code>.
      </PageEmpty>
    )
  }
  return (
    <Table withTableBorder striped highlightOnHover data-testid="eval-runs">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Run</Table.Th>
          <Table.Th>Baseline</Table.Th>
          <Table.Th>Candidates</Table.Th>
          <Table.Th>Reports</Table.Th>
          <Table.Th>State</Table.Th>
          <Table.Th>Gate</Table.Th>
          <Table.Th>Started</Table.Th>
          <Table.Th>By</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {runs.data.map((r) => (
          <Table.Tr key={r.id} data-testid={`eval-run-${r.id}`}>
            <Table.Td>
              <Anchor href={hrefTo(`evaluation/${r.id}`)}>Run {r.id}</Anchor>
            </Table.Td>
            <Table.Td>{r.versions.filter((v) => v.role === 'baseline').map((v) => v.name).join(', ')}</Table.Td>
            <Table.Td>{r.versions.filter((v) => v.role === 'candidate').map((v) => v.name).join(', ')}</Table.Td>
            <Table.Td>
              {r.reportCount} <Text span size="xs" c="dimmed">({setLabel(r.set)})</Text>
            </Table.Td>
            <Table.Td>
              <Group gap="xs" wrap="nowrap">
                <RunStateBadge state={r.state} />
                {(r.state === 'running' || r.state === 'queued') && (
                  <Progress value={percent(r.progress.done, r.progress.total)} w={80} aria-label={`${r.progress.done} of ${r.progress.total} drafts`} />
                )}
              </Group>
            </Table.Td>
            <Table.Td>
              <GateBadge pass={r.gatePass} />
            </Table.Td>
            <Table.Td>{formatLocalTime(r.createdAt)}</Table.Td>
            <Table.Td>{r.createdBy}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  )
}
