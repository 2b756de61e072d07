// One rule finding with its basis: severity, message, rule title and id, source, the values and limits used, the device's flag.
import { Badge, Code, Group, Paper, Stack, Text } from '@mantine/core'
import { IconAlertTriangle } from '@tabler/icons-react'
import type { KeyboardEvent } from 'react'
import type { StoredFinding } from '../../../../shared/contract/rules'
import { FlagBadge } from '../../components/FlagBadge'
import { SeverityBadge } from '../../components/SeverityBadge'
import { describeValues } from './findingValues'

const EDGE: Record<StoredFinding['severity'], string> = {
  critical: 'var(--mantine-color-red-filled)',
  abnormal: 'var(--mantine-color-orange-filled)',
  info: 'var(--mantine-color-gray-5)',
}

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1)

function Basis({ f }: { f: StoredFinding }) {
  const lines = describeValues(f.values)
  return (
    <>
      {(lines.length > 0 || f.deviceFlag !== null) && (
        <Group gap="md" data-testid="finding-values">
          {lines.map((l) => (
            <Text key={l.label} size="sm" span>
              <Text span size="xs" c="dimmed">
                {l.label}{' '}
              </Text>
              <Text span size="sm" ff="monospace" fw={l.label === 'value' ? 600 : undefined}>
                {l.text}
              </Text>
            </Text>
          ))}
          {f.deviceFlag !== null && (
            <Group gap={4} wrap="nowrap">
              <Text span size="xs" c="dimmed">
                device flag
              </Text>
              <FlagBadge flag={f.deviceFlag} />
            </Group>
          )}
        </Group>
      )}
      {f.disagreement !== null && (
        <Group gap={6} wrap="nowrap" align="flex-start" data-testid="finding-disagreement">
          <IconAlertTriangle size={16} color="var(--mantine-color-orange-filled)" style={{ flexShrink: 0, marginTop: 2 }} />
          <Text size="sm" c="orange" fw={500}>
            {capitalise(f.disagreement)}
          </Text>
        </Group>
      )}
    </>
  )
}

export function FindingItem(props: {
  finding: StoredFinding
  /** Clicked: its observations stay highlighted. */
  pinned: boolean
  /** Cited by the draft finding that is hovered or pinned. */
  cited: boolean
  onPreview: (f: StoredFinding) => void
  onEndPreview: () => void
  onToggle: (f: StoredFinding) => void
}) {
  const f = props.finding
  const notEvaluated = f.notEvaluated !== null
  const onKey = (e: KeyboardEvent) => {
    if (e.key !== 'Enter' && e.key !== ' ') return
    e.preventDefault()
    props.onToggle(f)
  }
  const points = f.observationIds.length
  return (
    <Paper
      withBorder
      p="xs"
      role="button"
      tabIndex={0}
      aria-pressed={props.pinned}
      onMouseEnter={() => props.onPreview(f)}
      onMouseLeave={props.onEndPreview}
      onFocus={() => props.onPreview(f)}
      onBlur={props.onEndPreview}
      onClick={() => props.onToggle(f)}
      onKeyDown={onKey}
      style={{
        cursor: points > 0 ? 'pointer' : 'default',
        borderLeft: `4px solid ${notEvaluated ? 'var(--mantine-color-gray-4)' : EDGE[f.severity]}`,
        background: props.pinned || props.cited ? 'var(--mantine-color-yellow-light)' : undefined,
        outline: props.cited ? '2px solid var(--mantine-color-yellow-filled)' : undefined,
        outlineOffset: -2,
      }}
      data-highlighted={props.cited}
      data-testid="finding"
      data-rule-id={f.ruleId}
      data-severity={f.severity}
      data-not-evaluated={notEvaluated}
    >
      <Stack gap={4}>
        <Group gap="xs" wrap="nowrap" align="flex-start">
          {notEvaluated ? (
            <Badge color="gray" variant="outline" size="sm" style={{ flexShrink: 0 }}>
              Not evaluated
            </Badge>
          ) : (
            <SeverityBadge severity={f.severity} />
          )}
          <Text size="sm" fw={notEvaluated ? 400 : 600} c={notEvaluated ? 'dimmed' : undefined} data-testid="finding-message">
            {notEvaluated ? `Not evaluated: ${(f.notEvaluated ?? '').replace(/^not evaluated:\s*/i, '')}` : f.message}
          </Text>
        </Group>
        <Text size="xs" c="dimmed" data-testid="finding-rule">
          Rule: {f.title} · <Code fz="xs">{f.ruleId}</Code>
          {points > 0 ? ` · rests on ${points} observation${points === 1 ? '' : 's'}` : " · rests on the report's summary values"}
        </Text>
        <Text size="xs" data-testid="finding-source">
          <Text span size="xs" c="dimmed">
            Source:{' '}
          </Text>
          {f.source}
        </Text>
        <Basis f={f} />
      </Stack>
    </Paper>
  )
}
