// Earlier exports, newest first: when, by whom, what happened, and where they were written.
import { Badge, Code, Table, Text } from '@mantine/core'
import { useCall } from '../../api/hooks'
import { ErrorAlert } from '../../components/ErrorAlert'

const STATUS_COLORS: Record<string, string> = { completed: 'green', running: 'blue', failed: 'red', blocked: 'red', cancelled: 'gray', interrupted: 'orange' }

export function ExportHistory() {
  const history = useCall('export.history', { limit: 50 })
  if (history.error) return <ErrorAlert error={history.error} title="Could not load the export history" />
  const rows = history.data ?? []
  if (rows.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No exports yet.
      </Text>
    )
  return (
    <Table withTableBorder striped data-testid="export-history">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Id</Table.Th>
          <Table.Th>Started</Table.Th>
          <Table.Th>By</Table.Th>
          <Table.Th>Status</Table.Th>
          <Table.Th>Items</Table.Th>
          <Table.Th>Folder</Table.Th>
          <Table.Th>Content hash / error</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((h) => (
          <Table.Tr key={h.id} data-testid={`export-history-${h.id}`}>
            <Table.Td>{h.id}</Table.Td>
            <Table.Td>{new Date(h.startedAt).toLocaleString()}</Table.Td>
            <Table.Td>{h.actor}</Table.Td>
            <Table.Td>
              <Badge color={STATUS_COLORS[h.status] ?? 'gray'}>{h.status}</Badge>
            </Table.Td>
            <Table.Td>{typeof h.counts?.items === 'number' ? h.counts.items : '–'}</Table.Td>
            <Table.Td>
              <Code>{h.outPath}</Code>
            </Table.Td>
            <Table.Td>{h.error ? <Text size="xs" c="red">{h.error}</Text> : <Code>{h.contentHash?.slice(0, 16) ?? ''}</Code>}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  )
}
