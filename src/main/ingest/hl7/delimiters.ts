// HL7 v2 delimiters: read from MSH-1 (field separator) and MSH-2 (encoding characters).

export interface Hl7Delimiters {
  field: string
  component: string
  repetition: string
  escape: string
  subcomponent: string
  /** v2.7+ truncation character (5th encoding character), when present. */
  truncation: string
}

export const STANDARD_DELIMITERS: Readonly<Hl7Delimiters> = {
  field: '|',
  component: '^',
  repetition: '~',
  escape: '\\',
  subcomponent: '&',
  truncation: '',
}

/** ASCII punctuation only: letters, digits, blanks and control bytes would make segments ambiguous. */
export function isDelimiterChar(ch: string | undefined): ch is string {
  if (ch === undefined || ch.length !== 1) return false
  const c = ch.charCodeAt(0)
  if (c <= 0x20 || c >= 0x7f) return false
  return !/[A-Za-z0-9]/.test(ch)
}

export type DelimiterResult = { ok: true; delimiters: Hl7Delimiters } | { ok: false; field: 1 | 2; reason: string }

/**
 * Strict reading for parsing. Fewer than four encoding characters is tolerated (some senders
 * drop the subcomponent separator): a missing one is simply not a separator in that message.
 */
export function readDelimiters(fieldSep: string | undefined, encodingChars: string): DelimiterResult {
  if (!isDelimiterChar(fieldSep)) return { ok: false, field: 1, reason: 'MSH-1 field separator is missing or not a punctuation character' }
  if (encodingChars.length === 0) return { ok: false, field: 2, reason: 'MSH-2 encoding characters are missing' }
  if (encodingChars.length > 5) return { ok: false, field: 2, reason: 'MSH-2 holds more than five encoding characters' }
  const seen = new Set<string>([fieldSep])
  for (const ch of encodingChars) {
    if (!isDelimiterChar(ch)) return { ok: false, field: 2, reason: 'MSH-2 holds a character that cannot be a delimiter' }
    if (seen.has(ch)) return { ok: false, field: 2, reason: 'MSH-2 repeats a delimiter character' }
    seen.add(ch)
  }
  return {
    ok: true,
    delimiters: {
      field: fieldSep,
      component: encodingChars[0] ?? '',
      repetition: encodingChars[1] ?? '',
      escape: encodingChars[2] ?? '',
      subcomponent: encodingChars[3] ?? '',
      truncation: encodingChars[4] ?? '',
    },
  }
}

/** Lenient reading for acknowledgements of damaged messages: fall back to the standard set. */
export function readDelimitersLeniently(fieldSep: string | undefined, encodingChars: string): Hl7Delimiters {
  const strict = readDelimiters(fieldSep, encodingChars)
  if (strict.ok) return strict.delimiters
  return { ...STANDARD_DELIMITERS, field: isDelimiterChar(fieldSep) ? fieldSep : '|' }
}
