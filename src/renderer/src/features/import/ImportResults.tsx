// The results of an import: counts per outcome, and one row per message with links to its report or quarantine entry.
import { Anchor, Badge, Group, SegmentedControl, Table, Text } from '@mantine/core'
import { useState } from 'react'
import { hrefTo } from '../../app/routes'
import { formatCount } from '../../components/format'
import { Section } from '../../components/Section'
import type { ImportJobState, ResultRow, RowOutcome } from './importJob'
import { OutcomeBadge } from './OutcomeBadge'

// Tens of thousands of rows would make the page sluggish; the counts above stay complete.
const MAX_ROWS = 1000

type Filter = 'all' | 'problems' | 'imported' | 'duplicate'
const MATCH: Record<Filter, (o: RowOutcome) => boolean> = {
  all: () => true,
  problems: (o) => o === 'quarantined' || o === 'failed',
  imported: (o) => o === 'imported',
  duplicate: (o) => o === 'duplicate',
}

function Links({ row }: { row: ResultRow }) {
  if (row.quarantineId !== undefined) {
    return (
      <Anchor href={hrefTo(`quarantine/${row.quarantineId}`)} size="sm">
        Quarantine item {row.quarantineId}
      </Anchor>
    )
  }
  if (row.reportIds.length === 0) return null
  return (
    <Group gap={6}>
      {row.reportIds.map((id) => (
        <Anchor key={id} href={hrefTo(`reports/${id}`)} size="sm">
          {row.outcome === 'duplicate' ? `Existing report ${id}` : `Report ${id}`}
        </Anchor>
      ))}
    </Group>
  )
}

export function ImportSummaryBadges({ counts }: { counts: ImportJobState['counts'] }) {
  return (
    <Group gap="xs" data-testid="import-summary">
      <Badge size="lg" color="teal" variant="light" data-testid="count-imported">
        {formatCount(counts.imported)} imported
      </Badge>
      <Badge size="lg" color="gray" variant="light" data-testid="count-duplicates">
        {formatCount(counts.duplicates)} duplicates
      </Badge>
      <Badge size="lg" color={counts.quarantined > 0 ? 'red' : 'gray'} variant="light" data-testid="count-quarantined">
        {formatCount(counts.quarantined)} quarantined
      </Badge>
      {counts.failed > 0 && (
        <Badge size="lg" color="red" variant="filled" data-testid="count-failed">
          {formatCount(counts.failed)} not imported
        </Badge>
      )}
    </Group>
  )
}

export function ImportResults({ job }: { job: ImportJobState }) {
  const [filter, setFilter] = useState<Filter>('all')
  const rows = job.rows.filter((r) => MATCH[filter](r.outcome))
  const shown = rows.slice(0, MAX_ROWS)
  return (
    <Section
      title="Results"
      testId="import-results"
      actions={
        <SegmentedControl
          size="xs"
          value={filter}
          onChange={(v) => setFilter(v as Filter)}
          data={[
            { value: 'all', label: 'All' },
            { value: 'problems', label: 'Problems' },
            { value: 'imported', label: 'Imported' },
            { value: 'duplicate', label: 'Duplicates' },
          ]}
        />
      }
    >
      {job.skipped > 0 && (
        <Text size="sm" c="dimmed">
          {job.skipped} hidden or system file{job.skipped === 1 ? '' : 's'} inside folders skipped.
        </Text>
      )}
      <Table striped highlightOnHover verticalSpacing={4} data-testid="import-results-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>File</Table.Th>
            <Table.Th w={80}>Message</Table.Th>
            <Table.Th w={120}>Outcome</Table.Th>
            <Table.Th>Report / error</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {shown.map((r) => (
            <Table.Tr key={r.key} data-outcome={r.outcome}>
              <Table.Td style={{ wordBreak: 'break-all' }}>
                <Text size="sm">{r.path}</Text>
              </Table.Td>
              <Table.Td>{r.index ?? '—'}</Table.Td>
              <Table.Td>
                <OutcomeBadge outcome={r.outcome} />
              </Table.Td>
              <Table.Td>
                <Links row={r} />
                {r.error !== undefined && (
                  <Text size="sm" c="red" data-testid="import-error">
                    {r.error}
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {rows.length === 0 && (
        <Text size="sm" c="dimmed">
          Nothing in this view.
        </Text>
      )}
      {rows.length > MAX_ROWS && (
        <Text size="sm" c="dimmed">
          Showing the first {formatCount(MAX_ROWS)} of {formatCount(rows.length)} rows; choose Problems to see only what needs attention.
        </Text>
      )}
    </Section>
  )
}
