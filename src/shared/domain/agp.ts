// Ambulatory Glucose Profile metrics (Battelino et al. 2019 ranges, Bergenstal 2018 GMI); pure, runtime-neutral.

export interface GlucoseReading {
  /** Epoch milliseconds. Local times without offset may be passed as if UTC: only differences matter. */
  t: number
  mgdl: number
}

export interface AgpOptions {
  /** The sensor's reading interval: 5 min (Dexcom), 15 min (Libre historic). Inferred when absent. */
  expectedIntervalMin?: number
}

export interface AgpMetrics {
  readingCount: number
  /** First and last reading, epoch ms. */
  first: number
  last: number
  meanMgdl: number
  /** Sample standard deviation (n − 1), mg/dL. */
  sdMgdl: number
  cvPct: number
  /** Glucose management indicator: 3.31 + 0.02392 × mean (mg/dL). */
  gmiPct: number
  /** Shares of readings, %: below 54; 54–69; 70–180 (in range, inclusive); 181–250; above 250. */
  tbrLt54Pct: number
  tbr54to69Pct: number
  tir70to180Pct: number
  tar181to250Pct: number
  tarGt250Pct: number
  /** Below 70 (= the two TBR bands) and above 180 (= the two TAR bands), %. */
  tbrLt70Pct: number
  tarGt180Pct: number
  /** Span from the first reading to one interval after the last, in days. */
  days: number
  intervalMin: number
  /** Readings received / readings expected over the span at the interval, capped at 100 %. */
  wearPct: number
  /** Battelino 2019: at least 14 days with at least 70 % sensor wear. */
  sufficientData: boolean
}

const DAY_MS = 86_400_000
const MINUTE_MS = 60_000

/** Median gap between consecutive readings, in whole minutes (at least 1). */
function inferIntervalMin(sortedTimes: number[]): number {
  const gaps: number[] = []
  for (let i = 1; i < sortedTimes.length; i++) {
    const gap = (sortedTimes[i] ?? 0) - (sortedTimes[i - 1] ?? 0)
    if (gap > 0) gaps.push(gap)
  }
  if (gaps.length === 0) return 5
  gaps.sort((a, b) => a - b)
  const median = gaps[Math.floor(gaps.length / 2)] ?? MINUTE_MS
  return Math.max(1, Math.round(median / MINUTE_MS))
}

/**
 * AGP summary of CGM readings. Range shares are shares of readings (equivalent to time when
 * readings are regular). Boundaries follow Battelino 2019 on integer mg/dL values:
 * <54, 54–69 (i.e. <70), 70–180 inclusive, 181–250 (i.e. >180 and ≤250), >250.
 * Values are rounded to whole mg/dL before classifying because readings converted from mmol/L
 * land just beside the boundaries (10.0 mmol/L = 180.16 mg/dL is in range in both units).
 * Mean and SD use the unrounded values.
 * Throws RangeError for no readings: there is nothing to summarise.
 */
export function computeAgp(readings: readonly GlucoseReading[], opts: AgpOptions = {}): AgpMetrics {
  const valid = readings.filter((r) => Number.isFinite(r.t) && Number.isFinite(r.mgdl))
  if (valid.length === 0) throw new RangeError('computeAgp needs at least one reading')
  const times = valid.map((r) => r.t).sort((a, b) => a - b)
  const n = valid.length

  let sum = 0
  let lt54 = 0
  let lt70 = 0
  let le180 = 0
  let le250 = 0
  for (const { mgdl } of valid) {
    sum += mgdl
    const g = Math.round(mgdl)
    if (g < 54) lt54++
    if (g < 70) lt70++
    if (g <= 180) le180++
    if (g <= 250) le250++
  }
  const mean = sum / n
  let squares = 0
  for (const { mgdl } of valid) squares += (mgdl - mean) ** 2
  const sd = n > 1 ? Math.sqrt(squares / (n - 1)) : 0

  const pct = (count: number): number => (count / n) * 100
  const first = times[0] ?? 0
  const last = times[times.length - 1] ?? 0
  const intervalMin = opts.expectedIntervalMin ?? inferIntervalMin(times)
  const intervalMs = intervalMin * MINUTE_MS
  const spanMs = last - first + intervalMs
  const expected = spanMs / intervalMs
  const wearPct = Math.min(100, (n / expected) * 100)
  const days = spanMs / DAY_MS

  return {
    readingCount: n,
    first,
    last,
    meanMgdl: mean,
    sdMgdl: sd,
    cvPct: mean > 0 ? (sd / mean) * 100 : 0,
    gmiPct: 3.31 + 0.02392 * mean,
    tbrLt54Pct: pct(lt54),
    tbr54to69Pct: pct(lt70 - lt54),
    tir70to180Pct: pct(le180 - lt70),
    tar181to250Pct: pct(le250 - le180),
    tarGt250Pct: pct(n - le250),
    tbrLt70Pct: pct(lt70),
    tarGt180Pct: pct(n - le180),
    days,
    intervalMin,
    wearPct,
    sufficientData: days >= 14 && wearPct >= 70,
  }
}

/** The metrics as the flat name → number record ParsedReport.metrics holds. */
export function agpMetricsRecord(m: AgpMetrics): Record<string, number> {
  return {
    'agp.readings': m.readingCount,
    'agp.mean_mgdl': m.meanMgdl,
    'agp.sd_mgdl': m.sdMgdl,
    'agp.cv_pct': m.cvPct,
    'agp.gmi_pct': m.gmiPct,
    'agp.tbr_lt54_pct': m.tbrLt54Pct,
    'agp.tbr_54_69_pct': m.tbr54to69Pct,
    'agp.tbr_lt70_pct': m.tbrLt70Pct,
    'agp.tir_70_180_pct': m.tir70to180Pct,
    'agp.tar_181_250_pct': m.tar181to250Pct,
    'agp.tar_gt250_pct': m.tarGt250Pct,
    'agp.tar_gt180_pct': m.tarGt180Pct,
    'agp.days': m.days,
    'agp.interval_min': m.intervalMin,
    'agp.wear_pct': m.wearPct,
  }
}
