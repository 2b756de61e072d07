// The candidate against the baseline within each subgroup (report kind, age band, sex, device model), counts shown;
// subgroups below the minimum size keep their row, marked too small, with no interval and no verdict.
import { Badge, Stack, Table, Text, Title } from '@mantine/core'
import { verdictColor } from './evalFormat'
import type { SubgroupResult } from './evalTypes'
import { SUBGROUP_METRICS, subgroupSections } from './subgroupTable'

const METRIC_HEADINGS: Record<(typeof SUBGROUP_METRICS)[number], string> = {
  missed_critical: 'Missed critical',
  evidence_failure: 'Evidence failed',
  finding_f1: 'Finding F1',
  correction_rate: 'Correction rate',
}

export function SubgroupTable({ subgroups, minSize }: { subgroups: SubgroupResult[]; minSize: number }) {
  const sections = subgroupSections(subgroups)
  if (sections.length === 0) return <Text size="sm" c="dimmed">No subgroups: the run had no reports.</Text>
  return (
    <Stack gap="sm" data-testid="eval-subgroups">
      <Text size="xs" c="dimmed">
        Candidate − baseline in each subgroup. Subgroups with fewer than {minSize} reports are marked too small: their differences are shown, but no
        interval or test, and no conclusion should be drawn from them.
      </Text>
      {sections.map((s) => (
        <Stack key={s.dimension} gap={4}>
          <Title order={4} size="h6">
            {s.label}
          </Title>
          <Table.ScrollContainer minWidth={700}>
            <Table withTableBorder striped data-testid={`eval-subgroup-${s.dimension}`}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{s.label}</Table.Th>
                  <Table.Th ta="right">Reports</Table.Th>
                  {SUBGROUP_METRICS.map((m) => (
                    <Table.Th key={m}>{METRIC_HEADINGS[m]}</Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {s.rows.map((r) => (
                  <Table.Tr key={r.value} data-testid="eval-subgroup-row" data-too-small={r.tooSmall}>
                    <Table.Td>
                      {r.value}{' '}
                      {r.tooSmall && (
                        <Badge size="xs" color="orange" variant="light">
                          too small
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td ta="right">{r.reports}</Table.Td>
                    {r.cells.map((c) => (
                      <Table.Td key={c.metric} c={c.verdict === 'better' || c.verdict === 'worse' ? `${verdictColor(c.verdict)}.8` : undefined}>
                        {c.difference}
                        <Text span size="xs" c="dimmed">
                          {' '}
                          ({c.interval})
                        </Text>
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Stack>
      ))}
    </Stack>
  )
}
