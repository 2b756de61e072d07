// Property-based robustness of the HL7 codec: arbitrary and mutated input never throws, never hangs, and every failure is located.
import { readFileSync, readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { OBSERVATION_STATUSES, ParseError, REPORT_KINDS, type ParsedUnit } from '../../../shared/domain/report'
import { buildAck, hl7Parser, parseHl7Message } from './index'

const FIXTURE_DIR = fileURLToPath(new URL('../../../../test/fixtures/hl7/', import.meta.url))
const FIXTURES = readdirSync(FIXTURE_DIR)
  .filter((f) => f.endsWith('.hl7'))
  .map((f) => new Uint8Array(readFileSync(FIXTURE_DIR + f)))

// Characters that matter to the codec, so random text hits delimiters, escapes and segment ids often.
const HL7_UNIT = fc.constantFrom(
  'MSH', 'PID', 'OBR', 'OBX', 'NTE', 'FHS', 'BHS', '|', '^', '~', '\\', '&', '#', '\r', '\n', '\r\n',
  '\x0b', '\x1c', 'F', 'S', 'X', 'E', '.br', '0', '1', '9', '.', '-', '<', '>', 'NM', 'SN', 'ED', 'CE', 'ORU', 'R01', ' ', 'é',
)

function checkUnits(units: ParsedUnit[], input: Uint8Array): void {
  expect(units.length).toBeGreaterThan(0)
  units.forEach((unit, i) => {
    expect(unit.index).toBe(i)
    expect(unit.raw).toBeInstanceOf(Uint8Array)
    if (unit.ok) {
      expect(unit.report.sourceFormat).toBe('hl7v2')
      expect(REPORT_KINDS).toContain(unit.report.kind)
      for (const o of unit.report.observations) expect(OBSERVATION_STATUSES).toContain(o.status)
    } else {
      expect(unit.error).toBeInstanceOf(ParseError)
      const { line, segment, field, offset } = unit.error.location
      expect([line, segment, field, offset].some((v) => v !== undefined)).toBe(true)
    }
  })
  // Raw slices are taken from the input in order and never overlap (8-bit input without a BOM).
  if (units.length > 1 && input[0] !== 0xff && input[0] !== 0xfe && input[0] !== 0xef) {
    const buf = Buffer.from(input)
    let from = 0
    for (const unit of units) {
      const at = buf.indexOf(Buffer.from(unit.raw), from)
      expect(at).toBeGreaterThanOrEqual(from)
      from = at + unit.raw.length
    }
  }
}

type Mutation = { at: number; op: 'delete' | 'insert' | 'replace' | 'duplicate' | 'truncate'; text: string; length: number }

const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  op: fc.constantFrom('delete', 'insert', 'replace', 'duplicate', 'truncate'),
  text: fc.string({ unit: HL7_UNIT, maxLength: 3 }),
  length: fc.integer({ min: 1, max: 40 }),
})

function mutate(bytes: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  let s = new TextDecoder('latin1').decode(bytes)
  for (const m of mutations) {
    const at = s.length === 0 ? 0 : m.at % s.length
    if (m.op === 'delete') s = s.slice(0, at) + s.slice(at + m.length)
    else if (m.op === 'insert') s = s.slice(0, at) + m.text + s.slice(at)
    else if (m.op === 'replace') s = s.slice(0, at) + m.text + s.slice(at + m.text.length)
    else if (m.op === 'duplicate') s = s.slice(0, at + m.length) + s.slice(at, at + m.length) + s.slice(at + m.length)
    else s = s.slice(0, at)
  }
  return new Uint8Array(Buffer.from(s, 'latin1'))
}

