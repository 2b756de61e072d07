// MLLP framer: reassembly across chunk boundaries, garbage and oversize handling, and property checks.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MllpFramer, encodeFrame, type MllpFrameResult } from './framer'

const enc = (s: string) => new TextEncoder().encode(s)
const dec = (b: Uint8Array) => new TextDecoder().decode(b)

function messages(results: MllpFrameResult[]): string[] {
  return results.filter((r) => r.ok).map((r) => (r.ok ? dec(r.message) : ''))
}

function errors(results: MllpFrameResult[]): string[] {
  return results.flatMap((r) => (r.ok ? [] : [r.error]))
}

describe('MllpFramer', () => {
  it('encodes frames', () => {
    expect([...encodeFrame('AB')]).toEqual([0x0b, 0x41, 0x42, 0x1c, 0x0d])
    expect([...new MllpFramer().encode(new Uint8Array([1]))]).toEqual([0x0b, 1, 0x1c, 0x0d])
  })

  it('returns messages from whole frames, several per chunk', () => {
    const framer = new MllpFramer()
    const chunk = new Uint8Array([...encodeFrame('MSH|1\r'), ...encodeFrame('MSH|2\r')])
    expect(framer.push(chunk)).toEqual([
      { ok: true, message: enc('MSH|1\r') },
      { ok: true, message: enc('MSH|2\r') },
    ])
  })

  it('reassembles a frame pushed one byte at a time, including the end block split from its CR', () => {
    const framer = new MllpFramer()
    const out: MllpFrameResult[] = []
    for (const b of encodeFrame('MSH|^~\\&|A\rPID|1\r')) out.push(...framer.push(new Uint8Array([b])))
    expect(messages(out)).toEqual(['MSH|^~\\&|A\rPID|1\r'])
    expect(errors(out)).toEqual([])
  })

  it('tolerates line breaks between frames and a missing CR after the end block', () => {
    const framer = new MllpFramer()
    const out = framer.push(new Uint8Array([0x0b, 0x41, 0x1c, 0x0b, 0x42, 0x1c, 0x0d, 0x0a, 0x0d]))
    expect(messages(out)).toEqual(['A', 'B'])
    expect(errors(out)).toEqual([])
  })

  it('reports garbage outside frames once per run, with its offset', () => {
    const framer = new MllpFramer()
    const out = [...framer.push(enc('junk')), ...framer.push(new Uint8Array([...enc('!!'), ...encodeFrame('OK')])), ...framer.push(enc('x'))]
    expect(messages(out)).toEqual(['OK'])
    expect(errors(out)).toEqual(['6 byte(s) outside any frame at stream offset 0 discarded'])
    expect(errors(framer.end())).toEqual(['1 byte(s) outside any frame at stream offset 11 discarded'])
  })

  it('discards a frame interrupted by a new start block and keeps the new one', () => {
    const framer = new MllpFramer()
    const out = framer.push(new Uint8Array([0x0b, 0x41, 0x41, ...encodeFrame('B')]))
    expect(messages(out)).toEqual(['B'])
    expect(errors(out)).toEqual(['incomplete frame at stream offset 0 discarded (2 bytes): a new frame started before the end block'])
  })

  it('caps the frame size and resynchronises on the next start block', () => {
    const framer = new MllpFramer({ maxFrameBytes: 4 })
    const out = [
      ...framer.push(new Uint8Array([0x0b, 1, 2, 3])),
      ...framer.push(new Uint8Array([4, 5, 6, 0x1c, 0x0d, 7, 8])),
      ...framer.push(encodeFrame('ABCD')),
    ]
    expect(errors(out)).toEqual(['frame at stream offset 0 exceeds 4 bytes; discarded up to the next start block'])
    expect(messages(out)).toEqual(['ABCD'])
  })

  it('reports empty frames and a connection that ends mid-frame', () => {
    const framer = new MllpFramer()
    expect(errors(framer.push(new Uint8Array([0x0b, 0x1c, 0x0d, 0x0b, 0x41])))).toEqual(['empty frame at stream offset 0'])
    expect(errors(framer.end())).toEqual(['connection ended inside a frame started at stream offset 3 (1 bytes discarded)'])
  })

  it('does not keep references to the caller’s chunk buffers', () => {
    const framer = new MllpFramer()
    const chunk = new Uint8Array([0x0b, 0x41, 0x42])
    framer.push(chunk)
    chunk.fill(0x5a)
    expect(messages(framer.push(new Uint8Array([0x1c, 0x0d])))).toEqual(['AB'])
  })

  it('rejects a nonsensical size cap', () => {
    expect(() => new MllpFramer({ maxFrameBytes: 0 })).toThrow(RangeError)
  })
})

describe('MllpFramer properties', () => {
  // Message bytes may be anything except the two block characters.
  const body = fc.uint8Array({ minLength: 1, maxLength: 200 }).map((b) => b.map((x) => (x === 0x0b || x === 0x1c ? 0x20 : x)))

  it('valid frames split at random boundaries reassemble exactly, in order, without errors', () => {
    fc.assert(
      fc.property(fc.array(body, { minLength: 1, maxLength: 8 }), fc.array(fc.nat(), { maxLength: 20 }), (bodies, cuts) => {
        const stream = Buffer.concat(bodies.map((b) => Buffer.from(encodeFrame(b))))
        const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b)
        const framer = new MllpFramer()
        const out: MllpFrameResult[] = []
        let prev = 0
        for (const p of [...points, stream.length]) {
          out.push(...framer.push(new Uint8Array(stream.subarray(prev, p))))
          prev = p
        }
        out.push(...framer.end())
        expect(out).toEqual(bodies.map((b) => ({ ok: true, message: b })))
      }),
      { numRuns: 300 },
    )
  })

  it('random bytes never throw, and every result is a message or an error', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 10 }), fc.integer({ min: 1, max: 64 }), (chunks, max) => {
        const framer = new MllpFramer({ maxFrameBytes: max })
        const out = [...chunks.flatMap((c) => framer.push(c)), ...framer.end()]
        for (const r of out) {
          if (r.ok) {
            expect(r.message.length).toBeGreaterThan(0)
            expect(r.message.length).toBeLessThanOrEqual(max)
            expect(r.message.includes(0x0b) || r.message.includes(0x1c)).toBe(false)
          } else expect(r.error.length).toBeGreaterThan(0)
        }
      }),
      { numRuns: 300 },
    )
  })

  it('handles a large stream in small chunks in linear time', () => {
    const frame = encodeFrame('x'.repeat(1000))
    const stream = Buffer.concat(Array.from({ length: 5000 }, () => Buffer.from(frame)))
    const framer = new MllpFramer()
    const started = performance.now()
    let count = 0
    for (let i = 0; i < stream.length; i += 1460) count += framer.push(new Uint8Array(stream.subarray(i, i + 1460))).length
    expect(count).toBe(5000)
    expect(performance.now() - started).toBeLessThan(3000)
  })
})
