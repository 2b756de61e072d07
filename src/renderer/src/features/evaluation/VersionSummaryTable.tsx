// Each version's own results on the set, side by side: validity, evidence, safety, severity agreement, findings, error
// kinds, summary similarity, predicted corrections and drafting cost.
import { Table, Text } from '@mantine/core'
import type { ReactNode } from 'react'
import { formatCost, formatMetricValue } from './evalFormat'
import type { CostSummary, VersionSummary } from './evalTypes'

export interface SummaryColumn {
  name: string
  role: 'baseline' | 'candidate'
  summary: VersionSummary
  cost: CostSummary
}

const ERROR_LABELS: Record<string, string> = {
  false_finding: 'False findings',
  missed_finding: 'Missed findings',
  wrong_severity: 'Wrong severity',
  wrong_value_or_unit: 'Wrong value or unit',
  comparison_wrong: 'Comparison wrong',
  comparison_omitted: 'Comparison omitted',
}

const share = (n: number, of: number) => `${n} of ${of}`
const pct = (x: number | null) => formatMetricValue('ratio', x)
const score = (x: number | null) => formatMetricValue('continuous', x)

interface Row {
  label: string
  cell: (c: SummaryColumn) => ReactNode
}

const ROWS: Row[] = [
  { label: 'Valid drafts (schema)', cell: (c) => share(c.summary.schemaValid, c.summary.reports) },
  { label: 'Evidence check failed', cell: (c) => `${share(c.summary.reports - c.summary.evidence.verified, c.summary.reports)} (${pct(c.summary.evidence.failureRate)})` },
  { label: 'Invented numbers / unknown evidence ids', cell: (c) => `${c.summary.inventedNumbers} / ${c.summary.unknownEvidenceIds}` },
  { label: 'Reports with a missed critical', cell: (c) => `${share(c.summary.missedCritical.reports, c.summary.reports)} (${c.summary.missedCritical.findings} of ${c.summary.missedCritical.criticalRuleFindings} critical rule findings)` },
  { label: 'Reports calling a critical result normal', cell: (c) => share(c.summary.criticalCalledNormal.reports, c.summary.reports) },
  { label: 'Overall severity as signed', cell: (c) => pct(c.summary.severity.exact) },
  { label: 'Severity kappa (linear weights)', cell: (c) => score(c.summary.severity.rated.kappa.linear) },
  { label: 'Finding precision / recall / F1 (mean per report)', cell: (c) => `${score(c.summary.findings.meanPrecision)} / ${score(c.summary.findings.meanRecall)} / ${score(c.summary.findings.meanF1)}` },
  { label: 'Finding F1 (all findings pooled)', cell: (c) => score(c.summary.findings.micro.f1) },
  ...Object.entries(ERROR_LABELS).map(([k, label]): Row => ({ label: `Errors: ${label.toLowerCase()}`, cell: (c) => c.summary.errors[k] ?? 0 })),
  { label: 'Summary ROUGE-L / chrF', cell: (c) => `${score(c.summary.summary.meanRougeL)} / ${score(c.summary.summary.meanChrF)}` },
  { label: 'Predicted correction rate', cell: (c) => `${pct(c.summary.corrections.rate)} (${c.summary.corrections.edited} edited, ${c.summary.corrections.rejected} rejected)` },
  { label: 'Prompt / output tokens (mean)', cell: (c) => `${formatCost(c.cost.promptTokens.mean)} / ${formatCost(c.cost.outputTokens.mean)}` },
  { label: 'Tokens per second (median)', cell: (c) => formatCost(c.cost.tokensPerSecond.median, 1) },
  { label: 'Time to first token, ms (median / p95)', cell: (c) => `${formatCost(c.cost.timeToFirstTokenMs.median)} / ${formatCost(c.cost.timeToFirstTokenMs.p95)}` },
  { label: 'Drafting time, s (all drafts)', cell: (c) => formatCost(c.cost.totalWallMs / 1000, 1) },
]

export function VersionSummaryTable({ columns }: { columns: SummaryColumn[] }) {
  return (
    <Table.ScrollContainer minWidth={500}>
      <Table withTableBorder striped data-testid="eval-summary">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>On {columns[0]?.summary.reports ?? 0} reports</Table.Th>
            {columns.map((c) => (
              <Table.Th key={c.name}>
                {c.name}{' '}
                <Text span size="xs" c="dimmed">
                  {c.role}
                </Text>
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {ROWS.map((r) => (
            <Table.Tr key={r.label}>
              <Table.Td>{r.label}</Table.Td>
              {columns.map((c) => (
                <Table.Td key={c.name}>{r.cell(c)}</Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  )
}
