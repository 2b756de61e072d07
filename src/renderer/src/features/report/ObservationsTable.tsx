// The report's observations: code, value as sent, reference range, the device's flag, status and time; a finding's basis highlighted.
import { Badge, Button, Code, Table, Text } from '@mantine/core'
import { useEffect, useRef, useState, type CSSProperties } from 'react'
import type { Observation } from '../../../../shared/contract/reports'
import { FlagBadge, flagSeverity } from '../../components/FlagBadge'
import { formatDeviceTime } from '../../components/format'
import { Section } from '../../components/Section'
import { ObservationValue } from './ObservationValue'
import { rangeText } from './observationText'

// CGM and BP reports hold thousands of readings; their charts show them all, the table starts with the first ones.
const FIRST_ROWS = 200

const STATUS_COLOR: Partial<Record<Observation['status'], string>> = {
  preliminary: 'orange',
  corrected: 'violet',
  pending: 'orange',
  cancelled: 'gray',
  'entered-in-error': 'gray',
}

function rowBackground(o: Observation): string | undefined {
  const s = flagSeverity(o.deviceFlag)
  if (s === 'critical') return 'var(--mantine-color-red-light)'
  if (s === 'abnormal') return 'var(--mantine-color-orange-light)'
  return undefined
}

const HIGHLIGHT: CSSProperties = {
  background: 'var(--mantine-color-yellow-light)',
  outline: '2px solid var(--mantine-color-yellow-filled)',
  outlineOffset: -2,
}

export function ObservationsTable(props: {
  observations: Observation[]
  /** Observations a finding rests on (hovered or clicked in the findings). */
  highlighted: ReadonlySet<number>
  /** Changes when the highlighted observations should be scrolled into view. */
  scrollRequest: number
  /** The review screen links a clicked observation as evidence of the finding being edited. */
  onRowClick?: (o: Observation) => void
}) {
  const { observations, highlighted, scrollRequest, onRowClick } = props
  const [all, setAll] = useState(false)
  const tableRef = useRef<HTMLTableElement>(null)
  // A finding may rest on a reading past the first rows: show them all rather than highlight nothing.
  const highlightHidden = !all && observations.slice(FIRST_ROWS).some((o) => highlighted.has(o.id))
  const shown = all || highlightHidden ? observations : observations.slice(0, FIRST_ROWS)
  useEffect(() => {
    if (scrollRequest === 0) return
    tableRef.current?.querySelector('[data-highlighted="true"]')?.scrollIntoView({ block: 'center', behavior: 'smooth' })
  }, [scrollRequest])
  const flagged = observations.filter((o) => flagSeverity(o.deviceFlag) === 'critical' || flagSeverity(o.deviceFlag) === 'abnormal').length
  return (
    <Section
      title={`Observations (${observations.length})`}
      actions={
        flagged > 0 ? (
          <Badge color="red" variant="light">
            {flagged} flagged by the device
          </Badge>
        ) : undefined
      }
      testId="observations"
    >
      {observations.length === 0 ? (
        <Text size="sm" c="dimmed">
          This report holds no discrete observations.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={820}>
          <Table ref={tableRef} verticalSpacing={4} withRowBorders data-testid="observations-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Observation</Table.Th>
                <Table.Th>Value</Table.Th>
                <Table.Th>Reference range</Table.Th>
                <Table.Th w={70}>Flag</Table.Th>
                <Table.Th w={110}>Status</Table.Th>
                <Table.Th w={170}>Time</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.map((o) => (
                <Table.Tr
                  key={o.id}
                  style={{ ...(highlighted.has(o.id) ? HIGHLIGHT : { background: rowBackground(o) }), cursor: onRowClick ? 'pointer' : undefined }}
                  onClick={onRowClick ? () => onRowClick(o) : undefined}
                  data-testid="observation-row"
                  data-observation-id={o.id}
                  data-highlighted={highlighted.has(o.id)}
                  data-code={`${o.codeSystem}|${o.code}`}
                >
                  <Table.Td>
                    <Text size="sm">{o.display ?? o.code}</Text>
                    <Code fz="xs">
                      {o.codeSystem}|{o.code}
                    </Code>
                    {o.subId && (
                      <Text span size="xs" c="dimmed">
                        {' '}
                        · group {o.subId}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <ObservationValue o={o} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" ff="monospace">
                      {rangeText(o)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <FlagBadge flag={o.deviceFlag} />
                  </Table.Td>
                  <Table.Td>
                    {o.status === 'final' ? (
                      <Text size="sm" c="dimmed">
                        final
                      </Text>
                    ) : (
                      <Badge color={STATUS_COLOR[o.status] ?? 'gray'} variant="filled" size="sm">
                        {o.status}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" ff="monospace">
                      {formatDeviceTime(o.observedAt)}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {!all && observations.length > FIRST_ROWS && (
        <Button variant="default" size="xs" onClick={() => setAll(true)}>
          Show all {observations.length} observations
        </Button>
      )}
    </Section>
  )
}
