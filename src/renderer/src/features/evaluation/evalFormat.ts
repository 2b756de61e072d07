// How the Evaluation page writes metric values, differences with their intervals, p-values, verdicts and time left.

/** binary and ratio metrics are shares of reports or findings (shown as percent); continuous ones are means per report. */
export type MetricKind = 'binary' | 'continuous' | 'ratio'
export type Verdict = 'better' | 'worse' | 'no clear difference' | 'unclear'

const MINUS = '−'

function signed(text: string, x: number): string {
  if (x > 0) return `+${text}`
  if (x < 0) return `${MINUS}${text}`
  return text
}

/** Rounds to `digits` decimals and drops the sign of a value that rounds to zero (no "−0.0"). */
function fixed(x: number, digits: number): { text: string; sign: number } {
  const r = Number(Math.abs(x).toFixed(digits))
  return { text: r.toFixed(digits), sign: r === 0 ? 0 : Math.sign(x) }
}

const isPercent = (kind: MetricKind) => kind !== 'continuous'

/** A version's value: "12.5%" for shares, "0.812" for means; "—" when undefined (no reports, no findings). */
export function formatMetricValue(kind: MetricKind, value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '—'
  return isPercent(kind) ? `${fixed(value * 100, 1).text}%` : fixed(value, 3).text
}

/** Candidate − baseline, signed: "+2.5 pp" for shares (percentage points), "−0.040" for means. */
export function formatDifference(kind: MetricKind, difference: number | null): string {
  if (difference === null || !Number.isFinite(difference)) return '—'
  const { text, sign } = isPercent(kind) ? fixed(difference * 100, 1) : fixed(difference, 3)
  return signed(text, sign) + (isPercent(kind) ? ' pp' : '')
}

/** Interval ends are null where the stored analysis had no number (NaN). */
export interface IntervalLike {
  low: number | null
  high: number | null
  level: number
}

/** "95% CI −1.0 to +4.5 pp"; "no interval" when there is none (a subgroup too small) or it could not be computed. */
export function formatInterval(kind: MetricKind, interval: IntervalLike | null): string {
  if (interval === null || interval.low === null || interval.high === null || !Number.isFinite(interval.low) || !Number.isFinite(interval.high)) return 'no interval'
  const unit = isPercent(kind) ? ' pp' : ''
  const end = (x: number) => formatDifference(kind, x).replace(/ pp$/, '')
  return `${Math.round(interval.level * 100)}% CI ${end(interval.low)} to ${end(interval.high)}${unit}`
}

/** "p < 0.001", "p = 0.012", "p = 0.43", "p = 1"; "—" without a test. Two significant digits are what the tests support. */
export function formatPValue(p: number | null): string {
  if (p === null || !Number.isFinite(p)) return '—'
  if (p < 0.001) return 'p < 0.001'
  if (p >= 0.995) return 'p = 1'
  return `p = ${Number(p.toPrecision(2)).toString()}`
}

export type TestLike = { name: 'mcnemar-exact' } | { name: 'approximate-randomisation'; exact: boolean } | null

/** The test's name as a reader knows it. */
export function testName(test: TestLike): string {
  if (test === null) return 'no test'
  if (test.name === 'mcnemar-exact') return "McNemar's exact test"
  return test.exact ? 'paired randomisation (exact)' : 'paired approximate randomisation'
}

/** Mantine colour of a verdict: green better, red worse, grey otherwise (no colour claims what the data do not show). */
export function verdictColor(v: Verdict): 'green' | 'red' | 'gray' {
  return v === 'better' ? 'green' : v === 'worse' ? 'red' : 'gray'
}

export function verdictLabel(v: Verdict): string {
  return v === 'unclear' ? 'no interval' : v
}

/** "under a minute left", "about 4 min left", "about 1 h 05 min left"; null (not yet known) → "estimating time left". */
export function formatTimeLeft(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return 'estimating time left'
  if (seconds < 60) return 'under a minute left'
  const minutes = Math.round(seconds / 60)
  if (minutes < 60) return `about ${minutes} min left`
  return `about ${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min left`
}

/** A mean, median or p95 of a cost figure: whole numbers for tokens and milliseconds, one decimal for tokens per second. */
export function formatCost(value: number | null, digits = 0): string {
  if (value === null || !Number.isFinite(value)) return '—'
  return value.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits })
}
