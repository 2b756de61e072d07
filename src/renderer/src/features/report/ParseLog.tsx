// The parser's notes on what it assumed while reading this report (date formats, defaults, skipped fields).
import { List, Text } from '@mantine/core'
import { Section } from '../../components/Section'

export function ParseLog({ log }: { log: string[] }) {
  return (
    <Section title="Parse log" testId="parse-log">
      {log.length === 0 ? (
        <Text size="sm" c="dimmed">
          The parser made no assumptions reading this report.
        </Text>
      ) : (
        <List size="sm" spacing={2}>
          {log.map((line, i) => (
            <List.Item key={i}>{line}</List.Item>
          ))}
        </List>
      )}
    </Section>
  )
}
