// Three-valued comparisons of a reported value against a limit, honouring comparators ("<0.5", ">400") conservatively.

/** The comparator of a value reported as a bound: '' for a plain value. */
export type Comparator = '' | '<' | '<=' | '>' | '>='

export type Tri = 'yes' | 'no' | 'unknown'

const COMPARATORS: Readonly<Record<string, Comparator>> = {
  '': '',
  '=': '',
  '<': '<',
  '<=': '<=',
  '≤': '<=',
  '>': '>',
  '>=': '>=',
  '≥': '>=',
}

/** The comparator in canonical form, or undefined for one we do not understand (never guessed). */
export function parseComparator(raw: string | null): Comparator | undefined {
  return raw === null ? '' : COMPARATORS[raw.trim()]
}

// A reported value with comparator c and number v stands for an unknown true value t:
// '' t = v; '>' t > v; '>=' t ≥ v; '<' t < v; '<=' t ≤ v. Answer 'unknown' whenever t may fall on either side.

/** Is t above x (t > x), or at or above it (t ≥ x) when inclusive? */
export function isAbove(v: number, c: Comparator, x: number, inclusive: boolean): Tri {
  switch (c) {
    case '':
      return (inclusive ? v >= x : v > x) ? 'yes' : 'no'
    case '>':
      return v >= x ? 'yes' : 'unknown'
    case '>=':
      return (inclusive ? v >= x : v > x) ? 'yes' : 'unknown'
    case '<':
      return v <= x ? 'no' : 'unknown'
    case '<=':
      return (inclusive ? v < x : v <= x) ? 'no' : 'unknown'
  }
}

/** Is t below x (t < x), or at or below it (t ≤ x) when inclusive? */
export function isBelow(v: number, c: Comparator, x: number, inclusive: boolean): Tri {
  switch (c) {
    case '':
      return (inclusive ? v <= x : v < x) ? 'yes' : 'no'
    case '<':
      return v <= x ? 'yes' : 'unknown'
    case '<=':
      return (inclusive ? v <= x : v < x) ? 'yes' : 'unknown'
    case '>':
      return v >= x ? 'no' : 'unknown'
    case '>=':
      return (inclusive ? v > x : v >= x) ? 'no' : 'unknown'
  }
}

/** "≤", "<", ">", "≥" for messages. */
export function symbol(direction: 'above' | 'below', inclusive: boolean): string {
  if (direction === 'above') return inclusive ? '≥' : '>'
  return inclusive ? '≤' : '<'
}

/** "at or below", "below", "above", "at or above" for messages. */
export function words(direction: 'above' | 'below', inclusive: boolean): string {
  return inclusive ? `at or ${direction}` : direction
}
