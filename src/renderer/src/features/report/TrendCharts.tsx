// Trends: this patient's earlier values of this report's numeric observations, one small chart per code.
import { LineChart } from '@mantine/charts'
import { Loader, Paper, SimpleGrid, Text } from '@mantine/core'
import type { ChartReferenceLineProps } from '@mantine/charts'
import type { Observation, ReportDetail } from '../../../../shared/contract/reports'
import { useCall } from '../../api/hooks'
import { ErrorAlert } from '../../components/ErrorAlert'
import { formatNumber } from '../../components/format'
import { Section } from '../../components/Section'
import { timeAxis, timeTooltip, wallClockMs } from './chartTime'
import { codeKey } from './observationText'

type TrendPoint = { reportId: number; observedAt: string; value: number; unit: string | null; status: string }

const MAX_CODES = 50

/** The points in the unit most of them share; the others are counted, never plotted on the same axis. */
function pointsInOneUnit(points: TrendPoint[]): { unit: string | null; plotted: TrendPoint[]; others: number } {
  const counts = new Map<string | null, number>()
  for (const p of points) counts.set(p.unit, (counts.get(p.unit) ?? 0) + 1)
  let unit: string | null = null
  let best = -1
  for (const [u, n] of counts) if (n > best) [unit, best] = [u, n]
  const plotted = points.filter((p) => p.unit === unit)
  return { unit, plotted, others: points.length - plotted.length }
}

/** The device's reference limits, only when they are in the unit the chart shows. */
function referenceLines(o: Observation, unit: string | null): ChartReferenceLineProps[] {
  if (unit === null || (unit !== o.unit && unit !== o.ucumUnit)) return []
  const lines: ChartReferenceLineProps[] = []
  if (o.refLow !== null) lines.push({ y: o.refLow, label: `low ${formatNumber(o.refLow)}`, color: 'orange.6', strokeDasharray: '4 4' })
  if (o.refHigh !== null) lines.push({ y: o.refHigh, label: `high ${formatNumber(o.refHigh)}`, color: 'orange.6', strokeDasharray: '4 4' })
  return lines
}

/** The y range: the values and the reference limits drawn, so a limit is never off the chart. */
function yDomain(values: number[], refs: ChartReferenceLineProps[]): [number, number] {
  const ys = [...values, ...refs.map((r) => r.y).filter((y): y is number => typeof y === 'number')]
  let lo = Infinity
  let hi = -Infinity
  for (const y of ys) {
    if (y < lo) lo = y
    if (y > hi) hi = y
  }
  // Round outwards to a step of 1, 2 or 5 × 10^n so that the axis ticks are round numbers.
  const span = hi - lo || Math.abs(hi) || 1
  const raw = span / 4
  const mag = 10 ** Math.floor(Math.log10(raw))
  const step = ([1, 2, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag
  return [Math.floor(lo / step) * step, Math.ceil(hi / step) * step]
}

function TrendChart({ o, points, reportId }: { o: Observation; points: TrendPoint[]; reportId: number }) {
  const { unit, plotted, others } = pointsInOneUnit(points)
  const data = plotted
    .map((p) => ({ t: wallClockMs(p.observedAt), value: p.value, current: p.reportId === reportId }))
    .filter((d) => Number.isFinite(d.t))
    .sort((a, b) => a.t - b.t)
  if (data.length < 2) return null
  const refs = referenceLines(o, unit)
  const domain = yDomain(data.map((d) => d.value), refs)
  const current = data.filter((d) => d.current)
  if (current.length === 1 && current[0]) refs.push({ x: current[0].t, label: 'this report', color: 'gray.6', labelPosition: 'insideTopLeft' })
  return (
    <Paper withBorder p="xs" data-testid="trend-card" data-code={codeKey(o)}>
      <Text size="sm" fw={600}>
        {o.display ?? o.code}{' '}
        <Text span size="xs" c="dimmed">
          {unit ?? 'no unit'} · {data.length} values
        </Text>
      </Text>
      <LineChart
        data-testid="trend-chart"
        h={150}
        data={data}
        dataKey="t"
        series={[{ name: 'value', label: o.display ?? o.code, color: 'teal.6' }]}
        curveType="linear"
        xAxisProps={timeAxis(data.map((d) => d.t))}
        yAxisProps={{ domain, width: 44 }}
        tooltipProps={timeTooltip}
        valueFormatter={(v) => formatNumber(v)}
        referenceLines={refs}
        gridAxis="y"
      />
      {others > 0 && (
        <Text size="xs" c="orange.8">
          {others} value{others === 1 ? '' : 's'} in another unit not plotted
        </Text>
      )}
    </Paper>
  )
}

export function TrendCharts({ report }: { report: ReportDetail }) {
  const byCode = new Map<string, Observation>()
  for (const o of report.observations) {
    if (o.valueType === 'numeric' && o.valueNum !== null && !byCode.has(codeKey(o))) byCode.set(codeKey(o), o)
  }
  const codes = [...byCode.keys()].slice(0, MAX_CODES)
  const trend = useCall('reports.trend', { patientId: report.patientId, codes: codes.length > 0 ? codes : ['-'] }, { enabled: codes.length > 0 })
  if (codes.length === 0) return null
  const charts = trend.data
    ? codes
        .map((c) => ({ o: byCode.get(c), points: trend.data[c] ?? [] }))
        .filter((x): x is { o: Observation; points: TrendPoint[] } => x.o !== undefined && x.points.length >= 2)
        // The blood-pressure chart above already shows this report's own readings; a trend needs other reports.
        .filter((x) => report.kind !== 'blood_pressure' || x.points.some((p) => p.reportId !== report.id))
    : []
  return (
    <Section title="Trends for this patient" testId="trends">
      {trend.isPending && <Loader size="sm" />}
      {trend.error && <ErrorAlert error={trend.error} title="Could not load the trends" />}
      {trend.data && charts.length === 0 && (
        <Text size="sm" c="dimmed">
          No earlier values of these observations for this patient.
        </Text>
      )}
      {charts.length > 0 && (
        <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }} spacing="sm">
          {charts.map((c) => (
            <TrendChart key={codeKey(c.o)} o={c.o} points={c.points} reportId={report.id} />
          ))}
        </SimpleGrid>
      )}
    </Section>
  )
}
