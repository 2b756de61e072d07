// The candidate against the baseline on the same reports, metric by metric: both values, the difference with its 95%
// interval, the paired test's p-value, coloured by whether the candidate is clearly better or worse.
import { Badge, Table, Text, Tooltip } from '@mantine/core'
import { formatDifference, formatInterval, formatMetricValue, formatPValue, testName, verdictColor, verdictLabel } from './evalFormat'
import type { MetricComparison } from './evalTypes'

export function ComparisonTable({ metrics, reports }: { metrics: MetricComparison[]; reports: number }) {
  return (
    <Table.ScrollContainer minWidth={700}>
      <Table withTableBorder striped data-testid="eval-comparison">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Metric ({reports} paired reports)</Table.Th>
            <Table.Th ta="right">Baseline</Table.Th>
            <Table.Th ta="right">Candidate</Table.Th>
            <Table.Th ta="right">Difference</Table.Th>
            <Table.Th>Interval</Table.Th>
            <Table.Th>Test</Table.Th>
            <Table.Th>Candidate is</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {metrics.map((m) => (
            <Table.Tr key={m.metric} data-testid={`eval-metric-${m.metric}`} data-verdict={m.verdict}>
              <Table.Td>
                {m.label}
                <Text span size="xs" c="dimmed">
                  {' '}
                  ({m.better} is better)
                </Text>
              </Table.Td>
              <Table.Td ta="right">{formatMetricValue(m.kind, m.baseline)}</Table.Td>
              <Table.Td ta="right">{formatMetricValue(m.kind, m.candidate)}</Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }} c={m.verdict === 'better' || m.verdict === 'worse' ? `${verdictColor(m.verdict)}.8` : undefined} fw={m.verdict === 'worse' ? 700 : undefined}>
                {formatDifference(m.kind, m.difference)}
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatInterval(m.kind, m.interval)}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Tooltip label={testName(m.test)}>
                  <Text span size="sm" tabIndex={0}>
                    {formatPValue(m.test?.pValue ?? null)}
                  </Text>
                </Tooltip>
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                {m.verdict === 'better' || m.verdict === 'worse' ? (
                  <Badge color={verdictColor(m.verdict)} variant="filled">
                    {m.verdict}
                  </Badge>
                ) : (
                  <Text span size="sm" c="dimmed">
                    {verdictLabel(m.verdict)}
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  )
}
