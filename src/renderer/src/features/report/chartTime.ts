// Time axes for the report charts: x values in epoch ms, ticks and tooltips readable for the span shown.
import type { XAxisProps } from 'recharts'

const pad = (n: number) => String(n).padStart(2, '0')

/**
 * X position of a device time: the clock time as the device wrote it, any UTC offset ignored, so the axis reads the
 * same as the times in the tables and the raw message (converting would shift readings by the workstation's zone).
 */
export function wallClockMs(iso: string | null | undefined): number {
  if (!iso) return NaN
  const m = /^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?/.exec(iso)
  if (!m) return NaN
  return Date.parse(`${m[1]}${m[2] ?? 'T00:00:00'}`)
}

export function formatTick(ms: number, spanMs: number): string {
  const d = new Date(ms)
  const date = `${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}`
  if (spanMs <= 36 * 3600_000) return time
  if (spanMs <= 10 * 86_400_000) return `${date} ${time}`
  return spanMs > 330 * 86_400_000 ? `${d.getFullYear()}-${date}` : date
}

export function formatTooltipTime(ms: number): string {
  const d = new Date(ms)
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/** Props for a proportional time x-axis over the given points. */
export function timeAxis(times: number[]): Omit<XAxisProps, 'ref'> {
  let min = Infinity
  let max = -Infinity
  for (const t of times) {
    if (t < min) min = t
    if (t > max) max = t
  }
  const span = max - min
  return {
    type: 'number',
    scale: 'time',
    domain: span > 0 ? [min, max] : [min - 3600_000, max + 3600_000],
    tickFormatter: (v: number) => formatTick(v, span),
    minTickGap: 24,
  }
}

export const timeTooltip = {
  labelFormatter: (label: unknown) => (typeof label === 'number' ? formatTooltipTime(label) : String(label)),
}
