// Incremental MLLP framing (0x0B message 0x1C 0x0D) for a TCP byte stream: pure, no sockets.

export type MllpFrameResult = { ok: true; message: Uint8Array } | { ok: false; error: string }

export interface MllpFramerOptions {
  /** Largest message accepted, in bytes (framing bytes excluded). Default 16 MiB. */
  maxFrameBytes?: number
}

const START_BLOCK = 0x0b
const END_BLOCK = 0x1c
const CARRIAGE_RETURN = 0x0d
const LINE_FEED = 0x0a

export const DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024

/** Wraps a message in an MLLP frame; a string is sent as UTF-8. */
export function encodeFrame(message: string | Uint8Array): Uint8Array {
  const body = typeof message === 'string' ? new TextEncoder().encode(message) : message
  const frame = new Uint8Array(body.length + 3)
  frame[0] = START_BLOCK
  frame.set(body, 1)
  frame[body.length + 1] = END_BLOCK
  frame[body.length + 2] = CARRIAGE_RETURN
  return frame
}

type State =
  | 'between' // outside a frame, waiting for 0x0B
  | 'inside' // collecting message bytes
  | 'after-end' // saw 0x1C, expecting 0x0D
  | 'oversized' // frame over the cap: discarding until the next 0x0B

/**
 * Feed it socket chunks; it returns complete messages and errors as they become known. Each byte is
 * examined once and each message copied once, so work is linear in the stream however it is chunked.
 */
export class MllpFramer {
  private readonly maxFrameBytes: number
  private state: State = 'between'
  private parts: Uint8Array[] = []
  private size = 0
  /** Stream offset of the current frame's 0x0B, for error messages. */
  private frameStart = 0
  /** Bytes seen so far in the whole stream. */
  private streamOffset = 0
  /** A run of non-frame bytes not yet reported, reported once when the run ends. */
  private garbageCount = 0
  private garbageStart = 0

  constructor(options: MllpFramerOptions = {}) {
    const max = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES
    if (!Number.isInteger(max) || max < 1) throw new RangeError('maxFrameBytes must be a positive integer')
    this.maxFrameBytes = max
  }

  encode(message: string | Uint8Array): Uint8Array {
    return encodeFrame(message)
  }

  push(chunk: Uint8Array): MllpFrameResult[] {
    const out: MllpFrameResult[] = []
    let segmentStart = 0 // start of message bytes within this chunk while inside a frame
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i] ?? 0
      const at = this.streamOffset + i
      switch (this.state) {
        case 'between':
          if (b === START_BLOCK) {
            this.flushGarbage(out)
            this.beginFrame(at)
            segmentStart = i + 1
          } else if (b !== CARRIAGE_RETURN && b !== LINE_FEED) {
            // Line breaks between frames are common sender habit, not worth an error.
            if (this.garbageCount === 0) this.garbageStart = at
            this.garbageCount++
          }
          break
        case 'inside':
          if (b === END_BLOCK) {
            this.collect(chunk, segmentStart, i, out)
            if (this.state === 'inside') {
              const message = this.takeMessage()
              out.push(message.length > 0 ? { ok: true, message } : { ok: false, error: `empty frame at stream offset ${this.frameStart}` })
              this.state = 'after-end'
            }
          } else if (b === START_BLOCK) {
            // The sender restarted mid-frame (reconnect or bug): the unfinished frame cannot be trusted.
            this.collect(chunk, segmentStart, i, out)
            if (this.state === 'inside') {
              out.push({ ok: false, error: `incomplete frame at stream offset ${this.frameStart} discarded (${this.size} bytes): a new frame started before the end block` })
            }
            this.beginFrame(at)
            segmentStart = i + 1
          } else if (this.size + (i + 1 - segmentStart) > this.maxFrameBytes) {
            this.reportOversized(out)
          }
          break
        case 'after-end':
          this.state = 'between'
          if (b === START_BLOCK) {
            this.beginFrame(at)
            segmentStart = i + 1
          } else if (b !== CARRIAGE_RETURN && b !== LINE_FEED) {
            // A missing CR after 0x1C is tolerated; the message itself was complete.
            this.garbageStart = at
            this.garbageCount = 1
          }
          break
        case 'oversized':
          if (b === START_BLOCK) {
            this.beginFrame(at)
            segmentStart = i + 1
          }
          break
      }
    }
    if (this.state === 'inside') this.collect(chunk, segmentStart, chunk.length, out)
    this.streamOffset += chunk.length
    return out
  }

  /** Call when the connection closes: reports an unfinished frame or trailing garbage. */
  end(): MllpFrameResult[] {
    const out: MllpFrameResult[] = []
    this.flushGarbage(out)
    if (this.state === 'inside') {
      out.push({ ok: false, error: `connection ended inside a frame started at stream offset ${this.frameStart} (${this.size} bytes discarded)` })
    }
    this.parts = []
    this.size = 0
    this.state = 'between'
    return out
  }

  private beginFrame(at: number): void {
    this.state = 'inside'
    this.parts = []
    this.size = 0
    this.frameStart = at
  }

  /** Copies chunk[from, to) into the frame; the caller may reuse its buffer after push returns. */
  private collect(chunk: Uint8Array, from: number, to: number, out: MllpFrameResult[]): void {
    if (to <= from) return
    if (this.size + (to - from) > this.maxFrameBytes) {
      this.reportOversized(out)
      return
    }
    this.parts.push(chunk.slice(from, to))
    this.size += to - from
  }

  private reportOversized(out: MllpFrameResult[]): void {
    out.push({ ok: false, error: `frame at stream offset ${this.frameStart} exceeds ${this.maxFrameBytes} bytes; discarded up to the next start block` })
    this.parts = []
    this.size = 0
    this.state = 'oversized'
  }

  private takeMessage(): Uint8Array {
    const message = this.parts.length === 1 ? (this.parts[0] ?? new Uint8Array()) : new Uint8Array(this.size)
    if (this.parts.length !== 1) {
      let offset = 0
      for (const part of this.parts) {
        message.set(part, offset)
        offset += part.length
      }
    }
    this.parts = []
    this.size = 0
    return message
  }

  private flushGarbage(out: MllpFrameResult[]): void {
    if (this.garbageCount === 0) return
    out.push({ ok: false, error: `${this.garbageCount} byte(s) outside any frame at stream offset ${this.garbageStart} discarded` })
    this.garbageCount = 0
  }
}
