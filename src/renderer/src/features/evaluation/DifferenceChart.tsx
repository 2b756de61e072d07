// The differences as a forest plot: one row per metric, the point and its interval as a whisker, right = better.
import { Stack, Text } from '@mantine/core'
import { axisExtent, chartRows, xOf, type ComparedMetric } from './differenceChart'
import { verdictColor } from './evalFormat'

const ROW = 26
const LABEL = 300
const PLOT = 360
const PAD = 16

export function DifferenceChart({ metrics }: { metrics: readonly ComparedMetric[] }) {
  const rows = chartRows(metrics)
  if (rows.length === 0) return null
  const extent = axisExtent(rows)
  const height = rows.length * ROW + 40
  const width = LABEL + PLOT + PAD * 2
  const x = (v: number) => xOf(v, extent, LABEL + PAD, PLOT)
  const ticks = [-extent, -extent / 2, 0, extent / 2, extent]
  return (
    <Stack gap={4}>
      <svg
        width="100%"
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label="Candidate minus baseline per metric, in points, with 95% intervals; right of the centre line is better"
        data-testid="eval-difference-chart"
        style={{ maxWidth: width, fontSize: 12, fontFamily: 'inherit' }}
      >
        <line x1={x(0)} x2={x(0)} y1={4} y2={rows.length * ROW + 8} stroke="currentColor" strokeOpacity={0.5} />
        {ticks.map((t) => (
          <text key={t} x={x(t)} y={rows.length * ROW + 24} textAnchor="middle" fill="currentColor" opacity={0.7}>
            {t > 0 ? `+${t}` : t < 0 ? `−${-t}` : '0'}
          </text>
        ))}
        <text x={x(-extent)} y={rows.length * ROW + 38} fill="currentColor" opacity={0.7}>
          ← worse
        </text>
        <text x={x(extent)} y={rows.length * ROW + 38} textAnchor="end" fill="currentColor" opacity={0.7}>
          better →
        </text>
        {rows.map((r, i) => {
          const y = i * ROW + ROW / 2 + 4
          const color = `var(--mantine-color-${verdictColor(r.verdict)}-7)`
          return (
            <g key={r.metric} data-testid={`eval-chart-${r.metric}`}>
              <text x={LABEL} y={y + 4} textAnchor="end" fill="currentColor">
                {r.label.length > 46 ? `${r.label.slice(0, 45)}…` : r.label}
              </text>
              {r.low !== null && r.high !== null && (
                <>
                  <line x1={x(r.low)} x2={x(r.high)} y1={y} y2={y} stroke={color} strokeWidth={2} />
                  <line x1={x(r.low)} x2={x(r.low)} y1={y - 5} y2={y + 5} stroke={color} strokeWidth={2} />
                  <line x1={x(r.high)} x2={x(r.high)} y1={y - 5} y2={y + 5} stroke={color} strokeWidth={2} />
                </>
              )}
              <circle cx={x(r.point)} cy={y} r={4.5} fill={color} />
            </g>
          )
        })}
      </svg>
      <Text size="xs" c="dimmed">
        Points of difference (percentage points for shares; F1, precision, recall, ROUGE-L and chrF × 100), turned so that right is always better;
        whiskers are 95% paired bootstrap intervals. Counts per report (invented numbers, unknown evidence ids) are in the table only.
      </Text>
    </Stack>
  )
}
