// Free-text scrubbing: the patient's own known identifiers first, then generic patterns; counts what it replaced.
import type { PatientIdentifiers } from '../types'
import { PLACEHOLDER, type CategoryCounts, type DeidCategory } from './categories'
import { GENERIC_PATTERNS } from './patterns'
import { dateSpellings, phoneDigits, phonePatternSource } from './spellings'

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

interface KnownPattern {
  category: DeidCategory
  /** Built on first need: most texts hold none of a patient's identifiers, and compiling costs more than the gate. */
  build: () => RegExp
  pattern: RegExp | null
  /**
   * Whether the pattern can match the text at all, from its words and digits; never false where it matches. A pattern
   * is compiled only for a text that passes: compiling a patient's patterns for every item cost more than all the rest
   * of scrubbing, and in a bounded heap V8 drops its cache of compiled patterns at each full collection.
   */
  may: (v: TextView) => boolean
}

/** A text with its lower-case words and its digits (made on first need), shared by all of a patient's gates. */
export interface TextView {
  text: string
  words: ReadonlySet<string>
  digits(): string
}

export function textView(text: string): TextView {
  let digits: string | null = null
  return { text, words: wordsOf(text), digits: () => (digits ??= text.replace(/\D+/g, '')) }
}

function anyIn(terms: Iterable<string>, words: ReadonlySet<string>): boolean {
  for (const t of terms) if (words.has(t)) return true
  return false
}

const WORD = /[\p{L}\p{N}]+/gu

function longestWord(term: string): string | null {
  let best: string | null = null
  for (const w of term.toLowerCase().match(WORD) ?? []) if (best === null || w.length > best.length) best = w
  return best
}

/** The words of a text, lower-cased: what the anchors are looked up in. */
export function wordsOf(text: string): Set<string> {
  return new Set(text.toLowerCase().match(WORD) ?? [])
}


/** One character of a term, in any letter case when `anyCase` ("a" → "[aA]"). */
function charSource(ch: string, anyCase: boolean): string {
  if (!anyCase) return escapeRegExp(ch)
  const lo = ch.toLowerCase()
  const up = ch.toUpperCase()
  return lo !== up && lo.length === 1 && up.length === 1 ? `[${lo}${up}]` : escapeRegExp(ch)
}

interface TrieNode {
  children: Map<string, TrieNode>
  end: boolean
}

/**
 * The terms as one alternation sharing their prefixes ("12/04/1958|12/04/58" → "12/04/(?:19)?58"-like), so the regex
 * engine decides on the first character instead of trying ~150 date spellings at every position. At each point the
 * longer continuation is tried first, so the longest term wins, as when sorting longest first. Per-patient patterns carry
 * no `u` flag and no \p{…} classes: those cost V8 ~0.6 ms per pattern to compile, ~6 ms per patient; word boundaries are
 * checked on each match instead (isBounded).
 */
export function trieSource(terms: Iterable<string>, anyCase: boolean): string {
  const root: TrieNode = { children: new Map(), end: false }
  for (const term of terms) {
    let node = root
    for (const ch of anyCase ? term.toLowerCase() : term) {
      let next = node.children.get(ch)
      if (!next) {
        next = { children: new Map(), end: false }
        node.children.set(ch, next)
      }
      node = next
    }
    node.end = true
  }
  const emit = (node: TrieNode): string => {
    const alts = [...node.children].map(([ch, child]) => charSource(ch, anyCase) + emit(child))
    if (alts.length === 0) return ''
    const body = alts.length === 1 ? (alts[0] ?? '') : `(?:${alts.join('|')})`
    return node.end ? `(?:${body})?` : body
  }
  return emit(root)
}

const WORD_CHAR = /[\p{L}\p{N}]/u

/** Whether the match stands alone: no letter or digit right before or after it. */
export function isBounded(text: string, start: number, end: number): boolean {
  const before = start > 0 ? String.fromCodePoint(text.codePointAt(start - 1) ?? 32) : ' '
  const prev = start > 1 && /[\udc00-\udfff]/.test(before) ? String.fromCodePoint(text.codePointAt(start - 2) ?? 32) : before
  const after = end < text.length ? String.fromCodePoint(text.codePointAt(end) ?? 32) : ' '
  return !WORD_CHAR.test(prev) && !WORD_CHAR.test(after)
}

function literalPattern(terms: Iterable<string>, anyCase = true): RegExp {
  const list = [...new Set(terms)].filter((t) => t.length > 0)
  return new RegExp(trieSource(list, anyCase), 'g')
}

