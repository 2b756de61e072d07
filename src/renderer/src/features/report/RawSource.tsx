// The imported bytes as received: decoded text (or a note for binary input), origin, size and SHA-256.
import { Code, Group, Text } from '@mantine/core'
import type { ReportDetail } from '../../../../shared/contract/reports'
import { formatBytes } from '../../components/format'
import { RawText } from '../../components/RawText'
import { Section } from '../../components/Section'

export function RawSource({ source }: { source: ReportDetail['source'] }) {
  return (
    <Section title="Raw source, as received" testId="raw-source">
      <Group gap="md">
        <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
          from {source.origin}
        </Text>
        <Text size="xs" c="dimmed">
          {formatBytes(source.size)}
        </Text>
        <Text size="xs" c="dimmed">
          sha256 <Code fz="xs">{source.sha256}</Code>
        </Text>
      </Group>
      {source.text === null ? (
        <Text size="sm" c="dimmed" data-testid="raw-source-binary">
          binary file ({source.size.toLocaleString()} bytes, sha256 {source.sha256})
        </Text>
      ) : (
        <>
          <RawText text={source.text} testId="raw-source-text" />
          {source.truncated && (
            <Text size="xs" c="dimmed">
              Only the first 1 MiB is shown; the stored file is complete.
            </Text>
          )}
        </>
      )}
    </Section>
  )
}
