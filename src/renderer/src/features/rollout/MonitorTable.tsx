// Per-version monitoring from real reviews, each figure beside its difference from production with a 95% interval, and a chart of the rates.
import { BarChart } from '@mantine/charts'
import { Stack, Table, Text, Tooltip } from '@mantine/core'
import type { Difference, RolloutMonitor } from '../../../../shared/contract/rollout'
import { clearlyDiffers, differenceText, minutesText, percentText } from './rolloutFormat'

function Diff({ d, unit, worseWhen }: { d: Difference; unit: 'points' | 'minutes'; worseWhen: 'higher' | 'lower' }) {
  const text = differenceText(d, unit)
  if (text === '') return null
  const side = clearlyDiffers(d)
  const colour = side === null ? 'dimmed' : side === worseWhen ? 'red' : 'teal'
  return (
    <Text size="xs" c={colour}>
      {text}
    </Text>
  )
}

export function MonitorTable({ monitor }: { monitor: RolloutMonitor }) {
  if (monitor.versions.length === 0) return <Text c="dimmed">No version has drafted a reviewed report yet.</Text>
  const chart = monitor.versions.map((v) => ({
    version: v.name,
    accepted: v.figures.acceptanceRate === null ? 0 : Math.round(v.figures.acceptanceRate * 1000) / 10,
    edited: v.figures.editRate === null ? 0 : Math.round(v.figures.editRate * 1000) / 10,
    rejected: v.figures.rejectRate === null ? 0 : Math.round(v.figures.rejectRate * 1000) / 10,
  }))
  return (
    <Stack>
      <Text size="xs" c="dimmed">
        From first signed reviews of each version's drafts. Under each figure: this version − production, in points (minutes for time), with a 95% bootstrap
        interval (seed {monitor.seed}); red where the interval says worse, green where it says better.
      </Text>
      <Table striped data-testid="rollout-monitor">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Version</Table.Th>
            <Table.Th>Reviews</Table.Th>
            <Table.Th>Accepted</Table.Th>
            <Table.Th>Edited</Table.Th>
            <Table.Th>Rejected</Table.Th>
            <Table.Th>Evidence failures</Table.Th>
            <Table.Th>Time to sign (median / p90)</Table.Th>
            <Table.Th>Reasons</Table.Th>
            <Table.Th>Shadow comparison</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {monitor.versions.map((v) => {
            const f = v.figures
            const d = v.vsProduction
            const reasons = Object.entries(f.reasonCodes).sort((a, b) => b[1] - a[1])
            return (
              <Table.Tr key={v.versionId} data-testid={`monitor-row-${v.name}`}>
                <Table.Td>
                  <b>{v.name}</b> <Text span size="xs" c="dimmed">{v.state}</Text>
                </Table.Td>
                <Table.Td>{f.reviews}</Table.Td>
                <Table.Td>
                  {percentText(f.acceptanceRate)}
                  <Diff d={d?.acceptanceRate ?? null} unit="points" worseWhen="lower" />
                </Table.Td>
                <Table.Td>
                  {percentText(f.editRate)}
                  <Diff d={d?.editRate ?? null} unit="points" worseWhen="higher" />
                </Table.Td>
                <Table.Td>
                  {percentText(f.rejectRate)}
                  <Diff d={d?.rejectRate ?? null} unit="points" worseWhen="higher" />
                </Table.Td>
                <Table.Td>
                  {percentText(f.evidenceFailureRate)}
                  <Diff d={d?.evidenceFailureRate ?? null} unit="points" worseWhen="higher" />
                </Table.Td>
                <Table.Td>
                  {minutesText(f.timeToSignMedianMs)} / {minutesText(f.timeToSignP90Ms)}
                  <Diff d={d?.timeToSignMedianMs ?? null} unit="minutes" worseWhen="higher" />
                </Table.Td>
                <Table.Td>
                  <Text size="xs">{reasons.length === 0 ? '–' : reasons.map(([c, n]) => `${c} ${n}`).join(', ')}</Text>
                </Table.Td>
                <Table.Td>
                  {v.shadow === null ? (
                    '–'
                  ) : (
                    <Tooltip label="Predicted correction rate, finding F1 and missed criticals per report: the shadow's drafts vs the drafts shown for the same reports">
                      <Text size="xs">
                        {v.shadow.compared} compared, {v.shadow.backlog} to draft · corrections {percentText(v.shadow.shadow.predictedCorrectionRate)} vs{' '}
                        {percentText(v.shadow.shown.predictedCorrectionRate)} · F1 {v.shadow.shadow.findingF1?.toFixed(2) ?? '–'} vs {v.shadow.shown.findingF1?.toFixed(2) ?? '–'} · missed
                        criticals {v.shadow.shadow.missedCriticals?.toFixed(2) ?? '–'} vs {v.shadow.shown.missedCriticals?.toFixed(2) ?? '–'}
                      </Text>
                    </Tooltip>
                  )}
                </Table.Td>
              </Table.Tr>
            )
          })}
        </Table.Tbody>
      </Table>
      <BarChart
        h={200}
        data={chart}
        dataKey="version"
        unit="%"
        series={[
          { name: 'accepted', label: 'Accepted reviews', color: 'teal.6' },
          { name: 'edited', label: 'Findings edited', color: 'yellow.6' },
          { name: 'rejected', label: 'Findings rejected', color: 'red.6' },
        ]}
        withLegend
        aria-label="Acceptance, edit and reject rates per version"
      />
    </Stack>
  )
}
