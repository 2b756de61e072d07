// Hand-worked cases for the excerpts that keep input values short in messages.
import { describe, expect, it } from 'vitest'
import { boundMessage, groupDigits, MAX_MESSAGE_CHARS, quoteValue, shortValue } from './excerpt'
import { ParseError } from './report'

describe('groupDigits', () => {
  it.each([
    [0, '0'],
    [999, '999'],
    [1000, '1,000'],
    [4194304, '4,194,304'],
    [10485760, '10,485,760'],
  ])('%d → %s', (n, text) => expect(groupDigits(n)).toBe(text))
})

describe('quoteValue and shortValue', () => {
  const a33 = 'A'.repeat(33)
  it.each([
    ['5.4', '"5.4"', '5.4'],
    ['', '""', ''],
    ['A'.repeat(32), `"${'A'.repeat(32)}"`, 'A'.repeat(32)],
    [a33, `"${'A'.repeat(32)}…" (33 characters)`, `${'A'.repeat(32)}… (33 characters)`],
    ['ABCD'.repeat(1048576), `"${'ABCD'.repeat(8)}…" (4,194,304 characters)`, `${'ABCD'.repeat(8)}… (4,194,304 characters)`],
  ])('%#', (value, quoted, bare) => {
    expect(quoteValue(value)).toBe(quoted)
    expect(shortValue(value)).toBe(bare)
  })

  it('never cuts a surrogate pair in half', () => {
    // 31 letters, then an emoji (two UTF-16 units) across the 32-unit boundary.
    const value = `${'a'.repeat(31)}😀${'b'.repeat(10)}`
    expect(quoteValue(value)).toBe(`"${'a'.repeat(31)}…" (43 characters)`)
  })
})

describe('boundMessage', () => {
  it('leaves ordinary messages alone', () => {
    const message = 'OBX-5 is not a number although OBX-2 says NM'
    expect(boundMessage(message)).toBe(message)
    const prose = 'word '.repeat(100).trim()
    expect(boundMessage(prose)).toBe(prose)
  })

  it('cuts each long run of non-blank characters to an excerpt with its length', () => {
    // The run is the value with the quotes around it: 5,000,002 characters.
    const run = 'x'.repeat(5_000_000)
    expect(boundMessage(`Tag '${run}' is an invalid name`)).toBe(`Tag '${'x'.repeat(31)}… (5,000,002 characters) is an invalid name`)
  })

  it('cuts a message made long by many short words, saying so', () => {
    const message = 'ab '.repeat(1000)
    const bounded = boundMessage(message)
    expect(bounded.length).toBeLessThan(MAX_MESSAGE_CHARS + 60)
    expect(bounded.endsWith('… (message of 3,000 characters shortened)')).toBe(true)
  })

  it('is applied by every ParseError, to the message and to names in its location', () => {
    const big = 'Z'.repeat(3_000_000)
    const error = new ParseError(`value ${big} is bad`, { line: 2, segment: big, field: big })
    expect(error.message).toBe(`value ${'Z'.repeat(32)}… (3,000,000 characters) is bad`)
    expect(error.location.segment).toBe(`${'Z'.repeat(32)}… (3,000,000 characters)`)
    expect(String(error.location.field).length).toBeLessThan(160)
    expect(error.describe().length).toBeLessThan(300)
  })
})
