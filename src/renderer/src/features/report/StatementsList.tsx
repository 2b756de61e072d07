// The device's own statements and the notes that came with the report, in the order they were sent.
import { Badge, Group, Stack, Text } from '@mantine/core'
import type { ReportDetail } from '../../../../shared/contract/reports'
import { Section } from '../../components/Section'

const KIND: Record<ReportDetail['statements'][number]['kind'], { label: string; color: string }> = {
  machine: { label: 'Device statement', color: 'blue' },
  note: { label: 'Note', color: 'gray' },
  conclusion: { label: 'Conclusion', color: 'grape' },
}

export function StatementsList({ statements }: { statements: ReportDetail['statements'] }) {
  if (statements.length === 0) return null
  const ordered = [...statements].sort((a, b) => a.seq - b.seq)
  return (
    <Section title="Statements and notes, as sent" testId="statements">
      <Stack gap={6}>
        {ordered.map((s) => (
          <Group key={s.seq} gap="sm" align="flex-start" wrap="nowrap">
            <Badge color={KIND[s.kind].color} variant="light" size="sm" w={130} style={{ flexShrink: 0 }}>
              {KIND[s.kind].label}
            </Badge>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {s.text}
            </Text>
          </Group>
        ))}
      </Stack>
    </Section>
  )
}
