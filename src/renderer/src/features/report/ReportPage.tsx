// One report in full: patient and status first, then rule findings, the model's draft, charts, observations, notes on the patient, statements, attachments and the raw source.
import { Anchor, Group, Loader, Stack } from '@mantine/core'
import { useHotkeys } from '@mantine/hooks'
import { IconArrowLeft } from '@tabler/icons-react'
import type { ReportDetail } from '../../../../shared/contract/reports'
import { useCall } from '../../api/hooks'
import { goBack, hrefTo } from '../../app/routes'
import { ErrorAlert } from '../../components/ErrorAlert'
import { ReviewLink } from '../review/ReviewLink'
import { AttachmentsList } from './AttachmentsList'
import { BpPanel } from './BpPanel'
import { CgmPanel } from './CgmPanel'
import { DraftPanel } from './DraftPanel'
import { FindingsSection } from './FindingsSection'
import { ObservationsTable } from './ObservationsTable'
import { ParseLog } from './ParseLog'
import { PatientNotes } from './PatientNotes'
import { RawSource } from './RawSource'
import { ReportHeader } from './ReportHeader'
import { StatementsList } from './StatementsList'
import { StatusNotice } from './StatusNotice'
import { TrendCharts } from './TrendCharts'
import { useObservationHighlight } from './useObservationHighlight'

/** Values the device corrected after sign-off stay highlighted, beside whatever a finding highlights. */
function withDeviceCorrections(ids: ReadonlySet<number>, r: ReportDetail): ReadonlySet<number> {
  const changed = r.review.deviceCorrection?.observationIds ?? []
  return changed.length === 0 ? ids : new Set([...ids, ...changed])
}

export function ReportPage({ id }: { id: number | undefined }) {
  useHotkeys([['Escape', () => goBack('worklist')]])
  const report = useCall('reports.get', { id: id ?? 0 }, { enabled: id !== undefined })
  const rules = useCall('rules.get', {})
  const highlight = useObservationHighlight()
  const r = report.data
  return (
    <Stack gap="sm" data-testid="report-view">
      <Group justify="space-between">
        <Anchor href={hrefTo('worklist')} size="sm">
          <Group gap={4}>
            <IconArrowLeft size={14} /> Worklist
          </Group>
        </Anchor>
        {r && <ReviewLink reportId={r.id} status={r.review.status} />}
      </Group>
      {id === undefined && <ErrorAlert error={new Error('The address does not name a report.')} title="Not found" />}
      {report.isPending && id !== undefined && <Loader size="sm" />}
      {report.error && <ErrorAlert error={report.error} title="Could not load the report" />}
      {r && (
        <>
          <ReportHeader report={r} />
          <StatusNotice status={r.status} corrections={r.observations.filter((o) => o.history.length > 0).length} />
          <FindingsSection findings={r.findings} activeVersion={rules.data?.version} highlight={highlight} />
          <DraftPanel key={r.id} report={r} highlight={highlight} />
          {r.kind === 'cgm' && <CgmPanel report={r} />}
          {r.kind === 'blood_pressure' && <BpPanel report={r} />}
          <ObservationsTable observations={r.observations} highlighted={withDeviceCorrections(highlight.ids, r)} scrollRequest={highlight.scrollRequest} />
          {r.kind !== 'cgm' && <TrendCharts report={r} />}
          <PatientNotes patientId={r.patient.id} />
          <StatementsList statements={r.statements} />
          <AttachmentsList attachments={r.attachments} />
          <ParseLog log={r.parseLog} />
          <RawSource source={r.source} />
        </>
      )}
    </Stack>
  )
}
