// Audit: the append-only log of who did what, filtered by user, action, report and date, with its integrity check.
import { Anchor, Autocomplete, Button, Code, Group, Loader, Stack, Table, Text, TextInput, Title } from '@mantine/core'
import { IconShieldCheck, IconX } from '@tabler/icons-react'
import { useEffect, useState } from 'react'
import type { AuditEvent } from '../../../../shared/contract/audit'
import { call } from '../../api/client'
import { useCall } from '../../api/hooks'
import { navigate } from '../../app/routes'
import { ErrorAlert } from '../../components/ErrorAlert'
import { PageEmpty } from '../../components/PageEmpty'
import { hasFilters, KNOWN_ACTIONS, listInput, NO_FILTERS, reportIdOf, type AuditFilters } from './filters'
import { VerificationPanel } from './VerificationPanel'

const PAGE = 200

function Subject({ e }: { e: AuditEvent }) {
  if (e.entityType === 'report' && e.entityId) {
    return (
      <Anchor
        size="sm"
        href={`#/reports/${e.entityId}`}
        onClick={(ev) => {
          ev.preventDefault()
          navigate(`reports/${e.entityId}`)
        }}
      >
        report {e.entityId}
      </Anchor>
    )
  }
  return <Text size="sm">{e.entityType ? `${e.entityType} ${e.entityId ?? ''}` : ''}</Text>
}

function Filters({ f, onChange }: { f: AuditFilters; onChange: (f: AuditFilters) => void }) {
  const set = (patch: Partial<AuditFilters>) => onChange({ ...f, ...patch })
  return (
    <Group gap="xs" align="flex-end" wrap="wrap">
      <TextInput label="User" size="xs" w={150} value={f.user} onChange={(e) => set({ user: e.currentTarget.value })} data-testid="audit-filter-user" />
      <Autocomplete
        label="Action"
        size="xs"
        w={220}
        placeholder="report.viewed, or report."
        data={KNOWN_ACTIONS}
        value={f.action}
        onChange={(v) => set({ action: v })}
        data-testid="audit-filter-action"
      />
      <TextInput
        label="Report"
        size="xs"
        w={100}
        value={f.report}
        error={f.report.trim() !== '' && reportIdOf(f.report) === null ? 'A report number' : undefined}
        onChange={(e) => set({ report: e.currentTarget.value })}
        data-testid="audit-filter-report"
      />
      <TextInput label="From" type="date" size="xs" w={130} value={f.from} onChange={(e) => set({ from: e.currentTarget.value })} data-testid="audit-filter-from" />
      <TextInput label="to" type="date" size="xs" w={130} value={f.to} onChange={(e) => set({ to: e.currentTarget.value })} data-testid="audit-filter-to" />
      {hasFilters(f) && (
        <Button size="xs" variant="subtle" leftSection={<IconX size={14} />} onClick={() => onChange(NO_FILTERS)}>
          Clear filters
        </Button>
      )}
    </Group>
  )
}

export function AuditPage() {
  const [filters, setFilters] = useState<AuditFilters>(NO_FILTERS)
  const events = useCall('audit.list', listInput(filters, PAGE))
  // Older pages, appended below the first as the user asks for them; a change of filters starts again.
  const [older, setOlder] = useState<AuditEvent[]>([])
  const [loadingOlder, setLoadingOlder] = useState(false)
  const [olderError, setOlderError] = useState<unknown>(null)
  useEffect(() => setOlder([]), [filters, events.data])
  const shown = [...(events.data ?? []), ...older]
  const lastId = shown.at(-1)?.id
  const mayHaveMore = events.data !== undefined && shown.length > 0 && shown.length % PAGE === 0

  const loadOlder = async () => {
    if (lastId === undefined) return
    setLoadingOlder(true)
    setOlderError(null)
    try {
      const page = await call('audit.list', listInput(filters, PAGE, lastId))
      setOlder((o) => [...o, ...page])
    } catch (err) {
      setOlderError(err)
    } finally {
      setLoadingOlder(false)
    }
  }

  return (
    <Stack>
      <Title order={2}>Audit</Title>
      <VerificationPanel />
      <Filters f={filters} onChange={setFilters} />
      {events.isPending && <Loader size="sm" />}
      {events.error && <ErrorAlert error={events.error} />}
      {events.data && shown.length === 0 &&
        (hasFilters(filters) ? (
          <PageEmpty
            icon={<IconShieldCheck size={32} />}
            title="No events match these filters"
            action={
              <Button variant="default" onClick={() => setFilters(NO_FILTERS)}>
                Clear filters
              </Button>
            }
          >
            Try a wider date range, or an action prefix such as "report." for every report event. Users who are not admins see only their own events.
          </PageEmpty>
        ) : (
          <PageEmpty icon={<IconShieldCheck size={32} />} title="No audit events yet">
            Nothing has been recorded yet. Import a report on the Import page: its import, every opening, draft, correction, sign-off, export, sign-in
            and settings or model change is then listed here, in a log that cannot be edited.
          </PageEmpty>
        ))}
      {shown.length > 0 && (
        <Table striped highlightOnHover data-testid="audit-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>#</Table.Th>
              <Table.Th>Time</Table.Th>
              <Table.Th>Who</Table.Th>
              <Table.Th>Action</Table.Th>
              <Table.Th>Subject</Table.Th>
              <Table.Th>Details</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((e) => (
              <Table.Tr key={e.id}>
                <Table.Td>
                  <Text size="sm" c="dimmed">
                    {e.id}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{new Date(e.at).toLocaleString()}</Text>
                </Table.Td>
                <Table.Td>{e.actor}</Table.Td>
                <Table.Td>
                  <Code>{e.action}</Code>
                </Table.Td>
                <Table.Td>
                  <Subject e={e} />
                </Table.Td>
                <Table.Td>
                  <Text size="xs" ff="monospace" c="dimmed" lineClamp={2}>
                    {Object.keys(e.details).length ? JSON.stringify(e.details) : ''}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {mayHaveMore && (
        <Button variant="default" loading={loadingOlder} onClick={() => void loadOlder()} w="fit-content">
          Older events
        </Button>
      )}
      {olderError !== null && <ErrorAlert error={olderError} />}
    </Stack>
  )
}
