// One evaluation run: its versions and set, progress while it runs, then its result; the report and JSON once done.
import { Anchor, Button, Group, Loader, Stack, Text, Title } from '@mantine/core'
import { IconPlayerPlay } from '@tabler/icons-react'
import { ErrorAlert } from '../../components/ErrorAlert'
import { formatLocalTime } from '../../components/format'
import { useAction, useCall } from '../../api/hooks'
import { hrefTo } from '../../app/routes'
import { GateBadge, RunStateBadge } from './RunBadges'
import { ReportButtons } from './ReportButtons'
import { RunProgress } from './RunProgress'
import { RunResult } from './RunResult'
import { setLabel } from './runLabels'

/** A cancelled or failed run keeps its drafts: resuming drafts only what is missing. */
function ResumeRun({ id, cancelled }: { id: number; cancelled: boolean }) {
  const resume = useAction('eval.resume', ['eval.show', 'eval.list'])
  return (
    <Stack gap="xs">
      <Text size="sm">
        {cancelled ? 'This run was cancelled: it has no result yet.' : 'Fix the cause above, then resume.'} Resuming keeps the drafts already made and drafts only the rest
        (from a terminal: <code>readout eval run --resume {id}</code>).
      </Text>
      {resume.error && <ErrorAlert error={resume.error} title="Not resumed" />}
      <Group>
        <Button size="xs" leftSection={<IconPlayerPlay size={14} />} loading={resume.isPending} onClick={() => resume.mutate({ id })} data-testid="eval-resume">
          Resume run
        </Button>
      </Group>
    </Stack>
  )
}

export function RunView({ id }: { id: number }) {
  // Events carry the progress; a slow poll while the run is active covers a missed event (e.g. the stream reconnecting).
  const run = useCall('eval.show', { id }, { refetchInterval: (q) => (q.state.data?.state === 'running' || q.state.data?.state === 'queued' ? 5000 : false) })
  if (run.isPending) return <Loader size="sm" />
  if (run.error) return <ErrorAlert error={run.error} title={`Could not open evaluation run ${id}`} />
  const r = run.data
  const names = (role: 'baseline' | 'candidate') => r.versions.filter((v) => v.role === role).map((v) => v.name).join(', ')
  return (
    <Stack>
      <Anchor href={hrefTo('evaluation')} size="sm">
        ← All evaluation runs
      </Anchor>
      <Group gap="sm">
        <Title order={2}>Evaluation run {r.id}</Title>
        <RunStateBadge state={r.state} />
        <GateBadge pass={r.gatePass} size="lg" />
      </Group>
      <Text size="sm" data-testid="eval-run-heading">
        Candidate {names('candidate')} against baseline {names('baseline')} on {r.reportCount} reports ({setLabel(r.set)}); started {formatLocalTime(r.createdAt)} by {r.createdBy}
        {r.finishedAt ? `, finished ${formatLocalTime(r.finishedAt)}` : ''}.
      </Text>
      {(r.state === 'running' || r.state === 'queued') && <RunProgress run={r} />}
      {r.state === 'failed' && <ErrorAlert error={new Error(r.error ?? 'The run stopped with an error.')} title="The evaluation failed" />}
      {(r.state === 'failed' || r.state === 'cancelled') && <ResumeRun id={r.id} cancelled={r.state === 'cancelled'} />}
      {r.state === 'done' && r.analysis && (
        <>
          <ReportButtons run={r} />
          <RunResult run={r} analysis={r.analysis} />
        </>
      )}
    </Stack>
  )
}
