// The review screen (#/review/<id>): the report on one side (header, rule findings, observations: click one to link it
// as evidence while editing), the review on the other; a signed report shows its frozen version and signature.
import { Anchor, Grid, Group, Loader, Stack, Text } from '@mantine/core'
import { IconArrowLeft } from '@tabler/icons-react'
import { useQueryClient } from '@tanstack/react-query'
import { useCallback, useMemo, useState } from 'react'
import type { ReviewState } from '../../../../shared/contract/review'
import { parseEvidenceId } from '../../../../shared/domain/interpretation'
import { useCall } from '../../api/hooks'
import { hrefTo } from '../../app/routes'
import { ErrorAlert } from '../../components/ErrorAlert'
import { holdsAny, useSession } from '../auth/session'
import { FindingsSection } from '../report/FindingsSection'
import { ObservationsTable } from '../report/ObservationsTable'
import { ReportHeader } from '../report/ReportHeader'
import { StatusNotice } from '../report/StatusNotice'
import { useObservationHighlight } from '../report/useObservationHighlight'
import { ReviewStatusBadge } from './ReviewStatusBadge'
import { ReviewWorkspace } from './ReviewWorkspace'
import { SignedView } from './SignedView'

const FROZEN = new Set(['signed', 'amended', 'device_corrected'])

export function ReviewPage({ id }: { id: number | undefined }) {
  const qc = useQueryClient()
  const { user } = useSession()
  const report = useCall('reports.get', { id: id ?? 0 }, { enabled: id !== undefined })
  const review = useCall('review.get', { reportId: id ?? 0 }, { enabled: id !== undefined, refetchOnWindowFocus: false })
  const rules = useCall('rules.get', {})
  const highlight = useObservationHighlight()
  const [state, setState] = useState<ReviewState | null>(null)
  const [linkRequest, setLinkRequest] = useState<{ observationId: number; n: number } | null>(null)
  const [evidence, setEvidence] = useState<readonly string[]>([])
  // The working copy starts from a fresh read, never a cached one (its row version would be stale: a needless conflict).
  const current = state ?? (review.isFetchedAfterMount ? review.data : undefined) ?? null
  const canSign = holdsAny(user, ['clinician'])

  const onStateChange = useCallback(
    (s: ReviewState) => {
      setState(s)
      qc.setQueryData(['review.get', { reportId: s.reportId }], s)
      // The worklist's status column and the navigation's counts follow the review.
      void qc.invalidateQueries({ queryKey: ['reports.list'] })
      void qc.invalidateQueries({ queryKey: ['review.counts'] })
    },
    [qc],
  )
  const onSelectedEvidence = useCallback((ids: readonly string[]) => setEvidence(ids), [])
  // The selected finding's observations, and values a device corrected after sign-off, are highlighted in the report.
  const highlighted = useMemo(() => {
    const set = new Set<number>(highlight.ids)
    for (const e of evidence) {
      const ref = parseEvidenceId(e)
      if (ref?.kind === 'observation') set.add(ref.id)
    }
    for (const o of current?.deviceCorrection?.observationIds ?? []) set.add(o)
    return set
  }, [evidence, highlight.ids, current?.deviceCorrection])

  const r = report.data
  const frozen = current !== null && FROZEN.has(current.status) && current.working === null
  return (
    <Stack gap="sm" data-testid="review-view">
      <Group gap="md">
        <Anchor href={hrefTo('worklist')} size="sm">
          <Group gap={4}>
            <IconArrowLeft size={14} /> Worklist
          </Group>
        </Anchor>
        {id !== undefined && (
          <Anchor href={hrefTo(`reports/${id}`)} size="sm">
            Full report
          </Anchor>
        )}
        {current && <ReviewStatusBadge status={current.status} />}
      </Group>
      {id === undefined && <ErrorAlert error={new Error('The address does not name a report.')} title="Not found" />}
      {(report.isPending || current === null) && id !== undefined && !review.error && <Loader size="sm" />}
      {report.error && <ErrorAlert error={report.error} title="Could not load the report" />}
      {review.error && <ErrorAlert error={review.error} title="Could not load the review" />}
      {r && current && (
        <Grid>
          <Grid.Col span={{ base: 12, md: 6 }}>
            <Stack gap="sm" data-testid="review-report-side">
              <ReportHeader report={r} />
              <StatusNotice status={r.status} corrections={r.observations.filter((o) => o.history.length > 0).length} />
              <FindingsSection findings={r.findings} activeVersion={rules.data?.version} highlight={highlight} />
              <Text size="xs" c="dimmed">
                While editing a finding, click an observation to link it as evidence (or unlink it).
              </Text>
              <ObservationsTable
                observations={r.observations}
                highlighted={highlighted}
                scrollRequest={highlight.scrollRequest}
                onRowClick={(o) => setLinkRequest((x) => ({ observationId: o.id, n: (x?.n ?? 0) + 1 }))}
              />
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 6 }}>
            {frozen ? (
              <SignedView state={current} canSign={canSign} onChanged={onStateChange} />
            ) : (
              <ReviewWorkspace
                key={`${current.reportId}:${current.versions.filter((v) => v.state === 'signed').length}`}
                initial={current}
                canSign={canSign}
                signerName={user.displayName}
                linkRequest={linkRequest}
                onSelectedEvidence={onSelectedEvidence}
                onStateChange={onStateChange}
              />
            )}
          </Grid.Col>
        </Grid>
      )}
    </Stack>
  )
}
