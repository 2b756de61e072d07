// The model's draft interpretation of a report: generate (streamed) or cancel, the stored draft with its basis and provenance; never signed here.
import { Alert, Anchor, Button, Code, Loader, Stack, Text, Tooltip } from '@mantine/core'
import { IconPlayerStop, IconSparkles } from '@tabler/icons-react'
import { useQueryClient } from '@tanstack/react-query'
import { useCallback } from 'react'
import type { Interpretation } from '../../../../shared/contract/interpret'
import type { ReportDetail } from '../../../../shared/contract/reports'
import { ApiError } from '../../api/client'
import { useCall } from '../../api/hooks'
import { hrefTo } from '../../app/routes'
import { ErrorAlert } from '../../components/ErrorAlert'
import { Section } from '../../components/Section'
import { BatchFailureNotice } from './BatchFailureNotice'
import { DraftLabel } from './DraftBadges'
import { DraftError } from './DraftError'
import { DraftReportStatus } from './DraftReportStatus'
import { DraftStream } from './DraftStream'
import { DraftView } from './DraftView'
import { useDraftStream } from './useDraftStream'
import type { ObservationHighlight } from './useObservationHighlight'

function NoBaseModel() {
  return (
    <Alert color="blue" title="No base model is configured" data-testid="draft-no-model">
      Drafts are written by a language model that runs on this workstation. Add a base model (a GGUF file) and choose it on the{' '}
      <Anchor href={hrefTo('models')} data-testid="draft-models-link">
        Models page
      </Anchor>
      ; then come back to generate a draft.
    </Alert>
  )
}

/** The batch has this report: its draft appears here by itself when written (useFollowQueue), so nobody drafts it twice. */
function BatchQueuedNotice({ state }: { state: 'queued' | 'running' }) {
  return (
    <Alert color="blue" variant="light" data-testid="draft-batch-queued" data-job={state} icon={state === 'running' ? <Loader size={16} /> : undefined}>
      <Text size="sm">
        {state === 'running'
          ? 'The batch is drafting this report now. The draft appears here when the model has written it.'
          : 'This report is queued for the batch (Models → Batch interpretation). The draft appears here when the model has written it; to have it now, generate it here.'}
      </Text>
    </Alert>
  )
}

export function DraftPanel({ report, highlight }: { report: ReportDetail; highlight: ObservationHighlight }) {
  const qc = useQueryClient()
  const latest = useCall('interpret.latest', { reportId: report.id })
  const models = useCall('models.list', {})
  const { clear } = highlight
  const onDone = useCallback(
    (i: Interpretation) => {
      // The highlight may be pinned to a finding of the draft this one replaces.
      clear()
      qc.setQueryData(['interpret.latest', { reportId: i.reportId }], i)
      // A batch failure of this report no longer stands once it has a draft.
      void qc.invalidateQueries({ queryKey: ['queue.failures'] })
    },
    [qc, clear],
  )
  const stream = useDraftStream(report.id, onDone)
  const noBase = models.data !== undefined && models.data.config.baseModelId === null
  const current = latest.data ?? null
  const batchHasIt = report.draftJob === 'queued' || report.draftJob === 'running' ? report.draftJob : null
  const failedText = stream.error && !(stream.error instanceof ApiError && stream.error.code === 'CANCELLED') ? stream.text : ''

  const action = stream.running ? (
    <Button size="xs" variant="default" leftSection={<IconPlayerStop size={14} />} onClick={stream.cancel} disabled={stream.cancelling}>
      Cancel
    </Button>
  ) : noBase ? undefined : (
    // While the batch drafts this very report, a second draft of it here would only compete with that one.
    <Tooltip label="The batch is drafting this report now" disabled={report.draftJob !== 'running'}>
      <span>
        <Button
          size="xs"
          leftSection={<IconSparkles size={14} />}
          onClick={stream.generate}
          disabled={latest.isPending || report.draftJob === 'running'}
        >
          {current ? 'Regenerate' : 'Generate draft'}
        </Button>
      </span>
    </Tooltip>
  )

  return (
    <Section title="Model draft" actions={action} testId="draft-panel">
      <Text size="xs" c="dimmed">
        Written by the language model on this workstation from this report&apos;s values, statements and rule findings. It supports a
        clinician&apos;s reading and never replaces it: every finding shows what it cites, and an automatic evidence check lists what does not
        hold up. Nothing here signs or accepts a result.
      </Text>
      {noBase && !stream.running && <NoBaseModel />}
      {models.error && <ErrorAlert error={models.error} title="Could not read the model configuration" />}
      {latest.error && <ErrorAlert error={latest.error} title="Could not load the latest draft" />}
      {stream.error && <DraftError error={stream.error} hasEarlier={current !== null} />}
      {failedText !== '' && (
        <Stack gap={2}>
          <Text size="xs" c="dimmed">
            What the model wrote before it stopped (not saved):
          </Text>
          <Code block fz="xs" mah={160} style={{ overflow: 'auto', whiteSpace: 'pre-wrap', wordBreak: 'break-word' }} data-testid="draft-failed-text">
            {failedText}
          </Code>
        </Stack>
      )}
      {latest.isPending && <Loader size="sm" />}
      {(stream.running || current) && <DraftLabel />}
      {(stream.running || current) && <DraftReportStatus report={report} draftCreatedAt={stream.running ? null : (current?.createdAt ?? null)} />}
      {stream.running && <DraftStream text={stream.text} cancelling={stream.cancelling} />}
      {!stream.running && current && <DraftView interpretation={current} report={report} highlight={highlight} />}
      {!stream.running && !current && latest.isSuccess && <BatchFailureNotice reportId={report.id} />}
      {!stream.running && !current && latest.isSuccess && !noBase && batchHasIt !== null && <BatchQueuedNotice state={batchHasIt} />}
      {!stream.running && !current && latest.isSuccess && !noBase && batchHasIt === null && (
        <Text size="sm" data-testid="draft-none">
          No draft yet for this report.
        </Text>
      )}
    </Section>
  )
}
