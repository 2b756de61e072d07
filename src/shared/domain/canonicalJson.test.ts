// Canonical JSON: key order never changes the bytes; arrays keep their order.
import { describe, expect, it } from 'vitest'
import { canonicalJson } from './canonicalJson'

describe('canonicalJson', () => {
  it.each([
    [{ b: 1, a: [2, { d: null, c: 'x' }] }, '{"a":[2,{"c":"x","d":null}],"b":1}'],
    [{ summary: 'é "q"', findings: [] }, '{"findings":[],"summary":"é \\"q\\""}'],
    [[3, 1, 2], '[3,1,2]'],
    [{ a: undefined, b: true }, '{"b":true}'],
  ])('%j → %s', (value, text) => {
    expect(canonicalJson(value)).toBe(text)
  })

  it('refuses what JSON cannot hold', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(/finite/)
  })
})
