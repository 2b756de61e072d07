// The device-trace FormatParser: a serial-port or socket monitor's capture of ASTM or HL7 traffic, with control
// characters written as text, is rebuilt and read by the ASTM and HL7 parsers; each report keeps the capture lines
// its message came from as its raw source. A capture that cannot be rebuilt is stored as text, saying why.
import { ParseError, describeLocation, type ParsedUnit } from '../../../shared/domain/report'
import { parseAstmFile } from '../astm'
import { decodeText } from '../decodeText'
import { parseHl7File } from '../hl7'
import { plainTextParser } from '../plainText'
import type { FormatParser } from '../types'
import { rebuildTrace, sniffTrace, type TraceChunk } from './rebuild'

/** The capture as one character per byte (true Latin-1, not windows-1252), and where each line starts in the bytes. */
function captureText(bytes: Uint8Array): { text: string; lineStarts: number[]; lineBytes: (first: number, last: number) => Uint8Array } {
  const decoded = decodeText(bytes.subarray(0, 4))
  if (decoded.encoding === 'utf-16le' || decoded.encoding === 'utf-16be') {
    // Rare for a monitor; read it as UTF-8 text and keep the whole capture as each report's source.
    const text = Buffer.from(decodeText(bytes).text, 'utf8').toString('latin1')
    return { text, lineStarts: [], lineBytes: () => bytes.slice() }
  }
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0
  const text = Buffer.from(bytes.buffer, bytes.byteOffset + bom, bytes.length - bom).toString('latin1')
  const lineStarts = [0]
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x0d && text.charCodeAt(i + 1) === 0x0a) continue
    if (c === 0x0d || c === 0x0a) lineStarts.push(i + 1)
  }
  const lineBytes = (first: number, last: number) => {
    const start = bom + (lineStarts[first - 1] ?? 0)
    const end = bom + (lineStarts[last] ?? text.length)
    return bytes.slice(start, end)
  }
  return { text, lineStarts, lineBytes }
}

/** The capture line of a place in the rebuilt message: its byte offset, else the start of its (1-based) line. */
function captureLine(chunk: TraceChunk, at: { offset?: number; line?: number }): number {
  if (at.offset !== undefined) return chunk.lineOfByte[at.offset - 1] ?? chunk.firstLine
  if (at.line === undefined) return chunk.firstLine
  let seen = 1
  for (let i = 0; i < chunk.bytes.length && seen < at.line; i++) {
    const b = chunk.bytes[i]
    if (b === 0x0d || (b === 0x0a && chunk.bytes[i - 1] !== 0x0d)) {
      seen++
      if (seen === at.line) return chunk.lineOfByte[i + 1] ?? chunk.firstLine
    }
  }
  return chunk.firstLine
}

/** The rebuilt message's error, placed in the capture: the line to look at, and where in the rebuilt message. */
function placed(error: ParseError, chunk: TraceChunk): ParseError {
  const within = describeLocation(error.location)
  return new ParseError(
    `${error.message} (in the message rebuilt from capture lines ${chunk.firstLine}–${chunk.lastLine}${within ? `; ${within} of that message` : ''})`,
    { line: captureLine(chunk, error.location) },
  )
}

function asText(bytes: Uint8Array, reason: string): ParsedUnit[] {
  const units = plainTextParser.parse(bytes)
  for (const u of units) if (u.ok) u.report.parseLog.unshift(`Device trace not rebuilt: ${reason}`)
  return units
}

export function parseTraceFile(bytes: Uint8Array): ParsedUnit[] {
  const capture = captureText(bytes)
  const rebuilt = rebuildTrace(capture.text)
  if (!rebuilt.ok) return asText(bytes, rebuilt.reason)
  const units: ParsedUnit[] = []
  for (const chunk of rebuilt.chunks) {
    const inner = rebuilt.protocol === 'astm' ? parseAstmFile(chunk.bytes) : parseHl7File(chunk.bytes)
    // The capture lines of this transmission, as received; reports drawn from the same lines are told apart by part.
    const raw = capture.lineBytes(chunk.firstLine, chunk.lastLine)
    inner.forEach((unit, i) => {
      const index = units.length
      if (!unit.ok) {
        units.push({ ok: false, error: placed(unit.error, chunk), raw, index })
        return
      }
      unit.report.parseLog.unshift(...rebuilt.notes, `Device trace: capture lines ${chunk.firstLine}–${chunk.lastLine}`)
      units.push({ ok: true, report: unit.report, raw, index, ...(inner.length > 1 ? { part: i } : {}) })
    })
  }
  if (units.length === 0) return asText(bytes, 'the rebuilt frames hold no message')
  return units
}

export const traceParser: FormatParser = {
  name: 'trace',
  sniff: (text) => sniffTrace(text),
  parse: (bytes) => parseTraceFile(bytes),
}