describe('HL7 parser properties', () => {
  it('never throws on arbitrary HL7-flavoured text, and locates every failure', () => {
    fc.assert(
      fc.property(fc.string({ unit: HL7_UNIT, maxLength: 120 }), (text) => {
        const bytes = new TextEncoder().encode(text)
        checkUnits(hl7Parser.parse(bytes), bytes)
      }),
      { numRuns: 400 },
    )
  })

  it('never throws on arbitrary bytes or unicode text', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => checkUnits(hl7Parser.parse(bytes), bytes)),
      { numRuns: 300 },
    )
    fc.assert(
      // Code points built directly: fast-check's 'binary' unit spends about a second building tables.
      fc.property(fc.array(fc.integer({ min: 0, max: 0x10ffff }), { maxLength: 200 }), (points) => {
        const text = points.map((p) => (p >= 0xd800 && p <= 0xdfff ? '\ufffd' : String.fromCodePoint(p))).join('')
        const bytes = new TextEncoder().encode(text)
        checkUnits(hl7Parser.parse(bytes), bytes)
      }),
      { numRuns: 300 },
    )
  })

  it('never throws on mutated valid messages', () => {
    fc.assert(
      fc.property(fc.constantFrom(...FIXTURES), fc.array(mutation, { minLength: 1, maxLength: 6 }), (file, mutations) => {
        const bytes = mutate(file, mutations)
        checkUnits(hl7Parser.parse(bytes), bytes)
      }),
      { numRuns: 400 },
    )
  })

  it('damage inside one message leaves its neighbours exactly as they were', () => {
    const file = new Uint8Array(readFileSync(FIXTURE_DIR + 'lab-multi-crlf.hl7'))
    const original = hl7Parser.parse(file)
    const [first, middle, last] = original
    if (first === undefined || middle === undefined || last === undefined) throw new Error('fixture changed')
    // Mutations stay inside the middle message's body: its MSH line (a damaged header is covered
    // by examples) and its final CRLF (so the next MSH still starts a line) are left alone.
    const start = first.raw.length + new TextDecoder('latin1').decode(middle.raw).indexOf('\r\n') + 2
    const end = first.raw.length + middle.raw.length - 2
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
        const damaged = mutate(file.subarray(start, end), mutations)
        const bytes = new Uint8Array(Buffer.concat([file.subarray(0, start), damaged, file.subarray(end)]))
        const units = hl7Parser.parse(bytes)
        checkUnits(units, bytes)
        expect(units[0]).toEqual(first)
        const after = units.at(-1)
        if (!last.ok || after === undefined || !after.ok) throw new Error('last message no longer parses')
        expect(after.raw).toEqual(last.raw)
        // Line numbers in its parse log move with the lines above it; everything else is unchanged.
        expect({ ...after.report, parseLog: [] }).toEqual({ ...last.report, parseLog: [] })
      }),
      { numRuns: 200 },
    )
  })

  it('parseHl7Message throws only ParseErrors with a location; buildAck never throws', () => {
    fc.assert(
      fc.property(fc.string({ unit: HL7_UNIT, maxLength: 80 }), (text) => {
        try {
          parseHl7Message(`MSH${text}`)
        } catch (e) {
          expect(e).toBeInstanceOf(ParseError)
          expect((e as ParseError).location.line).toBeGreaterThan(0)
        }
        for (const code of ['AA', 'AE', 'AR'] as const) {
          const ack = buildAck(`MSH${text}`, code, text)
          expect(ack.startsWith('MSH|^~\\&|')).toBe(true)
          expect(ack.split('\r')[1]?.startsWith(`MSA|${code}`)).toBe(true)
          expect(['\n', '\x0b', '\x1c'].some((c) => ack.includes(c))).toBe(false)
          expect(ack.slice(0, -1)).not.toContain('\r\r')
        }
      }),
      { numRuns: 300 },
    )
  })

  it('handles a large file quickly (linear work)', () => {
    const file = FIXTURES[0] ?? new Uint8Array()
    const big = Buffer.concat(Array.from({ length: 2000 }, () => Buffer.from(file)))
    const started = performance.now()
    const units = hl7Parser.parse(new Uint8Array(big))
    expect(units.length).toBeGreaterThanOrEqual(2000)
    // About 2.5 s on the shared 2-core machine alone, 4.5 s with other suites running; quadratic work would take minutes.
    expect(performance.now() - started).toBeLessThan(8000)
  })
})
