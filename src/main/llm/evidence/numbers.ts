// Finds the numbers a text states, with their units, skipping what is not a measurement (ids, dates, codes, ordinals).

export interface StatedNumber {
  value: number
  /** Digits after the decimal point as written: "5.10" has 2. Sets how much rounding is allowed. */
  decimals: number
  /** The number as written, with its unit when one follows. */
  text: string
  index: number
  /** The unit written after it, in UCUM; null when none is recognised. */
  unit: string | null
  /** "4,032" may be a thousands group or a list ("4,032" vs "120,150"): the parts, tried when the whole fails. */
  parts: number[] | null
}

// Spans that contain digits but state no measurement. Replaced by spaces so indices stay put.
const MASKS: readonly RegExp[] = [
  // ISO dates and date-times.
  /\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?/g,
  // Numeric dates with three parts (12/04/2024, 12.04.24); two parts ("120/80") are values.
  /(?<![\d.])\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}(?![\d.])/g,
  // Clock times.
  /(?<![\d.])\d{1,2}:\d{2}(?::\d{2})?(?![\d.])/g,
  // Dates with month names: "3 March 2024", "March 3, 2024", "Mar 2024".
  /\b\d{1,2}(?:st|nd|rd|th)?\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?(?:,?\s+\d{4})?\b/gi,
  /\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?\b/gi,
  /\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{4}\b/gi,
  // LOINC codes: digits, hyphen, one check digit ("2823-3").
  /(?<![\d.])\d{3,7}-\d(?![\d.])/g,
  // Ordinals: "1st", "3rd".
  /\b\d+(?:st|nd|rd|th)\b/gi,
  // Compound modifiers: "12-lead", "24-hour", "14-day".
  /(?<![\d.])\d+-(?=\p{L})/gu,
  // Powers of ten inside units: "x10^9/L", "10*9/L", "10⁹/L".
  /(?:[x×*]\s?)?10\s?(?:\^|\*\*?|[eE])\s?-?\d{1,2}(?=\s?\/)/g,
  /(?:[x×*]\s?)?10[⁰¹²³⁴⁵⁶⁷⁸⁹]+/g,
]

