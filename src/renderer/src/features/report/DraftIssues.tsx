// Problems the evidence check found in a draft, each with its code and message, beside the finding it concerns.
import { Code, Group, Stack, Text } from '@mantine/core'
import { IconAlertTriangle } from '@tabler/icons-react'
import type { Interpretation } from '../../../../shared/contract/interpret'

export type EvidenceIssue = Interpretation['evidenceCheck']['issues'][number]

// The codes that make a draft's standing "contradiction".
const CONTRADICTIONS = new Set(['CONTRADICTS_CRITICAL_FINDING', 'CALLS_PRELIMINARY_FINAL'])

export function DraftIssues({ issues, testId = 'draft-issues' }: { issues: readonly EvidenceIssue[]; testId?: string }) {
  if (issues.length === 0) return null
  return (
    <Stack gap={2} data-testid={testId}>
      {issues.map((i, n) => {
        const color = CONTRADICTIONS.has(i.code) ? 'red' : 'orange'
        return (
          <Group key={n} gap={6} wrap="nowrap" align="flex-start" data-testid="draft-issue" data-code={i.code} data-finding-index={i.findingIndex ?? ''}>
            <IconAlertTriangle size={15} color={`var(--mantine-color-${color}-filled)`} style={{ flexShrink: 0, marginTop: 3 }} />
            <Text size="sm" c={color}>
              <Code fz="xs">{i.code}</Code> {i.message}
              {i.detail !== undefined && i.detail !== '' && (
                <Text span size="xs" c="dimmed">
                  {' '}
                  ({i.detail})
                </Text>
              )}
            </Text>
          </Group>
        )
      })}
    </Stack>
  )
}
