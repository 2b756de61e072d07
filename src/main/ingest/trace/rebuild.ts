// Rebuilds what went over the wire from a textual capture: ASTM low-level frames grouped by transmission (ENQ … EOT),
// or HL7 messages (MLLP blocks VT … FS CR, or segments one per line), each with the capture lines it came from.
import { astmChecksum } from '../astm/lowLevel'
import { decodeCaret, decodeMarkers, OPENING_CARET, OPENING_MARKER, RECORD_WITH_MARKER, stripPrefix } from './markers'

const STX = 0x02
const ETX = 0x03
const EOT = 0x04
const ENQ = 0x05
const ACK = 0x06
const CR = 0x0d
const LF = 0x0a
const NAK = 0x15
const ETB = 0x17

/** One transmission (ASTM) or message (HL7), rebuilt, with the 1-based capture lines it spans. */
export interface TraceChunk {
  bytes: Uint8Array
  firstLine: number
  lastLine: number
  /** The capture line each rebuilt byte came from, so an error in the message can name the line to look at. */
  lineOfByte: readonly number[]
}

export type RebuiltTrace =
  | { ok: true; protocol: 'astm' | 'hl7'; chunks: TraceChunk[]; notes: string[] }
  | { ok: false; reason: string }

interface Line {
  lineNo: number
  /** Data after the monitor's prefix, markers decoded, one Latin-1 character per byte. */
  text: string
  markers: number
}

/** The capture as lines of data; caret notation only when no other marker style occurs in it. */
export function traceLines(text: string): { lines: Line[]; style: string } {
  const raw = text.split(/\r\n|\r|\n/)
  const payloads = raw.map(stripPrefix)
  const caret = !payloads.some((p) => decodeMarkers(p).markers > 0) && payloads.some((p) => OPENING_CARET.test(p))
  const lines = payloads.map((p, i) => ({ lineNo: i + 1, ...(caret ? decodeCaret(p) : decodeMarkers(p)) }))
  return { lines, style: caret ? 'caret notation (^B)' : styleOf(text) }
}

function styleOf(text: string): string {
  const m = /([[<{])(?:STX|VT|SB|ENQ|ACK|CR|0x02|0x0b)[\]>}]|\\x0[2b]/i.exec(text)
  if (!m) return 'textual markers'
  return m[1] === undefined ? 'escapes (\\x02)' : `${m[0]}-style markers`
}

/** A capture shows its first frame or block within its first lines (after a few lines of the monitor's own header). */
const SNIFF_LINES = 500
const MAYBE_MARKER = /[[<{](?:STX|VT|SB|0x0[2bad]|0[2bad]h|CR|LF)[\]>}]|\\x0[2bd]|\\r|\^B[0-7]|\^KMSH/i

/** True when the text looks like a monitor's capture: a frame or block opening written as markers. */
export function sniffTrace(text: string): boolean {
  if (!MAYBE_MARKER.test(text)) return false
  let n = 0
  for (const line of text.split(/\r\n|\r|\n/, SNIFF_LINES)) {
    if (++n > SNIFF_LINES) return false
    // Cheap test first: every HL7 or ASTM file is read here too, before its own parser.
    if (!MAYBE_MARKER.test(line)) continue
    const data = stripPrefix(line)
    if (OPENING_MARKER.test(data) || OPENING_CARET.test(data) || RECORD_WITH_MARKER.test(data)) return true
  }
  return false
}

function latin1Bytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length)
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff
  return out
}

/** Nothing but blanks and control characters (ACK, EOT, a stray CR): no data on the line. */
const noData = (s: string) => [...s].every((ch) => ch.charCodeAt(0) < 0x20 || ch.trim() === '')
/** STX followed by a frame number somewhere in the text. */
function hasFrameStart(s: string): boolean {
  for (let i = s.indexOf('\x02'); i >= 0; i = s.indexOf('\x02', i + 1)) if (/[0-7]/.test(s[i + 1] ?? '')) return true
  return false
}
/** VT followed (after blanks) by MSH. */
const hasBlockStart = (s: string) => s.split('\x0b').slice(1).some((after) => /^\s*MSH/.test(after))

const isHex = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66)

/**
 * ASTM: bytes inside frames (STX … ETX|ETB + checksum + CR LF) and the ENQ/ACK/NAK/EOT between them; a line break
 * inside a frame is the monitor wrapping a long line. A frame the capture shows without a checksum gets the one its
 * bytes give (noted: not verified); one with a checksum is left for the low-level reader to verify.
 */
