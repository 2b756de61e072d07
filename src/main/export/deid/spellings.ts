// The ways an identifier is commonly written: birth dates in many formats, phone numbers with any separators.

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

/** Every common spelling of a full date (YYYY-MM-DD…). A year alone is kept: Safe Harbor allows it. */
export function dateSpellings(isoDate: string): string[] {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate.trim())
  if (!m || m[1] === undefined || m[2] === undefined || m[3] === undefined) return []
  const [y, mm, dd] = [m[1], m[2], m[3]]
  const yy = y.slice(2)
  const d = String(Number(dd))
  const mo = String(Number(mm))
  const out = new Set<string>([`${y}-${mm}-${dd}`, `${y}${mm}${dd}`, `${y}/${mm}/${dd}`, `${y}.${mm}.${dd}`, `${yy}${mm}${dd}`, `${dd}${mm}${y}`, `${mm}${dd}${y}`])
  for (const sep of ['/', '.', '-', ' ']) {
    for (const [a, b] of [
      [dd, mm],
      [mm, dd],
      [d, mo],
      [mo, d],
    ] as const) {
      out.add(`${a}${sep}${b}${sep}${y}`)
      out.add(`${a}${sep}${b}${sep}${yy}`)
    }
  }
  const month = MONTHS[Number(mm) - 1]
  if (month !== undefined) {
    for (const name of [month, month.slice(0, 3), `${month.slice(0, 3)}.`]) {
      for (const day of [d, dd]) {
        out.add(`${day} ${name} ${y}`)
        out.add(`${day}. ${name} ${y}`)
        out.add(`${day}-${name}-${y}`)
        out.add(`${name} ${day}, ${y}`)
        out.add(`${name} ${day} ${y}`)
        out.add(`${day}-${name}-${yy}`)
      }
    }
  }
  return [...out]
}

/** The digits of a phone number; null when fewer than 6 (not a usable phone number to search for). */
export function phoneDigits(phone: string): string | null {
  const digits = phone.replace(/\D/g, '')
  return digits.length >= 6 ? digits : null
}

/**
 * A regular-expression source matching the phone's digits with any common separators between them (space, dot, dash,
 * parentheses, slash), with or without a leading + or 00 country prefix. Numbers stored with a country code also match
 * their national forms: the last 10 digits, and the last 10 or 9 after a trunk 0 (UK "020 7946 0958" for
 * +44 20 7946 0958). Separators are taken after a prefix only: a match never starts with one, so it stands alone in
 * "call 2079460958".
 */
export function phonePatternSource(phone: string): string | null {
  const digits = phoneDigits(phone)
  if (digits === null) return null
  const forms = new Set([digits])
  if (digits.length > 10) forms.add(digits.slice(-10)).add(`0${digits.slice(-10)}`)
  if (digits.length > 9) forms.add(`0${digits.slice(-9)}`)
  const sep = '[\\s().\\/-]{0,3}'
  // The opening parenthesis of "(020) 7946-0958" is part of the number as written.
  const alternatives = [...forms].sort((a, b) => b.length - a.length).map((f) => `\\(?${f.split('').join(sep)}`)
  return `(?:(?:\\+|00)${sep})?(?:${alternatives.join('|')})`
}
