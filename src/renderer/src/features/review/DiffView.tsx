// The draft against the version about to be signed: per finding (unchanged, edited, removed, added) and word by word in the text.
import { Badge, Group, Stack, Text } from '@mantine/core'
import type { ReviewState } from '../../../../shared/contract/review'

type Diff = NonNullable<ReviewState['working']>['diff']
type TextDiff = Diff['summary']

const CHANGE_COLOR = { unchanged: 'gray', edited: 'blue', removed: 'red', added: 'grape' } as const

function Words({ diff, testId }: { diff: TextDiff; testId?: string }) {
  if (diff.length === 0) return <Text size="sm" c="dimmed">—</Text>
  return (
    <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid={testId}>
      {diff.map((part, i) =>
        part.op === 'same' ? (
          <span key={i}>{part.text}</span>
        ) : part.op === 'removed' ? (
          <del key={i} data-testid="diff-removed" style={{ background: 'var(--mantine-color-red-light)', color: 'var(--mantine-color-red-text)' }}>
            {part.text}
          </del>
        ) : (
          <ins key={i} data-testid="diff-added" style={{ background: 'var(--mantine-color-green-light)', color: 'var(--mantine-color-green-text)', textDecoration: 'none' }}>
            {part.text}
          </ins>
        ),
      )}
    </Text>
  )
}

function changed(d: TextDiff): boolean {
  return d.some((p) => p.op !== 'same')
}

export function DiffView({ diff }: { diff: Diff }) {
  if (diff.identical) {
    return (
      <Text size="sm" c="dimmed" data-testid="review-diff-identical">
        The version to be signed says exactly what the draft said.
      </Text>
    )
  }
  return (
    <Stack gap="xs" data-testid="review-diff">
      {diff.overallSeverity.before !== diff.overallSeverity.after && (
        <Text size="sm" data-testid="diff-overall">
          Overall severity: <del>{diff.overallSeverity.before}</del> → <b>{diff.overallSeverity.after}</b>
        </Text>
      )}
      {changed(diff.summary) && (
        <Stack gap={0}>
          <Text size="xs" c="dimmed" fw={600}>
            Summary
          </Text>
          <Words diff={diff.summary} testId="diff-summary" />
        </Stack>
      )}
      {diff.findings.map((f, i) => (
        <Stack key={i} gap={2} data-testid="diff-finding" data-change={f.change}>
          <Group gap="xs">
            <Badge size="sm" color={CHANGE_COLOR[f.change]} variant="light">
              {f.change}
            </Badge>
            {f.severity.before !== f.severity.after && (
              <Text size="xs">
                severity: {f.severity.before ?? '—'} → <b>{f.severity.after ?? '—'}</b>
              </Text>
            )}
            {(f.evidence.added.length > 0 || f.evidence.removed.length > 0) && (
              <Text size="xs">
                evidence {f.evidence.removed.map((e) => `−${e}`).join(' ')} {f.evidence.added.map((e) => `+${e}`).join(' ')}
              </Text>
            )}
          </Group>
          <Words diff={f.statement} />
          {changed(f.recommendation) && (
            <Text size="xs" component="div">
              Next step: <Words diff={f.recommendation} />
            </Text>
          )}
        </Stack>
      ))}
      {changed(diff.comparison) && (
        <Stack gap={0}>
          <Text size="xs" c="dimmed" fw={600}>
            Comparison
          </Text>
          <Words diff={diff.comparison} />
        </Stack>
      )}
      {changed(diff.limitations) && (
        <Stack gap={0}>
          <Text size="xs" c="dimmed" fw={600}>
            Limitations
          </Text>
          <Words diff={diff.limitations} />
        </Stack>
      )}
    </Stack>
  )
}
