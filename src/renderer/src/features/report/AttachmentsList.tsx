// Attachments that came with the report (PDF, images), with the text extracted from them, collapsed by default.
import { Button, Collapse, Group, Stack, Text } from '@mantine/core'
import { IconChevronDown, IconChevronRight, IconPaperclip } from '@tabler/icons-react'
import { useState } from 'react'
import type { ReportDetail } from '../../../../shared/contract/reports'
import { formatBytes } from '../../components/format'
import { RawText } from '../../components/RawText'
import { Section } from '../../components/Section'

type Attachment = ReportDetail['attachments'][number]

function AttachmentItem({ a }: { a: Attachment }) {
  const [open, setOpen] = useState(false)
  return (
    <Stack gap={4}>
      <Group gap="xs">
        <IconPaperclip size={14} />
        <Text size="sm" fw={500}>
          {a.description ?? 'Attachment'}
        </Text>
        <Text size="xs" c="dimmed">
          {a.mediaType} · {formatBytes(a.size)}
        </Text>
        {a.text !== null ? (
          <Button
            size="compact-xs"
            variant="subtle"
            leftSection={open ? <IconChevronDown size={12} /> : <IconChevronRight size={12} />}
            onClick={() => setOpen((o) => !o)}
            aria-expanded={open}
          >
            {open ? 'Hide extracted text' : 'Show extracted text'}
          </Button>
        ) : (
          <Text size="xs" c="dimmed">
            no text could be extracted
          </Text>
        )}
      </Group>
      {a.text !== null && (
        <Collapse expanded={open}>
          <RawText text={a.text} maxHeight={320} />
        </Collapse>
      )}
    </Stack>
  )
}

export function AttachmentsList({ attachments }: { attachments: Attachment[] }) {
  if (attachments.length === 0) return null
  return (
    <Section title={`Attachments (${attachments.length})`} testId="attachments">
      {attachments.map((a) => (
        <AttachmentItem key={a.id} a={a} />
      ))}
    </Section>
  )
}