function rebuildAstm(lines: readonly Line[]): RebuiltTrace {
  const chunks: TraceChunk[] = []
  let session: number[] = []
  let lineOf: number[] = []
  let first = 0
  let last = 0
  let frames = 0
  let inFrame = false
  let frameStart = 0
  let trailer = 0
  let unchecked = 0
  let ignoredLines = 0

  const close = () => {
    if (session.includes(STX)) chunks.push({ bytes: Uint8Array.from(session), firstLine: first, lastLine: last, lineOfByte: lineOf })
    session = []
    lineOf = []
    first = 0
  }
  const touch = (lineNo: number) => {
    if (first === 0) first = lineNo
    last = lineNo
  }

  for (const line of lines) {
    let used = false
    let stray = false
    const push = (...bytes: number[]) => {
      session.push(...bytes)
      for (let k = 0; k < bytes.length; k++) lineOf.push(line.lineNo)
    }
    for (let i = 0; i < line.text.length; i++) {
      const c = line.text.charCodeAt(i)
      if (trailer > 0) {
        if (isHex(c)) {
          push(c)
          trailer--
          used = true
          continue
        }
        if (trailer === 2) {
          // No checksum in the capture: supply the frame's own, so the frame is read (and say it was not verified).
          push(...latin1Bytes(astmChecksum(Uint8Array.from(session.slice(frameStart + 1)))))
          unchecked++
        }
        trailer = 0
      }
      if (inFrame) {
        push(c)
        used = true
        if (c === ETX || c === ETB) {
          inFrame = false
          trailer = 2
        } else if (c === STX) frameStart = session.length - 1
        continue
      }
      if (c === STX) {
        inFrame = true
        frames++
        frameStart = session.length
        push(c)
        used = true
      } else if (c === ENQ) {
        if (session.includes(STX)) close()
      } else if (c === EOT) {
        push(c)
        if (session.includes(STX)) touch(line.lineNo)
        close()
      } else if (c === ACK || c === NAK || c === CR || c === LF) {
        if (session.includes(STX)) push(c)
      } else if (c !== 0x20 && c !== 0x09) stray = true
    }
    if (used) touch(line.lineNo)
    if (stray && !used) ignoredLines++
  }
  if (trailer === 2) {
    const sum = latin1Bytes(astmChecksum(Uint8Array.from(session.slice(frameStart + 1))))
    session.push(...sum)
    for (let k = 0; k < sum.length; k++) lineOf.push(last)
    unchecked++
  }
  close()
  if (frames === 0) return { ok: false, reason: 'no ASTM frame (STX, frame number, text, ETX or ETB) could be read from the markers' }
  const notes = [`${frames} ASTM frame(s) rebuilt; checksums ${unchecked === 0 ? 'verified' : unchecked === frames ? 'absent from the capture: not verified' : `verified where the capture shows them (${unchecked} frame(s) without one: not verified)`}`]
  if (ignoredLines > 0) notes.push(`${ignoredLines} capture line(s) without frame data ignored`)
  return { ok: true, protocol: 'astm', chunks, notes }
}

/** De-framed ASTM records, one per line, with CR markers: read as record text. */
function rebuildAstmText(lines: readonly Line[]): RebuiltTrace {
  const records = lines.filter((l) => /^[HPOQRCLM][|]/.test(l.text))
  if (records.length === 0) return { ok: false, reason: 'no ASTM record could be read' }
  const texts = records.map((l) => l.text.replace(/[\r\n]+$/, '') + '\r')
  const lineOfByte = records.flatMap((l, i) => Array<number>(texts[i]!.length).fill(l.lineNo))
  const chunk = { bytes: latin1Bytes(texts.join('')), firstLine: records[0]!.lineNo, lastLine: records.at(-1)!.lineNo, lineOfByte }
  return { ok: true, protocol: 'astm', chunks: [chunk], notes: ['ASTM records (without frames) rebuilt'] }
}

/** MSH-9's message type, e.g. "ACK" or "ORU". */
function messageType(message: string): string {
  const sep = message[3] ?? '|'
  return (message.split(/[\r\n]/, 1)[0] ?? '').split(sep)[8]?.split(message[4] ?? '^')[0] ?? ''
}

