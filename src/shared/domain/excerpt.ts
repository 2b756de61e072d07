// Keeps quoted input values short in messages: an excerpt and the full length, never the whole value.
// Fuzzed or broken files carry values of megabytes; those belong in the quarantined raw file only.

/** Characters of a value shown in a message before it is cut. */
export const EXCERPT_CHARS = 32
/** A run of non-blank characters longer than this in a message is cut to an excerpt. */
const LONG_RUN_CHARS = 80
/** Longest message (or location part) kept whole; anything longer is cut, with its length stated. */
export const MAX_MESSAGE_CHARS = 600

/** "4194304" → "4,194,304": grouped the same way on every machine, whatever its locale. */
export function groupDigits(n: number): string {
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

function characters(n: number): string {
  return `${groupDigits(n)} character${n === 1 ? '' : 's'}`
}

/**
 * Cuts a string at `max` UTF-16 units without splitting a surrogate pair (the excerpt stays valid text).
 */
function head(value: string, max: number): string {
  if (value.length <= max) return value
  const code = value.charCodeAt(max - 1)
  return value.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max)
}

/**
 * A value as quoted in a message: `"5.4"` when short, `"ABCD…" (4,194,304 characters)` when longer
 * than `max` characters.
 */
export function quoteValue(value: string, max = EXCERPT_CHARS): string {
  if (value.length <= max) return `"${value}"`
  return `"${head(value, max)}…" (${characters(value.length)})`
}

/**
 * The same for a value written bare in a message (an element or record name): the value itself
 * when short, else `ABCD… (4,194,304 characters)`.
 */
export function shortValue(value: string, max = EXCERPT_CHARS): string {
  if (value.length <= max) return value
  return `${head(value, max)}… (${characters(value.length)})`
}

/**
 * The last guard for any message built from input or from a library's error text: each over-long
 * run of non-blank characters becomes an excerpt with its length, and the whole message is cut at
 * MAX_MESSAGE_CHARS. Short messages come back unchanged.
 */
export function boundMessage(message: string): string {
  if (message.length <= LONG_RUN_CHARS) return message
  // \S+ with a length check: a counted quantifier (\S{81,}) backtracks and takes seconds on a megabyte run.
  const runs = message.replace(/\S+/g, (run) => (run.length > LONG_RUN_CHARS ? shortValue(run) : run))
  if (runs.length <= MAX_MESSAGE_CHARS) return runs
  return `${head(runs, MAX_MESSAGE_CHARS)}… (message of ${characters(runs.length)} shortened)`
}
