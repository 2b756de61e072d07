// A draft while it is being written: the fields filled in so far, read from the partial JSON, above the raw streamed text.
import { Code, Group, Loader, ScrollArea, Stack, Text } from '@mantine/core'
import { useEffect, useMemo, useRef } from 'react'
import { DraftSeverityBadge } from './DraftBadges'
import { partialDraft } from './partialDraft'

export function DraftStream({ text, cancelling }: { text: string; cancelling: boolean }) {
  const draft = useMemo(() => partialDraft(text), [text])
  const viewport = useRef<HTMLDivElement>(null)
  // Follow the newest text, as a terminal does.
  useEffect(() => {
    const v = viewport.current
    if (v) v.scrollTop = v.scrollHeight
  }, [text])
  return (
    <Stack gap="xs" data-testid="draft-stream">
      <Group gap="xs">
        <Loader size="xs" />
        <Text size="sm" data-testid="draft-stream-status">
          {cancelling
            ? 'Cancelling…'
            : text === ''
              ? 'Preparing the model and reading the report…'
              : `Writing the draft… ${text.length.toLocaleString()} characters so far`}
        </Text>
      </Group>
      {draft && (
        <Stack gap={4} data-testid="draft-partial">
          {draft.summary !== undefined && (
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="draft-partial-summary">
              <Text span size="xs" c="dimmed" fw={600}>
                Summary:{' '}
              </Text>
              {draft.summary}
            </Text>
          )}
          {draft.findings.map((f, i) => (
            <Group key={i} gap="xs" wrap="nowrap" align="flex-start" data-testid="draft-partial-finding">
              {f.severity !== undefined && <DraftSeverityBadge severity={f.severity} />}
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {f.statement ?? '…'}
                {f.evidence.length > 0 && (
                  <Text span size="xs" c="dimmed" ff="monospace">
                    {' '}
                    [{f.evidence.join(', ')}]
                  </Text>
                )}
              </Text>
            </Group>
          ))}
          {draft.overall_severity !== undefined && (
            <Group gap="xs">
              <Text size="xs" c="dimmed" fw={600}>
                Overall:
              </Text>
              <DraftSeverityBadge severity={draft.overall_severity} />
            </Group>
          )}
        </Stack>
      )}
      <ScrollArea.Autosize mah={220} viewportRef={viewport} type="auto">
        <Code block fz="xs" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }} data-testid="draft-stream-raw">
          {text}
        </Code>
      </ScrollArea.Autosize>
    </Stack>
  )
}
