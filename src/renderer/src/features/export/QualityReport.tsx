// An export's quality report: counts per split, kind and condition against the minimum, outcomes, reason codes,
// token lengths against the context, and the warnings; as tables and a chart.
import { BarChart } from '@mantine/charts'
import { Alert, Badge, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core'
import type { ExportResultDto } from '../../../../shared/contract/export'

function CountTable({ label, rows, testId }: { label: string; rows: { name: string; count: number; below?: boolean }[]; testId: string }) {
  return (
    <Table withTableBorder striped data-testid={testId}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{label}</Table.Th>
          <Table.Th ta="right">Count</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((r) => (
          <Table.Tr key={r.name}>
            <Table.Td>
              {r.name} {r.below && <Badge color="orange" size="xs">below minimum</Badge>}
            </Table.Td>
            <Table.Td ta="right">{r.count}</Table.Td>
          </Table.Tr>
        ))}
        {rows.length === 0 && (
          <Table.Tr>
            <Table.Td colSpan={2}>
              <Text size="sm" c="dimmed">
                none
              </Text>
            </Table.Td>
          </Table.Tr>
        )}
      </Table.Tbody>
    </Table>
  )
}

const entries = (r: Record<string, number>) => Object.entries(r).map(([name, count]) => ({ name, count }))
const fmt = (n: number | null) => (n === null ? '–' : String(Math.round(n)))

export function QualityReport({ result }: { result: ExportResultDto }) {
  const q = result.quality
  return (
    <Stack gap="sm" data-testid="export-quality">
      <Title order={4}>Quality report</Title>
      <Text size="sm" data-testid="export-summary">
        Export {result.exportId}: {result.items} signed reports, {q.rows.sft} supervised, {q.rows.preference} preference and {q.rows.unpaired} unpaired rows; train{' '}
        {q.perSplit.train}, validation {q.perSplit.validation}, test {q.perSplit.test}. Written to <code>{result.outDir}</code>.
      </Text>
      {q.warnings.length > 0 && (
        <Alert color="orange" title="Warnings" data-testid="export-warnings">
          {q.warnings.map((w) => (
            <Text key={w} size="sm">
              {w}
            </Text>
          ))}
        </Alert>
      )}
      <BarChart
        h={200}
        data={[
          { split: 'train', items: q.perSplit.train },
          { split: 'validation', items: q.perSplit.validation },
          { split: 'test', items: q.perSplit.test },
        ]}
        dataKey="split"
        series={[{ name: 'items', color: 'blue.6' }]}
        data-testid="export-split-chart"
      />
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <CountTable label={`Report kind (minimum ${q.minimumPerCondition})`} rows={q.perKind.map((k) => ({ name: k.kind, count: k.count, below: k.belowMinimum }))} testId="export-per-kind" />
        <CountTable label="Finding category" rows={q.perCondition.map((c) => ({ name: c.condition, count: c.count, below: c.belowMinimum }))} testId="export-per-condition" />
        <CountTable label="Review outcome" rows={entries(q.outcomes)} testId="export-outcomes" />
        <CountTable label="Overall severity (class balance)" rows={entries(q.overallSeverity)} testId="export-severity" />
        <CountTable label="Reason code" rows={entries(q.reasonCodes)} testId="export-reasons-table" />
        <CountTable
          label={`Tokens per row${q.tokens.method === 'estimated' ? ', estimated' : ''} (context ${q.tokens.contextSize})`}
          rows={[
            { name: 'rows measured', count: q.tokens.count },
            { name: 'too long, dropped', count: q.tokens.droppedTooLong },
          ]}
          testId="export-tokens"
        />
      </SimpleGrid>
      <Text size="xs" c="dimmed">
        Tokens ({q.tokens.method === 'estimated' ? q.tokens.counter : `counted with ${q.tokens.counter}`}): min {fmt(q.tokens.min)}, median {fmt(q.tokens.p50)}, mean {fmt(q.tokens.mean)}, p95 {fmt(q.tokens.p95)}, max {fmt(q.tokens.max)}. De-identification{' '}
        {result.deid.enabled ? 'on' : 'OFF'}; residual scan: {result.deid.residualScan ? `${result.deid.residualScan.linesScanned} lines, ${result.deid.residualScan.found} found` : 'not run'}.
      </Text>
    </Stack>
  )
}
