// One finding on the review side: what it will say, the decision taken on it (with its reason), why its evidence check
// failed, and buttons for the same actions as the keys (a accept, e edit, r reject).
import { Badge, Button, Group, Paper, Stack, Text } from '@mantine/core'
import { forwardRef } from 'react'
import type { ReviewState } from '../../../../shared/contract/review'
import { REASON_LABELS } from '../../../../shared/domain/reasonCodes'
import { DraftSeverityBadge } from '../report/DraftBadges'
import type { ReviewRow } from './reviewModel'

type Issue = ReviewState['base']['issues'][number]

const DECISION: Record<string, { label: string; color: string }> = {
  undecided: { label: 'not decided', color: 'gray' },
  accept: { label: 'accepted', color: 'teal' },
  edit: { label: 'edited', color: 'blue' },
  reject: { label: 'rejected', color: 'red' },
  add: { label: 'added', color: 'grape' },
}

export function decisionOf(row: ReviewRow): string {
  return row.kind === 'added' ? 'add' : (row.decision?.action ?? 'undecided')
}

export const ReviewFindingCard = forwardRef<
  HTMLDivElement,
  {
    row: ReviewRow
    number: number
    selected: boolean
    issues: readonly Issue[]
    readOnly: boolean
    onSelect: () => void
    onAccept: () => void
    onEdit: () => void
    onReject: () => void
    onRemove: () => void
  }
>(function ReviewFindingCard(props, ref) {
  const { row } = props
  const decision = decisionOf(row)
  const shown = row.result ?? (row.kind === 'draft' ? row.original : null)
  const reason = row.decision && row.decision.action !== 'accept' ? row.decision.reason : null
  const comment = row.decision && row.decision.action !== 'accept' ? row.decision.comment : null
  const d = DECISION[decision]!
  return (
    <Paper
      ref={ref}
      withBorder
      p="xs"
      tabIndex={0}
      onFocus={props.onSelect}
      onClick={props.onSelect}
      aria-current={props.selected ? 'true' : undefined}
      aria-label={`Finding ${props.number}, ${d.label}`}
      data-testid="review-finding"
      data-review-row={row.key}
      data-decision={decision}
      style={{
        outline: props.selected ? '2px solid var(--mantine-color-blue-filled)' : undefined,
        opacity: decision === 'reject' ? 0.65 : 1,
      }}
    >
      <Stack gap={4}>
        <Group gap="xs" justify="space-between" wrap="nowrap">
          <Group gap="xs" wrap="nowrap">
            <Text size="xs" c="dimmed" fw={600}>
              #{props.number}
            </Text>
            {shown && <DraftSeverityBadge severity={shown.severity} />}
            <Badge color={d.color} variant={decision === 'undecided' ? 'outline' : 'light'} data-testid="review-finding-decision">
              {d.label}
            </Badge>
            {reason && (
              <Text size="xs" c="dimmed" data-testid="review-finding-reason">
                {REASON_LABELS[reason]}
                {comment ? ` — ${comment}` : ''}
              </Text>
            )}
          </Group>
        </Group>
        {shown && (
          <Text size="sm" fw={600} td={decision === 'reject' ? 'line-through' : undefined} style={{ whiteSpace: 'pre-wrap' }} data-testid="review-finding-statement">
            {shown.statement}
          </Text>
        )}
        {shown?.recommendation && (
          <Text size="sm">
            <Text span size="xs" c="dimmed">
              Suggested next step:{' '}
            </Text>
            {shown.recommendation}
          </Text>
        )}
        {shown && (
          <Text size="xs" c={shown.evidence.length === 0 ? 'orange' : 'dimmed'}>
            Cites: {shown.evidence.length === 0 ? 'no evidence' : shown.evidence.join(', ')}
          </Text>
        )}
        {props.issues.map((i, n) => (
          <Text key={n} size="xs" c="red" data-testid="review-finding-issue">
            Evidence check: {i.message}
          </Text>
        ))}
        {!props.readOnly && (
          <Group gap={6}>
            {row.kind === 'draft' && (
              <Button size="compact-xs" variant="light" color="teal" onClick={props.onAccept} tabIndex={-1}>
                Accept (a)
              </Button>
            )}
            <Button size="compact-xs" variant="light" onClick={props.onEdit} tabIndex={-1}>
              Edit (e)
            </Button>
            {row.kind === 'draft' ? (
              <Button size="compact-xs" variant="light" color="red" onClick={props.onReject} tabIndex={-1}>
                Reject (r)
              </Button>
            ) : (
              <Button size="compact-xs" variant="light" color="red" onClick={props.onRemove} tabIndex={-1}>
                Remove
              </Button>
            )}
          </Group>
        )}
      </Stack>
    </Paper>
  )
})
