// Per-report values of one metric for two versions on the same reports: the input of the paired statistics.

/**
 * One metric for a baseline (a) and a candidate (b) on the same reports, index i being the same
 * report in every array. A version's statistic is Σ num / Σ den: without denominators every report
 * counts 1 and the statistic is the mean; with them it is a ratio of sums (corrected findings over
 * drafted findings), which weights reports by their number of findings.
 */
export interface PairedSeries {
  a: ArrayLike<number>
  b: ArrayLike<number>
  aDen?: ArrayLike<number>
  bDen?: ArrayLike<number>
}

/** Checks that the arrays are paired (same length) and finite; throws a RangeError naming the problem. */
export function checkSeries(s: PairedSeries, name = 'series'): number {
  const n = s.a.length
  const arrays: [string, ArrayLike<number> | undefined][] = [['a', s.a], ['b', s.b], ['aDen', s.aDen], ['bDen', s.bDen]]
  for (const [label, arr] of arrays) {
    if (arr === undefined) continue
    if (arr.length !== n) throw new RangeError(`${name}.${label} has ${arr.length} values, ${name}.a has ${n}: the comparison must be paired`)
    for (let i = 0; i < arr.length; i++) {
      const v = arr[i] as number
      if (!Number.isFinite(v)) throw new RangeError(`${name}.${label}[${i}] is ${v}, not a finite number`)
      if (label.endsWith('Den') && v < 0) throw new RangeError(`${name}.${label}[${i}] is negative`)
    }
  }
  return n
}

/** Σ num / Σ den over all reports (den defaults to 1 each); NaN when the denominators sum to 0. */
export function statistic(num: ArrayLike<number>, den?: ArrayLike<number>): number {
  let sn = 0
  let sd = 0
  for (let i = 0; i < num.length; i++) {
    sn += num[i] as number
    sd += den === undefined ? 1 : (den[i] as number)
  }
  return sd === 0 ? Number.NaN : sn / sd
}

/** Candidate minus baseline over all reports. */
export function difference(s: PairedSeries): number {
  return statistic(s.b, s.bDen) - statistic(s.a, s.aDen)
}
