// Duplicate removal on normalised text: the same input (or the same input and target) exported once.
import { createHash } from 'node:crypto'

/**
 * Text as compared for near-duplicates: Unicode-normalised, lower case, evidence ids without their numbers (two
 * identical ECGs differ only in the database ids the prompt cites), punctuation and runs of white space collapsed.
 * Numbers stay: a different value is a different case.
 */
export function normaliseForDedupe(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\b([osfrm])\d+\b/g, '$1#')
    .replace(/[^\p{L}\p{N}#.+-]+/gu, ' ')
    // A dot counts only inside a number (5.1); as punctuation it goes.
    .replace(/\.(?!\d)|(?<!\d)\./g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}

const digest = (s: string) => createHash('sha256').update(s).digest('base64').slice(0, 22)

const systemDigests = new Map<string, string>()

/** The instruction block's digest, computed once per distinct block (every item of an export shares one or a few). */
function systemDigest(system: string): string {
  let d = systemDigests.get(system)
  if (d === undefined) {
    d = digest(normaliseForDedupe(system))
    if (systemDigests.size >= 16) systemDigests.clear()
    systemDigests.set(system, d)
  }
  return d
}

/** Keys of one item: exact (input and target as they are) and near (the normalised input alone). */
export function dedupeKeys(system: string, user: string, target: string): { exact: string; near: string } {
  const sys = systemDigest(system)
  return { exact: digest(`${sys}\u0000${user}\u0000${target}`), near: digest(`${sys}\u0000${normaliseForDedupe(user)}`) }
}

export type DuplicateKind = 'exact_duplicate' | 'near_duplicate'

/**
 * Remembers the keys seen in one export (22 characters each: memory grows by well under 100 bytes per item, not with
 * row size). The first item seen for an input wins; the source yields the newest signature first, so repeated
 * corrections of identical inputs collapse to the latest.
 */
export class Deduper {
  private readonly exact = new Set<string>()
  private readonly near = new Set<string>()

  /** The input is the system and user messages; the system message (shared by many items) is normalised once. */
  check(system: string, user: string, target: string): DuplicateKind | null {
    const k = dedupeKeys(system, user, target)
    if (this.exact.has(k.exact)) return 'exact_duplicate'
    if (this.near.has(k.near)) return 'near_duplicate'
    this.exact.add(k.exact)
    this.near.add(k.near)
    return null
  }
}
