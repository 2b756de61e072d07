// CGM: the glucose trace with the 70–180 mg/dL target band, and the AGP metrics beside their consensus targets.
import { LineChart } from '@mantine/charts'
import { Alert, Group, Paper, SimpleGrid, Text, ThemeIcon } from '@mantine/core'
import { IconCheck, IconInfoCircle, IconX } from '@tabler/icons-react'
import type { ReportDetail } from '../../../../shared/contract/reports'
import { formatNumber } from '../../components/format'
import { Section } from '../../components/Section'
import { AGP_METRICS, AGP_SOURCE, agpValue, meetsTarget, targetText, type AgpMetricSpec } from './agpTargets'
import { timeAxis, timeTooltip, wallClockMs } from './chartTime'
import { glucoseMgdl } from './observationText'

function MetricCard({ spec, value }: { spec: AgpMetricSpec; value: number }) {
  const met = meetsTarget(value, spec)
  const color = met === undefined ? 'gray' : met ? 'teal' : 'red'
  return (
    <Paper withBorder p="xs" data-testid="agp-metric" data-key={spec.key} data-met={met === undefined ? undefined : String(met)}>
      <Text size="xs" c="dimmed">
        {spec.label}
      </Text>
      <Group gap={6} align="baseline">
        <Text size="xl" fw={700} c={met === false ? 'red.7' : undefined}>
          {value.toFixed(spec.digits)}
        </Text>
        <Text size="sm" c="dimmed">
          {spec.unit}
        </Text>
      </Group>
      {spec.target && (
        <Group gap={4}>
          <ThemeIcon size={14} color={color} variant="light" radius="xl">
            {met ? <IconCheck size={10} /> : <IconX size={10} />}
          </ThemeIcon>
          <Text size="xs" c={color === 'red' ? 'red.7' : 'dimmed'}>
            {targetText(spec.target, spec.unit)} — {met ? 'met' : 'not met'}
          </Text>
        </Group>
      )}
    </Paper>
  )
}

export function CgmPanel({ report }: { report: ReportDetail }) {
  const trace = report.observations
    .map((o) => ({ t: wallClockMs(o.observedAt), glucose: glucoseMgdl(o) }))
    .filter((d): d is { t: number; glucose: number } => Number.isFinite(d.t) && d.glucose !== undefined)
    .sort((a, b) => a.t - b.t)
  const metrics = AGP_METRICS.map((spec) => ({ spec, value: agpValue(report.metrics, spec.key) })).filter(
    (m): m is { spec: AgpMetricSpec; value: number } => m.value !== undefined,
  )
  const days = agpValue(report.metrics, 'agp.days')
  const wear = agpValue(report.metrics, 'agp.wear_pct')
  const insufficient = days !== undefined && wear !== undefined && (days < 14 || wear < 70)
  return (
    <Section title="Glucose (CGM), mg/dL" testId="cgm-panel">
      {trace.length >= 2 ? (
        <LineChart
          data-testid="glucose-trace"
          h={260}
          data={trace}
          dataKey="t"
          series={[{ name: 'glucose', label: 'Glucose', color: 'blue.6' }]}
          curveType="linear"
          withDots={false}
          strokeWidth={1.5}
          xAxisProps={timeAxis(trace.map((d) => d.t))}
          yAxisProps={{ domain: [40, (max: number) => Math.max(300, Math.ceil(max / 50) * 50)], width: 44 }}
          tooltipProps={timeTooltip}
          valueFormatter={(v) => formatNumber(v, 0)}
          referenceAreas={[{ y1: 70, y2: 180, color: 'teal.2', fillOpacity: 0.25 }]}
          referenceLines={[
            { y: 70, label: '70', color: 'orange.6', strokeDasharray: '4 4' },
            { y: 180, label: '180', color: 'orange.6', strokeDasharray: '4 4' },
            { y: 54, label: '54', color: 'red.6', strokeDasharray: '2 4' },
            { y: 250, label: '250', color: 'red.6', strokeDasharray: '2 4' },
          ]}
          gridAxis="y"
        />
      ) : (
        <Text size="sm" c="dimmed">
          No glucose readings in mg/dL or mmol/L to plot.
        </Text>
      )}
      <Text size="xs" c="dimmed">
        Target range 70–180 mg/dL shaded; readings shown as the device sent them (converted to mg/dL where sent in mmol/L).
      </Text>
      {insufficient && (
        <Alert color="yellow" icon={<IconInfoCircle size={18} />} p="xs">
          Fewer than 14 days or under 70 % sensor wear: these metrics may not represent usual glucose ({AGP_SOURCE}).
        </Alert>
      )}
      {metrics.length > 0 && (
        <>
          <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="xs" data-testid="agp-metrics">
            {metrics.map((m) => (
              <MetricCard key={m.spec.key} spec={m.spec} value={m.value} />
            ))}
          </SimpleGrid>
          <Text size="xs" c="dimmed">
            Targets: {AGP_SOURCE}. Computed by Readout from the readings in this file.
          </Text>
        </>
      )}
    </Section>
  )
}
