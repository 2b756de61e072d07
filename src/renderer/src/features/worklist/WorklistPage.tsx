// Worklist: the imported reports, filterable and searchable, opened with a click or the keyboard.
import { Button, Group, Loader, Stack, Text, Title } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { IconChecklist, IconFilterOff } from '@tabler/icons-react'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { navigate } from '../../app/routes'
import { ErrorAlert } from '../../components/ErrorAlert'
import { formatCount } from '../../components/format'
import { PageEmpty } from '../../components/PageEmpty'
import { FilterBar } from './FilterBar'
import { clearFilters, hasFilters, toListQuery, type WorklistFilters } from './filters'
import { InterpretSelection } from './InterpretSelection'
import { KeyHints } from './KeyHints'
import { useFirstPage } from './useReportPages'
import { worklistMemory } from './worklistMemory'
import { WorklistTable } from './WorklistTable'

function NoReportsYet() {
  return (
    <PageEmpty
      icon={<IconChecklist size={32} />}
      title="No reports yet"
      action={<Button onClick={() => navigate('import')}>Import device reports</Button>}
    >
      Imported device reports appear here, most urgent first, with their status and flags. Start by importing files from an ECG cart,
      glucose monitor, blood-pressure cuff or lab analyser on the Import page.
    </PageEmpty>
  )
}

export function WorklistPage() {
  const [filters, setFilters] = useState<WorklistFilters>(worklistMemory.filters)
  const [selected, setSelected] = useState(worklistMemory.selected)
  const [checked, setChecked] = useState<ReadonlySet<number>>(worklistMemory.checked)
  const searchRef = useRef<HTMLInputElement>(null)
  const [search] = useDebouncedValue(filters.search, 250)
  const effective = useMemo(() => ({ ...filters, search }), [filters, search])
  const query = useMemo(() => toListQuery(effective), [effective])
  const first = useFirstPage(query)
  const total = first.data?.total ?? 0

  useEffect(() => {
    worklistMemory.filters = filters
  }, [filters])
  useEffect(() => {
    worklistMemory.selected = selected
  }, [selected])
  useEffect(() => {
    worklistMemory.checked = checked
  }, [checked])
  const toggleChecked = useCallback((id: number) => {
    setChecked((prev) => {
      const next = new Set(prev)
      if (!next.delete(id)) next.add(id)
      return next
    })
  }, [])
  const clearChecked = useCallback(() => setChecked(new Set()), [])

  const changeFilters = (f: WorklistFilters) => {
    setFilters(f)
    setSelected(0)
    worklistMemory.scrollTop = 0
  }

  const filtered = hasFilters(effective)
  const showEmpty = first.data !== undefined && !first.isPlaceholderData && total === 0 && !filtered && !hasFilters(filters)
  return (
    <Stack gap="sm">
      <Group justify="space-between" align="baseline">
        <Title order={2}>Worklist</Title>
        {first.data && !showEmpty && (
          <Group gap="xs">
            {first.isFetching && <Loader size="xs" />}
            <Text size="sm" c="dimmed" data-testid="worklist-total">
              {formatCount(total)} report{total === 1 ? '' : 's'}
              {filtered ? ' match' : ''}
            </Text>
          </Group>
        )}
      </Group>
      {first.error && <ErrorAlert error={first.error} title="Could not load the worklist" />}
      {first.isPending && <Loader size="sm" />}
      {showEmpty && <NoReportsYet />}
      {first.data && !showEmpty && (
        <>
          <FilterBar filters={filters} onChange={changeFilters} searchRef={searchRef} />
          <KeyHints />
          <InterpretSelection checked={checked} onClear={clearChecked} />
          {total === 0 ? (
            <PageEmpty
              icon={<IconFilterOff size={32} />}
              title="No reports match"
              action={
                <Button variant="default" onClick={() => changeFilters(clearFilters(filters))}>
                  Clear filters
                </Button>
              }
            >
              No report matches these filters. Search looks in patient names and identifiers, codes, values&apos; names, statements and
              attachment text.
            </PageEmpty>
          ) : (
            <WorklistTable
              query={query}
              firstPage={first.data.items}
              total={total}
              selected={Math.min(selected, total - 1)}
              onSelect={setSelected}
              checked={checked}
              onToggle={toggleChecked}
              searchRef={searchRef}
            />
          )}
        </>
      )}
    </Stack>
  )
}
