// Beside a draft: the report it reads is preliminary or corrected, or was corrected after the draft was written.
import { Group, Text } from '@mantine/core'
import type { ReportDetail } from '../../../../shared/contract/reports'
import { StatusBadge } from '../../components/StatusBadge'

/** The newest time a value of the report was superseded (system time, as interpretations record theirs). */
function lastCorrectionAt(report: ReportDetail): number | null {
  let last: number | null = null
  for (const o of report.observations) {
    for (const h of o.history) {
      const t = Date.parse(h.supersededAt)
      if (!Number.isNaN(t) && (last === null || t > last)) last = t
    }
  }
  return last
}

export function DraftReportStatus({ report, draftCreatedAt }: { report: ReportDetail; draftCreatedAt: string | null }) {
  const corrected = lastCorrectionAt(report)
  const created = draftCreatedAt === null ? NaN : Date.parse(draftCreatedAt)
  const stale = corrected !== null && !Number.isNaN(created) && corrected > created
  if (report.status === 'final' && !stale) return null
  return (
    <Group gap="xs" wrap="nowrap" data-testid="draft-report-status">
      <StatusBadge status={report.status} size="md" />
      <Text size="sm" fw={600} c={stale ? 'red' : undefined}>
        {stale
          ? 'The report was corrected after this draft was written: the draft reads values that are no longer current. Regenerate it.'
          : report.status === 'preliminary'
            ? 'The draft reads a PRELIMINARY report: its values may still change.'
            : report.status === 'corrected'
              ? 'The draft reads a CORRECTED report.'
              : 'The draft reads a report its sender cancelled.'}
      </Text>
    </Group>
  )
}
