// Password rules (NIST SP 800-63B-4 §3.1.1.2): length and a blocklist, no composition rules; shared so the
// renderer can say what is wrong before a round trip, while the main process enforces the same function.

/**
 * 800-63B-4 requires at least 15 characters for a password used as the only factor, as here (8 only when a second
 * factor is also required). Long passphrases are what it recommends over forced character classes.
 */
export const MIN_PASSWORD_LENGTH = 15
/** 800-63B-4 asks verifiers to accept at least 64 characters; the cap bounds the work one sign-in can cause. */
export const MAX_PASSWORD_LENGTH = 256

/**
 * Commonly chosen passwords (from published breach corpora's most frequent entries) that reach the minimum length,
 * compared case-insensitively. 800-63B-4 requires refusing known-compromised and commonly used values.
 */
const BLOCKLIST = new Set([
  'passwordpassword',
  'password1234567',
  'password12345678',
  'password123456789',
  '123456789012345',
  '1234567890123456',
  '12345678901234567890',
  'qwertyuiopasdfgh',
  'qwertyuiopasdfghjkl',
  '1q2w3e4r5t6y7u8i',
  'iloveyouiloveyou',
  'letmeinletmein1',
  'welcomewelcome1',
  'changemechangeme',
  'administrator123',
  'readoutreadout1',
  'correcthorsebatterystaple',
])

/** Unicode passwords are compared in NFKC form (800-63B-4 §3.1.1.2), so the same keystrokes always verify. */
export function normalisePassword(password: string): string {
  return password.normalize('NFKC')
}

/** Why a new password is refused, or null when it is acceptable; the message says what to change. */
export function passwordProblem(password: string, context: { username?: string; displayName?: string } = {}): string | null {
  const p = normalisePassword(password)
  const length = [...p].length
  if (length < MIN_PASSWORD_LENGTH) return `The password needs at least ${MIN_PASSWORD_LENGTH} characters (it has ${length}); a few unrelated words make a good one.`
  if (length > MAX_PASSWORD_LENGTH) return `The password may have at most ${MAX_PASSWORD_LENGTH} characters.`
  const lower = p.toLowerCase()
  if (BLOCKLIST.has(lower.replace(/\s+/g, ''))) return 'This password is on the list of commonly used passwords; choose another.'
  if (new Set(lower).size <= 2) return 'The password repeats one or two characters; choose one that is harder to guess.'
  for (const name of [context.username, context.displayName]) {
    const n = name?.trim().toLowerCase()
    if (n && n.length >= 3 && lower.includes(n)) return 'The password must not contain the username or display name.'
  }
  return null
}
