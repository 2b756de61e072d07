// The quality report: counts per kind and condition against a minimum, class balance, reason codes, token lengths.
import type { RowType } from './rows'
import type { Split } from './hygiene/split'

export interface QualityInput {
  kind: string
  conditions: readonly string[]
  outcome: string
  overallSeverity: string
  reasonCodes: readonly string[]
  split: Split
  /** Tokens of the prompt plus the longest target of the item. */
  tokens: number
  rows: readonly RowType[]
}

export interface TokenStats {
  count: number
  min: number | null
  max: number | null
  mean: number | null
  /** From a histogram of 32-token buckets: the upper edge of the bucket holding the percentile. */
  p50: number | null
  p95: number | null
  contextSize: number
  droppedTooLong: number
  /** 'tokenizer': the selected base model's tokenizer; 'estimated': characters ÷ 3 (see `counter`). */
  method: 'tokenizer' | 'estimated'
  /** Which tokenizer counted, or why the estimate was used. */
  counter: string
}

export interface QualityReport {
  minimumPerCondition: number
  items: number
  rows: Record<RowType, number>
  perSplit: Record<Split, number>
  perKind: { kind: string; count: number; belowMinimum: boolean }[]
  perCondition: { condition: string; count: number; belowMinimum: boolean }[]
  outcomes: Record<string, number>
  overallSeverity: Record<string, number>
  reasonCodes: Record<string, number>
  tokens: TokenStats
  warnings: string[]
}

const BUCKET = 32

const inc = (m: Map<string, number> | Record<string, number>, k: string, by = 1) => {
  if (m instanceof Map) m.set(k, (m.get(k) ?? 0) + by)
  else m[k] = (m[k] ?? 0) + by
}

function sorted(m: Map<string, number>): [string, number][] {
  return [...m].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
}

/** Accumulates item by item in memory bounded by the number of kinds, conditions and 32-token buckets. */
export class QualityAccumulator {
  private items = 0
  private readonly rows: Record<RowType, number> = { sft: 0, preference: 0, unpaired: 0 }
  private readonly perSplit: Record<Split, number> = { train: 0, validation: 0, test: 0 }
  private readonly kinds = new Map<string, number>()
  private readonly conditions = new Map<string, number>()
  private readonly outcomes: Record<string, number> = {}
  private readonly severity: Record<string, number> = {}
  private readonly reasons: Record<string, number> = {}
  private readonly histogram = new Map<number, number>()
  private tokenSum = 0
  private tokenMin: number | null = null
  private tokenMax: number | null = null
  private tooLong = 0

  constructor(
    private readonly minimum: number,
    private readonly contextSize: number,
    private readonly counting: Pick<TokenStats, 'method' | 'counter'>,
  ) {}

  /** Counts an item that would not fit the context (it is dropped). */
  droppedTooLong(): void {
    this.tooLong++
  }

  add(q: QualityInput): void {
    this.items++
    for (const r of q.rows) this.rows[r]++
    this.perSplit[q.split]++
    inc(this.kinds, q.kind)
    for (const c of new Set(q.conditions)) inc(this.conditions, c)
    inc(this.outcomes, q.outcome)
    inc(this.severity, q.overallSeverity)
    for (const r of new Set(q.reasonCodes)) inc(this.reasons, r)
    this.tokenSum += q.tokens
    this.tokenMin = this.tokenMin === null ? q.tokens : Math.min(this.tokenMin, q.tokens)
    this.tokenMax = this.tokenMax === null ? q.tokens : Math.max(this.tokenMax, q.tokens)
    const b = Math.floor(q.tokens / BUCKET)
    this.histogram.set(b, (this.histogram.get(b) ?? 0) + 1)
  }

  private percentile(p: number): number | null {
    if (this.items === 0) return null
    const rank = Math.ceil((p / 100) * this.items)
    let seen = 0
    for (const b of [...this.histogram.keys()].sort((x, y) => x - y)) {
      seen += this.histogram.get(b) ?? 0
      if (seen >= rank) return Math.min((b + 1) * BUCKET - 1, this.tokenMax ?? 0)
    }
    return this.tokenMax
  }

  finish(): QualityReport {
    const perKind = sorted(this.kinds).map(([kind, count]) => ({ kind, count, belowMinimum: count < this.minimum }))
    const perCondition = sorted(this.conditions).map(([condition, count]) => ({ condition, count, belowMinimum: count < this.minimum }))
    const warnings: string[] = []
    for (const k of perKind) if (k.belowMinimum) warnings.push(`kind ${k.kind}: ${k.count} examples, below the minimum of ${this.minimum}`)
    for (const c of perCondition) if (c.belowMinimum) warnings.push(`condition ${c.condition}: ${c.count} examples, below the minimum of ${this.minimum}`)
    const estimated = this.counting.method === 'estimated' ? ' (estimated token counts)' : ''
    if (this.tooLong > 0) warnings.push(`${this.tooLong} items dropped: longer than the context of ${this.contextSize} tokens${estimated}`)
    if (this.counting.method === 'estimated' && this.items + this.tooLong > 0) warnings.push(`token lengths are ${this.counting.counter}`)
    if (this.items > 0 && this.perSplit.test === 0) warnings.push('the test split is empty: too few patients for the ratios')
    return {
      minimumPerCondition: this.minimum,
      items: this.items,
      rows: { ...this.rows },
      perSplit: { ...this.perSplit },
      perKind,
      perCondition,
      outcomes: { ...this.outcomes },
      overallSeverity: { ...this.severity },
      reasonCodes: { ...this.reasons },
      tokens: {
        count: this.items,
        min: this.tokenMin,
        max: this.tokenMax,
        mean: this.items === 0 ? null : Math.round(this.tokenSum / this.items),
        p50: this.percentile(50),
        p95: this.percentile(95),
        contextSize: this.contextSize,
        droppedTooLong: this.tooLong,
        method: this.counting.method,
        counter: this.counting.counter,
      },
      warnings,
    }
  }
}
