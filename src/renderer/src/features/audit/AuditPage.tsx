// Audit: the append-only log of who did what, with an integrity check of its hash chain.
import { Badge, Button, Code, Group, Loader, Stack, Table, Text, Title } from '@mantine/core'
import { IconShieldCheck } from '@tabler/icons-react'
import { useAction, useCall } from '../../api/hooks'
import { ErrorAlert } from '../../components/ErrorAlert'
import { PageEmpty } from '../../components/PageEmpty'

export function AuditPage() {
  const events = useCall('audit.list', { limit: 200 })
  const verify = useAction('audit.verify')
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Audit</Title>
        <Group>
          {verify.data && (
            <Badge color={verify.data.ok ? 'teal' : 'red'} size="lg" data-testid="audit-verify-result">
              {verify.data.ok ? `Chain intact (${verify.data.checked} events)` : `Chain broken at event ${verify.data.firstBadId}`}
            </Badge>
          )}
          <Button variant="default" leftSection={<IconShieldCheck size={16} />} loading={verify.isPending} onClick={() => verify.mutate({})}>
            Verify integrity
          </Button>
        </Group>
      </Group>
      {events.isPending && <Loader size="sm" />}
      {events.error && <ErrorAlert error={events.error} />}
      {events.data && events.data.length === 0 && (
        <PageEmpty icon={<IconShieldCheck size={32} />} title="No audit events yet">
          Every import, view, generation, correction, sign-off, export and model change is recorded here, in a log that cannot be edited.
        </PageEmpty>
      )}
      {events.data && events.data.length > 0 && (
        <Table striped highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Time</Table.Th>
              <Table.Th>Who</Table.Th>
              <Table.Th>Action</Table.Th>
              <Table.Th>Subject</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {events.data.map((e) => (
              <Table.Tr key={e.id}>
                <Table.Td>
                  <Text size="sm">{new Date(e.at).toLocaleString()}</Text>
                </Table.Td>
                <Table.Td>{e.actor}</Table.Td>
                <Table.Td>
                  <Code>{e.action}</Code>
                </Table.Td>
                <Table.Td>{e.entityType ? `${e.entityType} ${e.entityId ?? ''}` : ''}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  )
}
