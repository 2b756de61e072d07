// One finding of the model's draft: severity, statement, suggested next step, its cited basis as chips, and the evidence check's issues with it.
import { Group, Paper, Stack, Text } from '@mantine/core'
import type { KeyboardEvent } from 'react'
import type { DraftFinding as DraftFindingValue } from '../../../../shared/domain/interpretation'
import { DraftSeverityBadge } from './DraftBadges'
import { DraftIssues, type EvidenceIssue } from './DraftIssues'
import type { ResolvedEvidence } from './draftEvidence'
import { EvidenceChip } from './EvidenceChip'

const EDGE: Record<DraftFindingValue['severity'], string> = {
  critical: 'var(--mantine-color-red-filled)',
  abnormal: 'var(--mantine-color-orange-filled)',
  normal: 'var(--mantine-color-teal-4)',
}

export function DraftFinding(props: {
  index: number
  finding: DraftFindingValue
  evidence: readonly ResolvedEvidence[]
  issues: readonly EvidenceIssue[]
  /** Whether it cites observations or rule findings that can be highlighted. */
  citesBasis: boolean
  pinned: boolean
  onPreview: () => void
  onEndPreview: () => void
  onToggle: () => void
}) {
  const f = props.finding
  const onKey = (e: KeyboardEvent) => {
    if (e.key !== 'Enter' && e.key !== ' ') return
    e.preventDefault()
    props.onToggle()
  }
  return (
    <Paper
      withBorder
      p="xs"
      role="button"
      tabIndex={0}
      aria-pressed={props.pinned}
      onMouseEnter={props.onPreview}
      onMouseLeave={props.onEndPreview}
      onFocus={props.onPreview}
      onBlur={props.onEndPreview}
      onClick={props.onToggle}
      onKeyDown={onKey}
      style={{
        cursor: props.citesBasis ? 'pointer' : 'default',
        borderLeft: `4px solid ${EDGE[f.severity]}`,
        background: props.pinned ? 'var(--mantine-color-yellow-light)' : undefined,
      }}
      data-testid="draft-finding"
      data-finding-index={props.index}
      data-severity={f.severity}
    >
      <Stack gap={4}>
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <DraftSeverityBadge severity={f.severity} />
          <Text size="sm" fw={600} style={{ whiteSpace: 'pre-wrap' }} data-testid="draft-finding-statement">
            {f.statement}
          </Text>
        </Group>
        {f.recommendation !== null && (
          <Text size="sm" data-testid="draft-finding-recommendation">
            <Text span size="xs" c="dimmed">
              Suggested next step:{' '}
            </Text>
            {f.recommendation}
          </Text>
        )}
        <Group gap={6} data-testid="draft-finding-evidence">
          <Text span size="xs" c="dimmed">
            Cites:
          </Text>
          {props.evidence.length === 0 ? (
            <Text span size="xs" c="orange" fw={500} data-testid="draft-finding-no-evidence">
              no evidence
            </Text>
          ) : (
            props.evidence.map((e, i) => <EvidenceChip key={`${i}:${e.id}`} evidence={e} />)
          )}
        </Group>
        <DraftIssues issues={props.issues} />
      </Stack>
    </Paper>
  )
}