/** Name parts worth scrubbing: every part of two letters or more (initials would erase units and words). */
export function nameTerms(names: readonly string[]): string[] {
  const out = new Set<string>()
  for (const name of names) {
    const whole = name.trim()
    if (whole.replace(/[^\p{L}]/gu, '').length >= 2) out.add(whole)
    for (const part of whole.split(/[\s,;/]+/)) {
      if (part.replace(/[^\p{L}]/gu, '').length >= 2) out.add(part.replace(/^[.'-]+|[.'-]+$/g, ''))
      for (const sub of part.split(/-/)) if (sub.replace(/[^\p{L}]/gu, '').length >= 2) out.add(sub.replace(/^[.']+|[.']+$/g, ''))
    }
  }
  return [...out].filter((t) => t.length >= 2)
}

/** Identifier values and the forms they are also written in (without a prefix, without leading zeros). */
export function idTerms(ids: readonly string[]): string[] {
  const out = new Set<string>()
  for (const raw of ids) {
    const id = raw.trim()
    if (id.length >= 3) out.add(id)
    const digits = id.replace(/\D/g, '')
    if (digits.length >= 5) {
      out.add(digits)
      const unpadded = digits.replace(/^0+/, '')
      if (unpadded.length >= 5) out.add(unpadded)
    }
  }
  return [...out]
}

/** Street lines, city and postal code as written, and each street line's words of four characters or more that carry a digit or a capital. */
export function addressTerms(parts: readonly string[]): string[] {
  const out = new Set<string>()
  for (const raw of parts) {
    const part = raw.trim()
    if (part.length >= 3) out.add(part)
  }
  return [...out]
}

/** One patient's identifiers compiled once: scrub texts, or find what remains. */
export interface IdentifierMatcher {
  scrub(text: string, counts?: CategoryCounts): string
  /**
   * scrub() for a text many items share (the system message: the template's instruction block): its generic scrubbing
   * is computed once and reused while none of this patient's identifiers can occur in it.
   */
  scrubShared(text: string, counts?: CategoryCounts): string
  /** find() for a text many rows share, with the generic patterns' answer computed once. */
  findShared(text: string): { category: DeidCategory; index: number } | null
  /** The first identifier found, own or generic, or null. */
  find(text: string): { category: DeidCategory; index: number } | null
}

/**
 * The gate of a birth date: every spelling (spellings.ts) is either one compact word (19580412, 580412, 12041958,
 * 04121958) or holds the year (1958 or 58), the day (12 or 4) and the month (04, 4, April, Apr) as words of their own.
 */
function dateGate(isoDate: string): ((v: TextView) => boolean) | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate.trim())
  if (!m || m[1] === undefined || m[2] === undefined || m[3] === undefined) return null
  const [y, mm, dd] = [m[1], m[2], m[3]]
  const yy = y.slice(2)
  const compact = [`${y}${mm}${dd}`, `${yy}${mm}${dd}`, `${dd}${mm}${y}`, `${mm}${dd}${y}`]
  const years = [y, yy]
  const days = [dd, String(Number(dd))]
  const month = MONTH_NAMES[Number(mm) - 1]
  const months = [mm, String(Number(mm)), ...(month ? [month, month.slice(0, 3)] : [])]
  return (v) => anyIn(compact, v.words) || (anyIn(years, v.words) && anyIn(days, v.words) && anyIn(months, v.words))
}

const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december']

/**
 * The gate of phone numbers: a match's digits, separators aside, are one of the forms phonePatternSource spells, and
 * every form ends in the number's last nine digits (or all of them, if fewer); those stand together in the text's
 * digits.
 */
function phoneGate(phones: readonly string[]): (v: TextView) => boolean {
  const tails = phones.map((p) => (phoneDigits(p) ?? '').slice(-9))
  return (v) => {
    const digits = v.digits()
    return tails.some((t) => digits.includes(t))
  }
}