// A number not glued to a letter or digit before it ("V1", "SpO2", "O12", "HbA1c" are names and ids).
// The sign counts only at the start or after a space or bracket: in "3.5-5.1" the hyphen is a dash.
const NUMBER = /(?<![\p{L}\p{N}._\\])(?:(?<=^|[\s([{])([-−+]))?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?![\p{N}])/gu

const SUPERSCRIPT: Readonly<Record<string, string>> = { '⁰': '0', '¹': '1', '²': '2', '³': '3', '⁴': '4', '⁵': '5', '⁶': '6', '⁷': '7', '⁸': '8', '⁹': '9' }

// Unit spellings a draft may use, to UCUM. A closed list: UCUM itself accepts words like "at" or "a".
const UNITS: ReadonlyMap<string, string> = new Map([
  ['%', '%'],
  ['mmol/L', 'mmol/L'], ['mmol/l', 'mmol/L'], ['mmol/mol', 'mmol/mol'],
  ['umol/L', 'umol/L'], ['µmol/L', 'umol/L'], ['μmol/L', 'umol/L'], ['umol/l', 'umol/L'], ['µmol/l', 'umol/L'],
  ['nmol/L', 'nmol/L'], ['pmol/L', 'pmol/L'],
  ['mEq/L', 'meq/L'], ['meq/L', 'meq/L'], ['mEq/l', 'meq/L'], ['meq/l', 'meq/L'],
  ['mg/dL', 'mg/dL'], ['mg/dl', 'mg/dL'], ['g/dL', 'g/dL'], ['g/dl', 'g/dL'], ['g/L', 'g/L'], ['g/l', 'g/L'],
  ['mg/L', 'mg/L'], ['mg/l', 'mg/L'], ['ng/L', 'ng/L'], ['ng/l', 'ng/L'], ['ng/mL', 'ng/mL'], ['ng/ml', 'ng/mL'],
  ['pg/mL', 'pg/mL'], ['pg/ml', 'pg/mL'], ['ug/L', 'ug/L'], ['µg/L', 'ug/L'],
  ['U/L', 'U/L'], ['IU/L', '[IU]/L'], ['[IU]/L', '[IU]/L'],
  ['ms', 'ms'], ['msec', 'ms'], ['sec', 's'], ['seconds', 's'],
  ['min', 'min'], ['mins', 'min'], ['minutes', 'min'], ['minute', 'min'],
  ['h', 'h'], ['hours', 'h'], ['hour', 'h'], ['day', 'd'], ['days', 'd'], ['d', 'd'],
  ['week', 'wk'], ['weeks', 'wk'], ['month', 'mo'], ['months', 'mo'],
  ['bpm', '/min'], ['/min', '/min'], ['beats/min', '/min'], ['breaths/min', '/min'], ['min-1', '/min'],
  ['mmHg', 'mm[Hg]'], ['mmhg', 'mm[Hg]'], ['mm[Hg]', 'mm[Hg]'], ['kPa', 'kPa'], ['cmH2O', 'cm[H2O]'],
  ['L', 'L'], ['mL', 'mL'], ['ml', 'mL'], ['L/s', 'L/s'], ['L/min', 'L/min'],
  ['°', 'deg'], ['deg', 'deg'], ['degrees', 'deg'], ['degree', 'deg'],
  ['°C', 'Cel'], ['Cel', 'Cel'], ['kg', 'kg'], ['cm', 'cm'], ['fL', 'fL'], ['fl', 'fL'], ['pg', 'pg'],
  ['10*9/L', '10*9/L'], ['10*3/uL', '10*3/uL'], ['10*12/L', '10*12/L'], ['/uL', '/uL'], ['/µL', '/uL'],
  ['K/uL', '10*3/uL'], ['K/µL', '10*3/uL'],
  ['{INR}', '{INR}'],
])

const POWER_UNIT = /^(?:[x×*]\s?)?10\s?(?:\^|\*\*?|[eE])?\s?(\d{1,2}|[⁰¹²³⁴⁵⁶⁷⁸⁹]+)\s?\/\s?([munpµμ]?)[lL](?![\p{L}])/u
const MM_HG = /^mm\s+Hg(?![\p{L}])/iu
const TOKEN = /^[^\s,;:()[\]]+/

/** The unit written at the start of `rest` (after at most one space), in UCUM, with its length. */
function unitAt(rest: string): { ucum: string; length: number } | null {
  const space = /^[ \u00a0\u202f]?/.exec(rest)?.[0].length ?? 0
  const s = rest.slice(space)
  const power = POWER_UNIT.exec(s)
  if (power) {
    const exponent = (power[1] ?? '').replace(/./g, (c) => SUPERSCRIPT[c] ?? c)
    const prefix = (power[2] ?? '').replace(/[µμ]/, 'u')
    return { ucum: `10*${exponent}/${prefix}L`, length: space + power[0].length }
  }
  const mmHg = MM_HG.exec(s)
  if (mmHg) return { ucum: 'mm[Hg]', length: space + mmHg[0].length }
  const token = TOKEN.exec(s)?.[0]
  if (token === undefined) return null
  // Sentence punctuation may cling to the unit ("5.1 mmol/L."); "%" may be followed by anything.
  for (const candidate of [token, token.replace(/[.!?]+$/, ''), token.startsWith('%') ? '%' : null, token.startsWith('°') ? '°' : null]) {
    if (candidate === null) continue
    const ucum = UNITS.get(candidate)
    if (ucum !== undefined) return { ucum, length: space + candidate.length }
  }
  return null
}

/** Units of time: a number in one is a duration ("repeat in 2 hours"). */
export const TIME_UNITS: ReadonlySet<string> = new Set(['s', 'min', 'h', 'd', 'wk', 'mo'])

function mask(text: string): string {
  let masked = text
  for (const re of MASKS) masked = masked.replace(re, (m) => ' '.repeat(m.length))
  return masked
}

/** Four-digit integers that read as years ("since 2019"), when no unit follows. */
function isYear(value: number, decimals: number, unit: string | null): boolean {
  return unit === null && decimals === 0 && value >= 1900 && value <= 2100
}

/** Every number the text states as a measurement, in order. */
export function extractNumbers(text: string): StatedNumber[] {
  const masked = mask(text)
  const found: StatedNumber[] = []
  for (const m of masked.matchAll(NUMBER)) {
    const [whole, sign, int = '', frac] = m
    const index = m.index
    const decimals = frac?.length ?? 0
    const negative = sign === '-' || sign === '−'
    const digits = `${int.replace(/,/g, '')}${frac !== undefined ? `.${frac}` : ''}`
    const value = (negative ? -1 : 1) * Number(digits)
    const unit = unitAt(text.slice(index + whole.length))
    if (isYear(value, decimals, unit?.ucum ?? null)) continue
    const parts = int.includes(',') ? int.split(',').map(Number) : null
    found.push({
      value,
      decimals,
      text: text.slice(index, index + whole.length + (unit?.length ?? 0)),
      index,
      unit: unit?.ucum ?? null,
      parts,
    })
  }
  return found
}
