// The worklist table: virtualised rows (smooth at 100,000), pages fetched as they scroll into view, keyboard selection.
import { Paper, Table } from '@mantine/core'
import { useVirtualizer } from '@tanstack/react-virtual'
import { useCallback, useEffect, useRef, type RefObject } from 'react'
import type { ReportSummary } from '../../../../shared/contract/reports'
import { navigate } from '../../app/routes'
import { ErrorAlert } from '../../components/ErrorAlert'
import type { ListQuery } from './filters'
import { usePagedRows } from './useReportPages'
import { useWorklistKeys } from './useWorklistKeys'
import { worklistMemory } from './worklistMemory'
import { COLUMNS, ROW_HEIGHT, WorklistRow } from './WorklistRow'

const HEADER_HEIGHT = 34

export function WorklistTable(props: {
  query: ListQuery
  firstPage: ReportSummary[]
  total: number
  selected: number
  onSelect: (index: number) => void
  checked: ReadonlySet<number>
  onToggle: (id: number) => void
  searchRef: RefObject<HTMLInputElement | null>
}) {
  const { total, selected, onSelect, onToggle } = props
  const scrollRef = useRef<HTMLDivElement>(null)
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    // Rows sit below the sticky header: offsets and scrollToIndex account for it.
    paddingStart: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
    initialOffset: worklistMemory.scrollTop,
  })
  const items = virtualizer.getVirtualItems()
  const firstIndex = items[0]?.index ?? 0
  const lastIndex = items[items.length - 1]?.index ?? 0
  const { rowAt, error } = usePagedRows(props.query, props.firstPage, total, [firstIndex, lastIndex])

  // Stable callbacks (reading the latest rows through a ref) let unchanged rows skip re-rendering while scrolling.
  const rowAtRef = useRef(rowAt)
  useEffect(() => {
    rowAtRef.current = rowAt
  })
  const open = useCallback((index: number) => {
    const r = rowAtRef.current(index)
    if (r) navigate(`reports/${r.id}`)
  }, [])
  const activate = useCallback(
    (index: number) => {
      onSelect(index)
      open(index)
    },
    [onSelect, open],
  )
  const toggle = useCallback(
    (index: number) => {
      const r = rowAtRef.current(index)
      if (r) onToggle(r.id)
    },
    [onToggle],
  )
  const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1)
  useWorklistKeys({ count: total, selected, select: onSelect, open, toggle, searchRef: props.searchRef, pageRows })

  useEffect(() => {
    if (selected < total) virtualizer.scrollToIndex(selected, { align: 'auto' })
  }, [selected, total, virtualizer])

  const padTop = Math.max(0, (items[0]?.start ?? HEADER_HEIGHT) - HEADER_HEIGHT)
  const padBottom = Math.max(0, virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? HEADER_HEIGHT))

  return (
    <>
      {error !== undefined && <ErrorAlert error={error} title="Could not load part of the worklist" />}
      <Paper
        withBorder
        ref={scrollRef}
        tabIndex={0}
        aria-label="Reports"
        onScroll={(e) => (worklistMemory.scrollTop = e.currentTarget.scrollTop)}
        style={{ height: 'calc(100dvh - 250px)', minHeight: 280, overflow: 'auto', overscrollBehavior: 'contain' }}
        data-testid="worklist-scroll"
      >
        <Table layout="fixed" aria-rowcount={total + 1} data-testid="worklist-table" style={{ borderCollapse: 'separate', borderSpacing: 0 }}>
          <Table.Thead style={{ position: 'sticky', top: 0, zIndex: 1, background: 'var(--mantine-color-body)' }}>
            <Table.Tr style={{ height: HEADER_HEIGHT }} aria-rowindex={1}>
              {COLUMNS.map((c, i) => (
                <Table.Th key={i} w={c.width} style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
                  {c.label}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <tbody>
            {padTop > 0 && <tr style={{ height: padTop }} aria-hidden />}
            {items.map((item) => (
              <WorklistRow
                key={item.key}
                index={item.index}
                report={rowAt(item.index)}
                selected={item.index === selected}
                checked={props.checked.has(rowAt(item.index)?.id ?? -1)}
                onClick={activate}
                onToggle={onToggle}
              />
            ))}
            {padBottom > 0 && <tr style={{ height: padBottom }} aria-hidden />}
          </tbody>
        </Table>
      </Paper>
    </>
  )
}
