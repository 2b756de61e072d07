// One worklist row: a checkbox (reports to interpret), worst rule finding (badge and text), patient, kind, device, observed time, status, device flags, draft standing (or where the batch queue is with it), review status and reviewer.
import { Badge, Checkbox, Group, Skeleton, Text, Tooltip } from '@mantine/core'
import { memo, type CSSProperties, type ReactNode } from 'react'
import type { ReportSummary } from '../../../../shared/contract/reports'
import { formatDeviceTime } from '../../components/format'
import { SeverityBadge } from '../../components/SeverityBadge'
import { KIND_LABELS } from '../../components/labels'
import { StatusBadge } from '../../components/StatusBadge'
import { ReviewStatusBadge } from '../review/ReviewStatusBadge'

export const ROW_HEIGHT = 44
export const COLUMNS = [
  { label: '', width: 36 },
  { label: 'Severity', width: '20%' },
  // The rest of the width: the patient's name is what people look for.
  { label: 'Patient', width: undefined },
  { label: 'Kind', width: '10%' },
  { label: 'Device', width: '7%' },
  { label: 'Observed', width: 200 },
  { label: 'Status', width: 130 },
  { label: 'Flags', width: 60 },
  { label: 'Draft', width: 130 },
  { label: 'Review', width: 150 },
] as const

const DRAFT_BADGE = {
  verified: { color: 'teal', label: 'Draft ✓', hint: 'A model draft exists; the evidence check found no problem. Not reviewed.' },
  issues: { color: 'orange', label: 'Draft: issues', hint: 'The model draft cites numbers or ids the report does not contain.' },
  contradiction: { color: 'red', label: 'Draft: conflict', hint: 'The model draft contradicts a critical rule finding or calls a preliminary result final.' },
} as const

// Without a draft: where the batch queue is with the report, so nobody waits for a draft that will not come.
const DRAFT_JOB_BADGE = {
  queued: { color: 'gray', label: 'Queued', hint: 'Waiting in the batch queue for the model (Models → Batch interpretation).' },
  running: { color: 'blue', label: 'Drafting…', hint: 'The model is drafting this report now.' },
  failed: { color: 'red', label: 'Not drafted', hint: 'The model could not draft this report. The reason is on the report and under Models → Not drafted.' },
} as const

// A draft whose evidence check failed stands out, so nobody reads it as trustworthy from the list.
function DraftCell({ r }: { r: ReportSummary }) {
  const badge =
    r.draftStanding !== null
      ? { ...DRAFT_BADGE[r.draftStanding], variant: r.draftStanding === 'verified' ? 'light' : 'filled', testId: 'draft-standing', job: undefined }
      : r.draftJob !== null
        ? { ...DRAFT_JOB_BADGE[r.draftJob], variant: 'outline', testId: 'draft-job', job: r.draftJob }
        : null
  if (badge === null) return <Cell>{null}</Cell>
  return (
    <Cell>
      <Tooltip label={badge.hint} multiline w={260}>
        <Badge color={badge.color} variant={badge.variant} size="sm" data-testid={badge.testId} data-job={badge.job}>
          {badge.label}
        </Badge>
      </Tooltip>
    </Cell>
  )
}

const CELL: CSSProperties = { overflow: 'hidden', whiteSpace: 'nowrap', textOverflow: 'ellipsis', padding: '2px 8px' }

function Cell({ children }: { children: ReactNode }) {
  return <td style={CELL}>{children}</td>
}

// A critical or abnormal result must be readable from the list itself, without opening the report.
function SeverityCell({ r }: { r: ReportSummary }) {
  if (r.maxSeverity === null) return <Cell>{null}</Cell>
  const prominent = r.maxSeverity !== 'info' && r.topFinding !== null
  return (
    <Cell>
      <Tooltip label={r.topFinding ?? ''} disabled={r.topFinding === null} multiline maw={480} openDelay={200}>
        <Group gap={6} wrap="nowrap" data-testid="worklist-severity" data-severity={r.maxSeverity}>
          <SeverityBadge severity={r.maxSeverity} />
          {prominent && (
            <Text
              size="sm"
              fw={r.maxSeverity === 'critical' ? 600 : 500}
              c={r.maxSeverity === 'critical' ? 'red' : 'orange'}
              truncate="end"
              style={{ minWidth: 0 }}
              data-testid="worklist-top-finding"
            >
              {r.topFinding}
            </Text>
          )}
        </Group>
      </Tooltip>
    </Cell>
  )
}

