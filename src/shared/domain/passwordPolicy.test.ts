// Password policy: hand-worked cases for the length bounds, the blocklist, repeats and the user's own names.
import { describe, expect, it } from 'vitest'
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, passwordProblem } from './passwordPolicy'

describe('passwordProblem', () => {
  it.each([
    ['fourteen chars', 'abcdefghijklmn', /at least 15 characters \(it has 14\)/],
    ['fifteen chars', 'abcdefghijklmno', null],
    ['a passphrase', 'tulip orbit ladder', null],
    ['15 code points, not UTF-16 units', '😀🎉🌵'.repeat(5), null],
    ['14 code points of astral characters', '😀'.repeat(14), /at least 15/],
    ['too long', 'x1'.repeat(MAX_PASSWORD_LENGTH / 2) + 'y', /at most 256/],
    ['blocklisted', 'PasswordPassword', /commonly used/],
    ['blocklisted with spaces', 'correct horse battery staple', /commonly used/],
    ['one repeated character', 'aaaaaaaaaaaaaaaaaaaa', /repeats/],
    ['two alternating characters', 'abababababababab', /repeats/],
  ])('%s', (_label, password, expected) => {
    const problem = passwordProblem(password)
    if (expected === null) expect(problem).toBeNull()
    else expect(problem).toMatch(expected)
  })

  it('refuses the username or display name inside the password, case-insensitively', () => {
    expect(passwordProblem('my name is ALICE ok', { username: 'alice' })).toMatch(/username/)
    expect(passwordProblem('hello dr who pleased', { username: 'x', displayName: 'Dr Who' })).toMatch(/display name/)
    // Two-letter names are too common inside words to forbid.
    expect(passwordProblem('gold river basin yes', { username: 'ri' })).toBeNull()
  })

  it('counts NFKC-normalised characters', () => {
    // U+FB01 (ﬁ ligature) normalises to two characters.
    expect(passwordProblem('\uFB01'.repeat(7) + 'x')).toBeNull()
    expect(MIN_PASSWORD_LENGTH).toBe(15)
  })
})
