// Reference-range text as devices send it ("3.5-5.1", "<200", ">60", "3.5 to 5.1") → low/high bounds.

export interface ReferenceRange {
  refLow?: number
  refHigh?: number
  refText?: string
}

const NUM = String.raw`[+-]?(?:\d+(?:\.\d*)?|\.\d+)`
const BETWEEN = new RegExp(String.raw`^(${NUM})\s*(?:-|–|\.\.|to)\s*(${NUM})$`, 'i')
const BELOW = new RegExp(String.raw`^(?:<=?|≤)\s*(${NUM})$`)
const ABOVE = new RegExp(String.raw`^(?:>=?|≥)\s*(${NUM})$`)

/**
 * The text is always kept; bounds are filled only when the whole text is one of the simple
 * shapes, so "3.5-5.1 (fasting)" stays text rather than being half-understood.
 */
export function parseReferenceRange(text: string): ReferenceRange {
  const refText = text.trim()
  if (refText === '') return {}
  // Some senders wrap the range in brackets: "(3.5-5.1)", "[3.5-5.1]".
  const inner = refText.replace(/^[([]\s*(.*?)\s*[)\]]$/, '$1')
  const between = BETWEEN.exec(inner)
  if (between) {
    const low = Number(between[1])
    const high = Number(between[2])
    return low <= high ? { refLow: low, refHigh: high, refText } : { refText }
  }
  const below = BELOW.exec(inner)
  if (below) return { refHigh: Number(below[1]), refText }
  const above = ABOVE.exec(inner)
  if (above) return { refLow: Number(above[1]), refText }
  return { refText }
}

const PLAIN_NUMBER = new RegExp(String.raw`^${NUM}$`)

/** A number as HL7 NM / ASTM write it: optional sign, digits, optional decimal point; no exponent. */
export function parsePlainNumber(text: string): number | undefined {
  const t = text.trim()
  return PLAIN_NUMBER.test(t) ? Number(t) : undefined
}
