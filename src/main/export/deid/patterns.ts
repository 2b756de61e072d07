// Generic identifier patterns (any patient): e-mail, URL, IP, SSN, phone, full dates in common formats, ages over 89.
import type { DeidCategory } from './categories'

/** A pattern and what replaces a match (a function gets the match and its groups). */
export interface GenericPattern {
  category: DeidCategory
  /** A cheap test without look-behinds: when it fails, `pattern` cannot match and is not run (most text has no identifiers). */
  gate: RegExp
  pattern: RegExp
  /** Returns the replacement, or null when the match is not an identifier after all (an impossible date). */
  replace: (match: string, groups: (string | undefined)[]) => string | null
}

const MONTH = '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)'
const B = '(?<![\\p{L}\\p{N}])'
const E = '(?![\\p{L}\\p{N}])'

function validDay(month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= 31
}

const keep = (replacement: string) => () => replacement

// E-mail without \p{…} classes (Latin letters and digits): the Unicode classes made it the slowest pattern by far.
export const GENERIC_PATTERNS: readonly GenericPattern[] = [
  { category: 'email', gate: /@/, pattern: /(?<![\w\u00c0-\u024f._%+-])[\w\u00c0-\u024f._%+-]+@[\w\u00c0-\u024f-]+(?:\.[\w\u00c0-\u024f-]+)+/g, replace: keep('[EMAIL]') },
  { category: 'url', gate: /:\/\/|www\./i, pattern: /\b(?:https?:\/\/|ftp:\/\/|www\.)[^\s"'<>\\]+/giu, replace: keep('[URL]') },
  { category: 'ip_address', gate: /\d\.\d{1,3}\.\d{1,3}\.\d/, pattern: new RegExp(`${B}(?:(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)${E}`, 'gu'), replace: keep('[IP]') },
  { category: 'ssn', gate: /\d{3}-\d{2}-\d{4}/, pattern: new RegExp(`${B}\\d{3}-\\d{2}-\\d{4}${E}`, 'gu'), replace: keep('[SSN]') },
  // ISO dates and date-times → the year.
  {
    category: 'date', gate: /\d{4}-\d{2}-\d{2}/,
    pattern: new RegExp(`${B}(\\d{4})-(\\d{2})-(\\d{2})(?:[T ]\\d{2}:\\d{2}(?::\\d{2}(?:[.,]\\d+)?)?(?:Z|[+-]\\d{2}:?\\d{2})?)?${E}`, 'gu'),
    replace: (_m, g) => (validDay(Number(g[1]), Number(g[2])) ? (g[0] ?? '[DATE]') : null),
  },
  // HL7 / compact timestamps (YYYYMMDD[HHMM[SS]]) → the year.
  {
    category: 'date', gate: /(?:19|20)\d{6}/,
    pattern: /(?<!\d)((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?:\d{4}(?:\d{2}(?:\.\d+)?)?(?:[+-]\d{4})?)?(?!\d)/gu,
    replace: (_m, g) => g[0] ?? '[DATE]',
  },
  // 2024/03/05, 2024.03.05 → the year.
  {
    category: 'date', gate: /\d{4}[./]\d{1,2}[./]\d/,
    pattern: new RegExp(`${B}(\\d{4})([./])(\\d{1,2})\\2(\\d{1,2})${E}`, 'gu'),
    replace: (_m, g) => (validDay(Number(g[2]), Number(g[3])) ? (g[0] ?? '[DATE]') : null),
  },
  // 05/03/2024, 3-5-24, 05.03.2024 (day or month first) → the year when it has four digits, else [DATE].
  {
    category: 'date', gate: /\d[./-]\d{1,2}[./-]\d\d/,
    pattern: new RegExp(`${B}(\\d{1,2})([./-])(\\d{1,2})\\2(\\d{4}|\\d{2})${E}`, 'gu'),
    replace: (_m, g) => {
      const a = Number(g[0])
      const b = Number(g[2])
      if (!(validDay(a, b) || validDay(b, a))) return null
      return g[3]?.length === 4 ? g[3] : '[DATE]'
    },
  },
  // 5 March 2024, 5. Mar. 2024, 05-Mar-2024 → the year.
  { category: 'date', gate: /\d\.?[\s-]+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d/i, pattern: new RegExp(`${B}\\d{1,2}(?:st|nd|rd|th)?\\.?[\\s-]+${MONTH}\\.?[\\s,-]+(\\d{4}|\\d{2})${E}`, 'giu'), replace: (_m, g) => (g[0]?.length === 4 ? g[0] : '[DATE]') },
  // March 5, 2024 / Mar 5 2024 → the year.
  { category: 'date', gate: /\d\.?[\s-]+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d/i, pattern: new RegExp(`${B}${MONTH}\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+(\\d{4})${E}`, 'giu'), replace: (_m, g) => g[0] ?? '[DATE]' },
  // Phone numbers: international (+CC …), a bracketed area code, North-American 3-3-4, or after a label.
  {
    category: 'phone', gate: /\b(?:tel|phone|fax|mobile|cell|telefon)\b|\+\d|(?<!\d)00\d|\(\d{2,5}\)|\d{3}[\s.-]\d{3}[\s.-]\d{4}/i,
    pattern: new RegExp(
      `(?:(?:tel|phone|fax|mobile|cell|telefon)\\.?:?\\s*\\+?\\d[\\d\\s()./-]{5,}\\d|(?:\\+|${B}00)\\d{1,3}(?:[\\s.-]?\\(?\\d{1,5}\\)?){2,5}\\d${E}|${B}\\(\\d{2,5}\\)\\s?\\d{3,4}[\\s.-]?\\d{3,5}${E}|${B}\\d{3}[\\s.-]\\d{3}[\\s.-]\\d{4}${E})`,
      'giu',
    ),
    replace: keep('[PHONE]'),
  },
  // Ages over 89 → "90+" (Safe Harbor aggregates them).
  { category: 'age_over_89', gate: /(?:9\d|1[0-4]\d)\s*-?\s*(?:y|-y)/i, pattern: new RegExp(`${B}(?:9\\d|1[0-4]\\d)(?=\\s*-?\\s*(?:years?|yrs?|y\\.?o\\.?|year-old|-year-old)${E})`, 'giu'), replace: keep('90+') },
  // "aged 93", "age: 91" → the number as "90+" (the look-behind form cost a scan of every "age" in "Age band").
  {
    category: 'age_over_89',
    gate: /aged?:?\s{0,3}(?:9\d|1[0-4]\d)/i,
    pattern: new RegExp(`${B}(aged?:?\\s{0,3})(?:9\\d|1[0-4]\\d)${E}`, 'giu'),
    replace: (_m, g) => `${g[0] ?? ''}90+`,
  },
]
