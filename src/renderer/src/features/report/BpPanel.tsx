// Blood pressure: the readings with the 2017 ACC/AHA thresholds, and the averages with their category.
import { LineChart } from '@mantine/charts'
import { Badge, Group, Paper, SimpleGrid, Text } from '@mantine/core'
import type { ReportDetail } from '../../../../shared/contract/reports'
import { bpSummary, type BpReading } from '../../../../shared/domain/bloodPressure'
import { Section } from '../../components/Section'
import { BP_CATEGORY_COLORS, BP_CATEGORY_LABELS, BP_SOURCE, bpCategory } from './bpCategory'
import { timeAxis, timeTooltip, wallClockMs } from './chartTime'

/** Systolic/diastolic pairs with their time, for the chart; implausible readings stay visible there. */
function chartPoints(readings: readonly BpReading[]): { t: number; systolic?: number; diastolic?: number }[] {
  return readings
    .map((r) => ({ t: wallClockMs(r.observedAt), systolic: r.systolic, diastolic: r.diastolic }))
    .filter((r) => Number.isFinite(r.t))
    .sort((a, b) => a.t - b.t)
}

function Stat({ label, value, unit }: { label: string; value: number | undefined; unit: string }) {
  return (
    <Paper withBorder p="xs" data-testid="bp-stat" data-stat={label}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="xl" fw={700}>
        {value === undefined ? '—' : Math.round(value)}{' '}
        <Text span size="sm" c="dimmed" fw={400}>
          {unit}
        </Text>
      </Text>
    </Paper>
  )
}

export function BpPanel({ report }: { report: ReportDetail }) {
  // From the observations, so a report that came as HL7 or FHIR shows the same panel as a CSV export.
  const summary = bpSummary(report.observations)
  const readings = chartPoints(summary.readings)
  const sys = summary.avgSystolic
  const dia = summary.avgDiastolic
  const category = sys !== undefined && dia !== undefined ? bpCategory(sys, dia) : undefined
  return (
    <Section title="Blood pressure, mmHg" testId="bp-panel">
      <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="xs">
        <Stat label="Average systolic" value={sys} unit="mmHg" />
        <Stat label="Average diastolic" value={dia} unit="mmHg" />
        <Stat label="Average pulse" value={summary.avgPulse} unit="/min" />
        <Stat label="Readings" value={summary.counted} unit="" />
        <Paper withBorder p="xs">
          <Text size="xs" c="dimmed">
            Category of the averages
          </Text>
          {category ? (
            <Badge size="lg" mt={4} color={BP_CATEGORY_COLORS[category]} variant="filled" data-testid="bp-category" data-category={category}>
              {BP_CATEGORY_LABELS[category]}
            </Badge>
          ) : (
            <Text size="sm">—</Text>
          )}
        </Paper>
      </SimpleGrid>
      <Text size="xs" c="dimmed">
        {BP_SOURCE}: normal &lt; 120 and &lt; 80; elevated 120–129 and &lt; 80; stage 1 130–139 or 80–89; stage 2 ≥ 140 or ≥ 90; crisis &gt; 180
        and/or &gt; 120; the higher category wins. Averages computed from the readings in this report.
      </Text>
      {summary.excluded > 0 && (
        <Text size="sm" c="orange.8" data-testid="bp-excluded">
          {summary.excluded} implausible reading(s) shown but left out of the averages.
        </Text>
      )}
      {readings.length >= 2 && (
        <Group grow>
          <LineChart
            data-testid="bp-chart"
            h={320}
            data={readings}
            dataKey="t"
            series={[
              { name: 'systolic', label: 'Systolic', color: 'red.6' },
              { name: 'diastolic', label: 'Diastolic', color: 'blue.6' },
            ]}
            curveType="linear"
            connectNulls={false}
            withLegend
            xAxisProps={timeAxis(readings.map((r) => r.t))}
            yAxisProps={{ domain: [40, (max: number) => Math.max(200, Math.ceil(max / 20) * 20)], width: 44 }}
            tooltipProps={timeTooltip}
            // Systolic thresholds labelled on the right, diastolic on the left, so close lines stay readable.
            referenceLines={[
              { y: 120, label: 'sys 120 · dia 120', color: 'yellow.7', strokeDasharray: '4 4', labelPosition: 'insideTopRight' },
              { y: 130, label: 'sys 130', color: 'orange.6', strokeDasharray: '4 4', labelPosition: 'insideTopRight' },
              { y: 140, label: 'sys 140', color: 'red.6', strokeDasharray: '4 4', labelPosition: 'insideTopRight' },
              { y: 180, label: 'sys 180', color: 'red.9', strokeDasharray: '4 4', labelPosition: 'insideTopRight' },
              { y: 80, label: 'dia 80', color: 'orange.6', strokeDasharray: '2 4', labelPosition: 'insideBottomLeft' },
              { y: 90, label: 'dia 90', color: 'red.6', strokeDasharray: '2 4', labelPosition: 'insideTopLeft' },
            ]}
            gridAxis="y"
          />
        </Group>
      )}
    </Section>
  )
}
