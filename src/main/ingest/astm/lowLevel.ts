// ASTM E1381 / LIS2-A2 low-level frames (STX FN text ETB|ETX C1 C2 CR LF) → record texts, checksums verified.
import { ParseError } from '../../../shared/domain/report'
import { decodeText } from '../decodeText'
import type { AstmRecordText } from './records'

const STX = 0x02
const ETX = 0x03
const EOT = 0x04
const ENQ = 0x05
const ACK = 0x06
const NAK = 0x15
const ETB = 0x17
const CR = 0x0d
const LF = 0x0a

/** Text longer than this breaks the standard; tolerated but noted. */
const MAX_FRAME_TEXT = 240

export interface DeframedRecords {
  records: AstmRecordText[]
  /** File-level notes (garbage between frames, retransmissions, long frames) for every report's parse log. */
  notes: string[]
}

interface Frame {
  start: number
  /** Index just past the frame (after C1 C2 and any CR LF). */
  end: number
  fn: number
  text: Uint8Array
  final: boolean
  error?: string
}

/** The checksum covers FN through ETX/ETB, modulo 256, written as two hex digits. */
export function astmChecksum(bytes: Uint8Array): string {
  let sum = 0
  for (const b of bytes) sum = (sum + b) & 0xff
  return sum.toString(16).toUpperCase().padStart(2, '0')
}

function readFrame(bytes: Uint8Array, start: number): Frame {
  const fnByte = bytes[start + 1]
  let j = start + 1
  while (j < bytes.length) {
    const b = bytes[j]
    if (b === ETX || b === ETB || b === STX || b === EOT || b === ENQ) break
    j++
  }
  const terminator = bytes[j]
  const fn = fnByte !== undefined && fnByte >= 0x30 && fnByte <= 0x37 ? fnByte - 0x30 : -1
  const text = bytes.slice(Math.min(start + 2, j), j)
  if (terminator !== ETX && terminator !== ETB) {
    return { start, end: j, fn, text, final: true, error: 'frame has no end (ETX or ETB) before the next control character or end of input' }
  }
  const sent = String.fromCharCode(bytes[j + 1] ?? 0, bytes[j + 2] ?? 0)
  let end = Math.min(j + 3, bytes.length)
  if (bytes[end] === CR) end++
  if (bytes[end] === LF) end++
  const frame: Frame = { start, end, fn, text, final: terminator === ETX }
  const expected = astmChecksum(bytes.subarray(start + 1, j + 1))
  if (fn < 0) frame.error = 'frame number is not a digit 0-7'
  else if (!/^[0-9A-Fa-f]{2}$/.test(sent)) frame.error = 'frame checksum is missing'
  else if (sent.toUpperCase() !== expected) frame.error = `frame checksum mismatch (frame says ${sent.toUpperCase()}, computed ${expected})`
  return frame
}

interface Part {
  text: Uint8Array
  /** Transport error of the frame this text came from, with its 1-based byte offset. */
  error?: { message: string; offset: number }
}

interface Assembly {
  start: number
  end: number
  parts: Part[]
}

/**
 * Reassembles records from frames: ETB frames continue a record, an ETX frame ends it. A frame that
 * failed its checksum and is followed by a frame with the same number is a retransmission (the
 * receiver sent NAK): the bad copy is dropped. Otherwise the records it belongs to carry the error,
 * so their message becomes a failed unit while the other messages are unaffected.
 */
export function deframeAstm(bytes: Uint8Array): DeframedRecords {
  const records: AstmRecordText[] = []
  const notes: string[] = []
  let assembly: Assembly | undefined
  let pendingBad: Frame | undefined
  let lastGood: Frame | undefined
  let recordNo = 0
  let garbage = 0
  let longFrames = 0

  const finish = () => {
    if (assembly === undefined) return
    const { start, end, parts } = assembly
    assembly = undefined
    const joined = new Uint8Array(parts.reduce((n, p) => n + p.text.length, 0))
    let offset = 0
    for (const p of parts) {
      joined.set(p.text, offset)
      offset += p.text.length
    }
    const pieces = decodeText(joined).text.split(/\r\n|\r|\n/).filter((t) => t.trim() !== '')
    const failed = parts.find((p) => p.error !== undefined)?.error
    // A frame whose text was lost still needs a record to carry its error into the right message.
    if (pieces.length === 0 && failed !== undefined) pieces.push('')
    const error = failed === undefined ? undefined : new ParseError(failed.message, { line: recordNo + 1, offset: failed.offset })
    for (const text of pieces) {
      recordNo++
      const rec: AstmRecordText = { text, start, end, location: { line: recordNo, offset: start + 1 } }
      if (error !== undefined) rec.error = error
      records.push(rec)
    }
  }

  const add = (frame: Frame) => {
    assembly ??= { start: frame.start, end: frame.end, parts: [] }
    const part: Part = { text: frame.text }
    if (frame.error !== undefined) part.error = { message: frame.error, offset: frame.start + 1 }
    assembly.parts.push(part)
    assembly.end = frame.end
  }

  /** No retransmission followed the bad frame: its error stands, and if it was final its record ends. */
  const settleBad = () => {
    if (pendingBad === undefined) return
    const final = pendingBad.final
    pendingBad = undefined
    if (final) finish()
  }

  let i = 0
  while (i < bytes.length) {
    const b = bytes[i]
    if (b !== STX) {
      if (b === EOT) {
        settleBad()
        lastGood = undefined
      } else if (b !== ENQ && b !== ACK && b !== NAK && b !== CR && b !== LF) garbage++
      i++
      continue
    }
    const frame = readFrame(bytes, i)
    i = Math.max(frame.end, i + 1)
    if (frame.text.length > MAX_FRAME_TEXT) longFrames++

    if (frame.error !== undefined) {
      settleBad()
      add(frame)
      pendingBad = frame
      continue
    }
    if (pendingBad !== undefined && pendingBad.fn === frame.fn) {
      // The bad frame is always the last part added, so the retransmission replaces it.
      assembly?.parts.pop()
      pendingBad = undefined
      notes.push(`frame at offset ${frame.start + 1} is a retransmission of a frame with a bad checksum; the good copy was used`)
    } else {
      settleBad()
      if (lastGood !== undefined && lastGood.fn === frame.fn && equalBytes(lastGood.text, frame.text)) {
        // The sender repeats a frame whose ACK it missed; the first copy was already used.
        notes.push(`duplicate frame at offset ${frame.start + 1} ignored`)
        continue
      }
    }
    add(frame)
    lastGood = frame
    if (frame.final) finish()
  }
  settleBad()
  if (assembly !== undefined) {
    const open: Assembly = assembly
    open.parts.push({ text: new Uint8Array(), error: { message: 'transmission ended inside a record (no ETX frame)', offset: open.start + 1 } })
    finish()
  }
  if (garbage > 0) notes.push(`${garbage} byte(s) outside frames ignored`)
  if (longFrames > 0) notes.push(`${longFrames} frame(s) longer than ${MAX_FRAME_TEXT} characters`)
  return { records, notes }
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/** True when the bytes look like low-level frames rather than plain record text. */
export function isFramedAstm(bytes: Uint8Array): boolean {
  const limit = Math.min(bytes.length, 1024)
  for (let i = 0; i < limit; i++) {
    const b = bytes[i]
    if (b === STX) return true
    if (b !== ENQ && b !== EOT && b !== ACK && b !== NAK && b !== CR && b !== LF && b !== 0x20 && b !== 0x09) return false
  }
  return false
}
