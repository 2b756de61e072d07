// Blood pressure: the readings with the 2017 ACC/AHA thresholds, and the averages with their category.
import { LineChart } from '@mantine/charts'
import { Badge, Group, Paper, SimpleGrid, Text } from '@mantine/core'
import type { Observation, ReportDetail } from '../../../../shared/contract/reports'
import { Section } from '../../components/Section'
import { BP_CATEGORY_COLORS, BP_CATEGORY_LABELS, BP_SOURCE, bpCategory } from './bpCategory'
import { timeAxis, timeTooltip, wallClockMs } from './chartTime'
import { numericIn } from './observationText'

const SYSTOLIC = '8480-6'
const DIASTOLIC = '8462-4'
const PULSE = '8867-4'

interface Reading {
  t: number
  systolic?: number
  diastolic?: number
  pulse?: number
}

/** Systolic, diastolic and pulse grouped into readings by sub-id (else by time). Pressures only in mmHg. */
export function bpReadings(observations: Observation[]): Reading[] {
  const groups = new Map<string, Reading>()
  for (const o of observations) {
    if (o.codeSystem !== 'LOINC' || ![SYSTOLIC, DIASTOLIC, PULSE].includes(o.code)) continue
    const t = wallClockMs(o.observedAt)
    if (!Number.isFinite(t)) continue
    const key = o.subId ?? o.observedAt ?? ''
    const r = groups.get(key) ?? { t }
    if (o.code === SYSTOLIC) r.systolic = numericIn(o, 'mm[Hg]')
    else if (o.code === DIASTOLIC) r.diastolic = numericIn(o, 'mm[Hg]')
    else r.pulse = numericIn(o, '/min') ?? numericIn(o, '{beats}/min')
    groups.set(key, r)
  }
  return [...groups.values()].filter((r) => r.systolic !== undefined || r.diastolic !== undefined).sort((a, b) => a.t - b.t)
}

function Stat({ label, value, unit }: { label: string; value: number | undefined; unit: string }) {
  return (
    <Paper withBorder p="xs" data-testid="bp-stat">
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
  const readings = bpReadings(report.observations)
  const sys = report.metrics['bp.avg_sys']
  const dia = report.metrics['bp.avg_dia']
  const category = sys !== undefined && dia !== undefined ? bpCategory(sys, dia) : undefined
  return (
    <Section title="Blood pressure, mmHg" testId="bp-panel">
      <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="xs">
        <Stat label="Average systolic" value={sys} unit="mmHg" />
        <Stat label="Average diastolic" value={dia} unit="mmHg" />
        <Stat label="Average pulse" value={report.metrics['bp.avg_pulse']} unit="/min" />
        <Stat label="Readings" value={report.metrics['bp.readings']} unit="" />
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
        and/or &gt; 120; the higher category wins. Averages as computed from this file.
      </Text>
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
