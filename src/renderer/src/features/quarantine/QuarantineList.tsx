// The quarantine: inputs that failed to import, newest first, each linked to its detail with the place it broke.
import { Anchor, Badge, Group, Loader, Pagination, Table, Text } from '@mantine/core'
import { useState } from 'react'
import { useCall } from '../../api/hooks'
import { hrefTo } from '../../app/routes'
import { ErrorAlert } from '../../components/ErrorAlert'
import { formatBytes, formatLocalTime } from '../../components/format'
import { Section } from '../../components/Section'

const PAGE = 50

export function QuarantineList() {
  const [page, setPage] = useState(1)
  const list = useCall('quarantine.list', { limit: PAGE, offset: (page - 1) * PAGE })
  const total = list.data?.total ?? 0
  return (
    <Section
      title={
        <Group gap="xs">
          Quarantine
          {list.data && (
            <Badge color={total > 0 ? 'red' : 'gray'} variant="light" data-testid="quarantine-total">
              {total}
            </Badge>
          )}
        </Group>
      }
      testId="quarantine-section"
    >
      {list.isPending && <Loader size="sm" />}
      {list.error && <ErrorAlert error={list.error} title="Could not load the quarantine" />}
      {list.data && total === 0 && (
        <Text size="sm" c="dimmed">
          Nothing in quarantine. Files or messages that cannot be read are kept here, unchanged, with the reason and where they broke.
        </Text>
      )}
      {list.data && list.data.items.length > 0 && (
        <Table striped highlightOnHover verticalSpacing={4} data-testid="quarantine-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={180}>Received</Table.Th>
              <Table.Th>Origin</Table.Th>
              <Table.Th>Error</Table.Th>
              <Table.Th w={90}>Size</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data.items.map((q) => (
              <Table.Tr key={q.id}>
                <Table.Td>
                  <Anchor href={hrefTo(`quarantine/${q.id}`)} size="sm">
                    {formatLocalTime(q.receivedAt)}
                  </Anchor>
                </Table.Td>
                <Table.Td style={{ wordBreak: 'break-all' }}>
                  <Text size="sm">{q.origin}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c="red">
                    {q.location ? `${q.location}: ` : ''}
                    {q.error}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{formatBytes(q.size)}</Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {total > PAGE && <Pagination size="sm" total={Math.ceil(total / PAGE)} value={page} onChange={setPage} />}
    </Section>
  )
}
