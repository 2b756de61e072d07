// One quarantined input: why and where it failed, where it came from, and its content exactly as received.
import { Alert, Anchor, Code, Group, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core'
import { useHotkeys } from '@mantine/hooks'
import { IconAlertTriangle, IconArrowLeft } from '@tabler/icons-react'
import { useCall } from '../../api/hooks'
import { goBack, hrefTo } from '../../app/routes'
import { ErrorAlert } from '../../components/ErrorAlert'
import { Field } from '../../components/Field'
import { formatBytes, formatLocalTime } from '../../components/format'
import { RawText } from '../../components/RawText'
import { Section } from '../../components/Section'

export function QuarantinePage({ id }: { id: number | undefined }) {
  useHotkeys([['Escape', () => goBack('import')]])
  const item = useCall('quarantine.get', { id: id ?? 0 }, { enabled: id !== undefined })
  return (
    <Stack>
      <Anchor
        href={hrefTo('import')}
        size="sm"
        onClick={(e) => {
          e.preventDefault()
          goBack('import')
        }}
      >
        <Group gap={4}>
          <IconArrowLeft size={14} /> Back (Esc)
        </Group>
      </Anchor>
      <Title order={2}>Quarantined input{id !== undefined ? ` ${id}` : ''}</Title>
      {id === undefined && <ErrorAlert error={new Error('The address does not name a quarantine item.')} title="Not found" />}
      {item.isPending && id !== undefined && <Loader size="sm" />}
      {item.error && <ErrorAlert error={item.error} title="Could not load the quarantined input" />}
      {item.data && (
        <>
          <Alert color="red" icon={<IconAlertTriangle size={18} />} title="Not imported" data-testid="quarantine-error">
            <Text fw={600}>{item.data.error}</Text>
            {item.data.location && <Text size="sm">Where: {item.data.location}</Text>}
            <Text size="sm" mt={4}>
              Nothing from this input is in the worklist. It is kept here byte for byte; fix it at the source and import it again.
            </Text>
          </Alert>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
            <Field label="Origin">{item.data.origin}</Field>
            <Field label="Received">{formatLocalTime(item.data.receivedAt)}</Field>
            <Field label="Size">{formatBytes(item.data.size)}</Field>
            <Field label="SHA-256">
              <Code>{item.data.sha256}</Code>
            </Field>
          </SimpleGrid>
          <Section title="Content, as received">
            {item.data.text === null ? (
              <Text size="sm" c="dimmed">
                Binary content ({formatBytes(item.data.size)}, sha256 {item.data.sha256}): not shown as text.
              </Text>
            ) : (
              <>
                <RawText text={item.data.text} maxHeight={560} testId="quarantine-raw" />
                {item.data.truncated && (
                  <Text size="xs" c="dimmed">
                    Only the first 1 MiB is shown.
                  </Text>
                )}
              </>
            )}
          </Section>
        </>
      )}
    </Stack>
  )
}