/**
 * HL7: MLLP blocks (VT … FS) when the capture shows them, a monitor's line break inside a block standing for the
 * segment's CR; otherwise segments one per line, a message starting at each MSH. Acknowledgements (MSH-9 ACK) are the
 * receiver's side of the conversation and are skipped.
 */
function rebuildHl7(lines: readonly Line[]): RebuiltTrace {
  interface Message {
    text: string
    firstLine: number
    lastLine: number
    lineOf: number[]
  }
  const messages: Message[] = []
  const framed = lines.some((l) => l.text.includes('\x0b'))
  let current: Message | undefined
  const add = (m: Message, text: string, lineNo: number) => {
    m.text += text
    for (let k = 0; k < text.length; k++) m.lineOf.push(lineNo)
  }
  let ignoredLines = 0
  for (const line of lines) {
    if (framed) {
      let used = false
      for (const ch of line.text) {
        if (current === undefined) {
          if (ch === '\x0b') {
            current = { text: '', firstLine: line.lineNo, lastLine: line.lineNo, lineOf: [] }
            used = true
          }
          continue
        }
        used = true
        if (ch === '\x1c') {
          current.lastLine = line.lineNo
          messages.push(current)
          current = undefined
        } else add(current, ch, line.lineNo)
      }
      if (current !== undefined && used) {
        current.lastLine = line.lineNo
        if (current.text !== '' && !/[\r\n]$/.test(current.text)) add(current, '\r', line.lineNo)
      }
      if (!used && !noData(line.text)) ignoredLines++
      continue
    }
    const data = line.text.replace(/[\r\n]+$/, '')
    if (/^MSH[^\w\s]/.test(data)) {
      if (current) messages.push(current)
      current = { text: '', firstLine: line.lineNo, lastLine: line.lineNo, lineOf: [] }
    }
    if (current && /^[A-Z][A-Z0-9]{2}[^\w\s]/.test(data)) {
      add(current, data.replace(/\r?\n|\r/g, '\r') + '\r', line.lineNo)
      current.lastLine = line.lineNo
    } else if (!noData(data)) ignoredLines++
  }
  if (current) messages.push(current)
  const unterminated = framed && current !== undefined
  const kept = messages.filter((m) => m.text.trim() !== '')
  const acks = kept.filter((m) => messageType(m.text.trimStart()) === 'ACK').length
  const chunks = kept.filter((m) => messageType(m.text.trimStart()) !== 'ACK').map((m) => ({ bytes: latin1Bytes(m.text), firstLine: m.firstLine, lastLine: m.lastLine, lineOfByte: m.lineOf }))
  if (chunks.length === 0) {
    return { ok: false, reason: acks > 0 ? 'the capture holds only acknowledgements (MSH-9 ACK), no message to import' : 'no HL7 message (MSH segment) could be read from the markers' }
  }
  const notes = [`${chunks.length} HL7 message(s) rebuilt${framed ? ' from MLLP blocks (VT … FS)' : ''}`]
  if (acks > 0) notes.push(`${acks} acknowledgement message(s) (MSH-9 ACK) from the receiver skipped`)
  if (unterminated) notes.push('the capture ends inside an MLLP block (no FS): its last message may be incomplete')
  if (ignoredLines > 0) notes.push(`${ignoredLines} capture line(s) outside messages ignored`)
  return { ok: true, protocol: 'hl7', chunks, notes }
}

/** What the capture held, rebuilt; or why it could not be. */
export function rebuildTrace(text: string): RebuiltTrace & { style?: string } {
  const { lines, style } = traceLines(text)
  const hasFrame = lines.some((l) => hasFrameStart(l.text))
  const hasBlock = lines.some((l) => hasBlockStart(l.text))
  const hasSegments = lines.some((l) => /^MSH[^\w\s]/.test(l.text))
  const hasRecords = lines.some((l) => /^H[|][\\^&]/.test(l.text))
  let rebuilt: RebuiltTrace
  if (hasFrame) rebuilt = rebuildAstm(lines)
  else if (hasBlock || hasSegments) rebuilt = rebuildHl7(lines)
  else if (hasRecords) rebuilt = rebuildAstmText(lines)
  else rebuilt = { ok: false, reason: 'no ASTM frame, ASTM record or HL7 message could be read from the markers' }
  return rebuilt.ok ? { ...rebuilt, notes: [`Device trace: read from a monitor's capture with ${style}`, ...rebuilt.notes.map((n) => `Device trace: ${n}`)], style } : rebuilt
}
