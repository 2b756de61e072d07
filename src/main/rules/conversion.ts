// Brings observation values into the unit a rule's thresholds are written in, with the conversion cached per source unit.
import { convert, type ConvertOptions } from '../ingest/units'

// A factor, or 'special' for non-proportional scales (temperature), or null when not commensurable.
type Conversion = number | 'special' | null

// Binary floating point turns 2.8 meq/L into 2.8000000000000003 mmol/L: boundaries must not move.
function tidy(value: number): number {
  return Number(value.toPrecision(12))
}

/** The unit (UCUM) one rule compares in for one code, with that code's molar mass and charge. */
export class UnitTarget {
  readonly unit: string
  private readonly opts: ConvertOptions
  // Few distinct source units reach one rule: this map stays tiny and saves a string key per call.
  private readonly cache = new Map<string, Conversion>()

  constructor(unit: string, opts: ConvertOptions) {
    this.unit = unit
    this.opts = opts
  }

  private conversionFrom(fromUcum: string): Conversion {
    const cached = this.cache.get(fromUcum)
    if (cached !== undefined) return cached
    let conversion: Conversion
    const one = convert(1, fromUcum, this.unit, this.opts)
    if (one === null) conversion = null
    else {
      const zero = convert(0, fromUcum, this.unit, this.opts)
      const thousand = convert(1000, fromUcum, this.unit, this.opts)
      const proportional = zero === 0 && thousand !== null && Math.abs(thousand - 1000 * one) <= 1e-9 * Math.abs(thousand)
      conversion = proportional ? one : 'special'
    }
    this.cache.set(fromUcum, conversion)
    return conversion
  }

  /** The value in this unit; null when the source unit cannot be converted to it. */
  convert(value: number, fromUcum: string): number | null {
    if (fromUcum === this.unit) return value
    const conversion = this.conversionFrom(fromUcum)
    if (conversion === null) return null
    if (conversion === 'special') return convert(value, fromUcum, this.unit, this.opts)
    return conversion === 1 ? value : tidy(value * conversion)
  }

  /** Whether values in the source unit can be brought to this unit at all. */
  accepts(fromUcum: string): boolean {
    return fromUcum === this.unit || this.conversionFrom(fromUcum) !== null
  }
}