function knownPatterns(ids: PatientIdentifiers): KnownPattern[] {
  const known: KnownPattern[] = []
  // A literal term's gate: its longest word (every word of a term is a whole word of any text that contains the term,
  // since the term is matched between word boundaries); a term without a word is always tried.
  const push = (category: DeidCategory, terms: string[], anyCase = true) => {
    if (terms.length === 0) return
    const anchors = new Set<string>()
    for (const t of terms) {
      const w = longestWord(t)
      if (w === null) return void known.push({ category, build: () => literalPattern(terms, anyCase), pattern: null, may: () => true })
      anchors.add(w)
    }
    known.push({ category, build: () => literalPattern(terms, anyCase), pattern: null, may: (v) => anyIn(anchors, v.words) })
  }
  // Order matters: longer, digit-bearing identifiers first, so a birth date is not half-eaten as a phone number.
  push('email', ids.emails.map((e) => e.trim()).filter((e) => e.includes('@')))
  const birth = ids.birthDate
  const birthGate = birth === null ? null : dateGate(birth)
  if (birth !== null && birthGate !== null) {
    known.push({ category: 'birth_date', build: () => literalPattern(dateSpellings(birth), true), pattern: null, may: birthGate })
  }
  const usable = ids.phones.filter((p) => phoneDigits(p) !== null)
  if (usable.length > 0) {
    const sources = usable.map((p) => phonePatternSource(p)!)
    known.push({ category: 'phone', build: () => new RegExp(`(?<!\\d)(?:${sources.join('|')})(?!\\d)`, 'g'), pattern: null, may: phoneGate(usable) })
  }
  push('device_serial', ids.deviceSerials.map((s) => s.trim()).filter((s) => s.length >= 3))
  push('identifier', idTerms(ids.ids))
  push('address', addressTerms(ids.addressParts))
  // Short name parts ("Li", "Do", "Ann") match only as written, capitalised or in capitals: case-insensitively they
  // would erase ordinary words ("do not", "li…"); longer parts match in any case (HL7 writes names in capitals).
  const names = nameTerms(ids.names)
  const letters = (t: string) => t.replace(/[^\p{L}]/gu, '').length
  push('name', names.filter((t) => letters(t) >= 4))
  const short = names.filter((t) => letters(t) < 4).flatMap((t) => [t, t.toUpperCase(), t.charAt(0).toUpperCase() + t.slice(1).toLowerCase()])
  push('name', short, false)
  return known
}

interface SharedText {
  view: TextView
  generic: string
  counts: CategoryCounts
  found: { category: DeidCategory; index: number } | null
}
const shared = new Map<string, SharedText>()

/** The texts scrubShared has seen lately (the instruction blocks in use). */
export function sharedTexts(): string[] {
  return [...shared.keys()]
}

function sharedText(text: string): SharedText {
  let entry = shared.get(text)
  if (!entry) {
    const counts: CategoryCounts = {}
    entry = { view: textView(text), generic: genericMatcher.scrub(text, counts), counts, found: genericMatcher.find(text) }
    if (shared.size >= 8) shared.delete(shared.keys().next().value as string)
    shared.set(text, entry)
  }
  return entry
}

export function compileMatcher(ids: PatientIdentifiers): IdentifierMatcher {
  const known = knownPatterns(ids)
  return {
    scrubShared(text, counts) {
      const entry = sharedText(text)
      if (known.some((k) => k.may(entry.view))) return this.scrub(text, counts)
      if (counts) for (const [k, v] of Object.entries(entry.counts) as [DeidCategory, number][]) counts[k] = (counts[k] ?? 0) + v
      return entry.generic
    },
    findShared(text) {
      const entry = sharedText(text)
      if (known.some((k) => k.may(entry.view))) return this.find(text)
      return entry.found
    },
    scrub(text, counts) {
      let out = text
      const view = textView(text)
      for (const k of known) {
        if (!k.may(view)) continue
        const { category } = k
        k.pattern ??= k.build()
        out = out.replace(k.pattern, (match: string, offset: number, whole: string) => {
          if (!isBounded(whole, offset, offset + match.length)) return match
          if (counts) counts[category] = (counts[category] ?? 0) + 1
          return PLACEHOLDER[category]
        })
      }
      for (const { category, gate, pattern, replace } of GENERIC_PATTERNS) {
        if (!gate.test(out)) continue
        out = out.replace(pattern, (match: string, ...rest: unknown[]) => {
          // replace() passes the groups, then the offset, the whole string (and named groups, unused here).
          const groups = rest.slice(0, -2).map((g) => (typeof g === 'string' ? g : undefined))
          const replacement = replace(match, groups)
          if (replacement === null) return match
          if (counts) counts[category] = (counts[category] ?? 0) + 1
          return replacement
        })
      }
      return out
    },
    find(text) {
      let best: { category: DeidCategory; index: number } | null = null
      const view = textView(text)
      for (const k of known) {
        if (!k.may(view)) continue
        const { category } = k
        const pattern = (k.pattern ??= k.build())
        pattern.lastIndex = 0
        for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
          if (isBounded(text, m.index, m.index + m[0].length)) {
            if (best === null || m.index < best.index) best = { category, index: m.index }
            break
          }
        }
        pattern.lastIndex = 0
      }
      for (const { category, gate, pattern, replace } of GENERIC_PATTERNS) {
        if (!gate.test(text)) continue
        pattern.lastIndex = 0
        for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
          if (replace(m[0], m.slice(1)) !== null) {
            if (best === null || m.index < best.index) best = { category, index: m.index }
            break
          }
          if (m[0].length === 0) pattern.lastIndex++
        }
        pattern.lastIndex = 0
      }
      return best
    },
  }
}

/** A matcher for generic patterns only (no known identifiers): for texts not tied to one patient. */
export const genericMatcher: IdentifierMatcher = compileMatcher({ names: [], ids: [], birthDate: null, phones: [], emails: [], addressParts: [], deviceSerials: [] })