// Checking a report (for "Interpret selected") is not opening it: the click stays in its cell.
function CheckCell({ r, checked, onToggle }: { r: ReportSummary; checked: boolean; onToggle: (id: number) => void }) {
  return (
    <td style={{ ...CELL, cursor: 'default' }} onClick={(e) => e.stopPropagation()}>
      <Checkbox size="xs" checked={checked} onChange={() => onToggle(r.id)} aria-label={`Select ${r.patientName || 'report'} ${r.id}`} data-testid="worklist-check" />
    </td>
  )
}

export const WorklistRow = memo(function WorklistRow(props: {
  index: number
  report: ReportSummary | undefined
  selected: boolean
  checked: boolean
  onClick: (index: number) => void
  onToggle: (id: number) => void
}) {
  const r = props.report
  const style: CSSProperties = {
    height: ROW_HEIGHT,
    cursor: r ? 'pointer' : 'default',
    background: props.selected ? 'var(--mantine-primary-color-light)' : undefined,
    boxShadow: props.selected ? 'inset 3px 0 0 var(--mantine-primary-color-filled)' : undefined,
    borderBottom: '1px solid var(--mantine-color-default-border)',
  }
  if (!r) {
    return (
      <tr style={style} aria-rowindex={props.index + 2}>
        <td colSpan={COLUMNS.length} style={CELL}>
          <Skeleton height={12} width="60%" />
        </td>
      </tr>
    )
  }
  return (
    <tr
      style={style}
      aria-rowindex={props.index + 2}
      aria-selected={props.selected}
      data-testid="worklist-row"
      data-report-id={r.id}
      data-checked={props.checked}
      onClick={() => props.onClick(props.index)}
    >
      <CheckCell r={r} checked={props.checked} onToggle={props.onToggle} />
      <SeverityCell r={r} />
      <Cell>
        <Text size="sm" fw={600} truncate="end" lh={1.3}>
          {r.patientName || 'Unnamed patient'}
        </Text>
        <Text size="xs" c="dimmed" truncate="end" lh={1.3}>
          {r.patientIdentifier}
        </Text>
      </Cell>
      <Cell>
        <Text size="sm" truncate="end" lh={1.3}>
          {KIND_LABELS[r.kind]}
        </Text>
        {r.title && (
          <Text size="xs" c="dimmed" truncate="end" lh={1.3}>
            {r.title}
          </Text>
        )}
      </Cell>
      <Cell>
        <Text size="sm" truncate="end">
          {r.device ?? '—'}
        </Text>
      </Cell>
      <Cell>
        <Text size="sm" ff="monospace">
          {formatDeviceTime(r.observedAt)}
        </Text>
      </Cell>
      <Cell>
        <StatusBadge status={r.status} size={r.status === 'final' ? 'sm' : 'md'} />
      </Cell>
      <Cell>
        {r.flagCount > 0 ? (
          <Badge color="red" variant="filled" size="md" aria-label={`${r.flagCount} device-flagged values`}>
            {r.flagCount}
          </Badge>
        ) : (
          <Text size="sm" c="dimmed">
            0
          </Text>
        )}
      </Cell>
      <DraftCell r={r} />
      <Cell>
        <ReviewStatusBadge status={r.reviewStatus} />
        {r.reviewer && (
          <Text size="xs" c="dimmed" truncate="end" lh={1.3} data-testid="worklist-reviewer">
            {r.reviewer}
          </Text>
        )}
      </Cell>
    </tr>
  )
})
