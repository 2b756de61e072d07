// A reviewed interpretation as plain text blocks (signed view and print view): overall severity, summary, findings, comparison, limitations.
import { Group, List, Stack, Text } from '@mantine/core'
import type { InterpretationDraft } from '../../../../shared/domain/interpretation'
import { DraftSeverityBadge } from '../report/DraftBadges'

export function InterpretationText({ content: c }: { content: InterpretationDraft }) {
  return (
    <Stack gap="xs" data-testid="interpretation-text">
      <Group gap="xs">
        <Text size="sm" fw={600}>
          Overall
        </Text>
        <DraftSeverityBadge severity={c.overall_severity} />
      </Group>
      <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="interpretation-summary">
        {c.summary}
      </Text>
      {c.findings.length === 0 ? (
        <Text size="sm" c="dimmed">
          No findings.
        </Text>
      ) : (
        <List size="sm" spacing={4} data-testid="interpretation-findings">
          {c.findings.map((f, i) => (
            <List.Item key={i}>
              <Text span size="sm" fw={600}>
                [{f.severity}]{' '}
              </Text>
              {f.statement}
              {f.recommendation && (
                <Text span size="sm" c="dimmed">
                  {' '}
                  — next step: {f.recommendation}
                </Text>
              )}
              {f.evidence.length > 0 && (
                <Text span size="xs" c="dimmed">
                  {' '}
                  ({f.evidence.join(', ')})
                </Text>
              )}
            </List.Item>
          ))}
        </List>
      )}
      {c.comparison_with_prior && (
        <Text size="sm">
          <b>Comparison:</b> {c.comparison_with_prior}
        </Text>
      )}
      {c.limitations !== '' && (
        <Text size="sm">
          <b>Limitations:</b> {c.limitations}
        </Text>
      )}
    </Stack>
  )
}
