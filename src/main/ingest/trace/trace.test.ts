// Unit tests for reading monitor captures: prefixes, marker styles, caret notation, sniffing and rebuilding frames.
import { describe, expect, it } from 'vitest'
import { parseHl7File } from '../hl7'
import { astmChecksum } from '../astm'
import { decodeCaret, decodeMarkers, stripPrefix } from './markers'
import { parseTraceFile } from './parseTrace'
import { rebuildTrace, sniffTrace } from './rebuild'

const latin1 = (b: Uint8Array) => Buffer.from(b).toString('latin1')
const frame = (fn: string, text: string) => `${fn}${text}[CR][ETX]${astmChecksum(Buffer.from(`${fn}${text}\r\x03`, 'latin1'))}[CR][LF]`

describe('stripPrefix', () => {
  it.each([
    ['2024-03-01 10:15:02.123 <- [STX]1H|', '[STX]1H|'],
    ['2024-03-01T12:00:00.121Z >> <VT>MSH|', '<VT>MSH|'],
    ['[10:20:12] ^B1H|', '^B1H|'],
    ['10:15:02,5 RX: <ENQ>', '<ENQ>'],
    ['01.03.2024 10:15:02 TX> [ACK]', '[ACK]'],
    ['(0.512) ^KMSH|', '^KMSH|'],
    ['12.345 s  -> [EOT]', '[EOT]'],
    ['0012: [RX] <STX>2P|1', '<STX>2P|1'],
    ['IN  <0x05>', '<0x05>'],
    ['Received: \\x0bMSH|', '\\x0bMSH|'],
    ['Host -> [ACK]', '[ACK]'],
    ['S: [ENQ]', '[ENQ]'],
    // Data is never taken for a prefix: segments, records and markers at the start stay.
    ['MSH|^~\\&|A', 'MSH|^~\\&|A'],
    ['IN1|1|X', 'IN1|1|X'],
    ['H|\\^&|||', 'H|\\^&|||'],
    ['<STX>1H|', '<STX>1H|'],
    ['PID|1||X', 'PID|1||X'],
  ])('%s → %s', (line, data) => expect(stripPrefix(line)).toBe(data))
})

describe('decodeMarkers', () => {
  it.each([
    ['[STX]1H|[CR][ETX]A5[CR][LF]', '\x021H|\r\x03A5\r\n', 5],
    ['<stx>1<cr><etx>', '\x021\r\x03', 3],
    ['{ENQ}{ACK}{EOT}{NAK}{ETB}', '\x05\x06\x04\x15\x17', 5],
    ['<VT>MSH|<CR><FS><CR>', '\x0bMSH|\r\x1c\r', 4],
    ['<SB>MSH|<EB><CR>', '\x0bMSH|\x1c\r', 3],
    ['<0x02>1<0x0D><0x03>[0x0a]{0x04}', '\x021\r\x03\n\x04', 5],
    ['<02h>1<0Dh>', '\x021\r', 2],
    ['\\x0bMSH|\\r\\x1c\\r', '\x0bMSH|\r\x1c\r', 4],
    // Not markers: unmatched brackets, printable hex, bare hex, HL7 escapes, unknown names.
    ['[STX>1', '[STX>1', 0],
    ['<0x41>[02]<ABC>', '<0x41>[02]<ABC>', 0],
    ['OBX|1|FT|X||a\\.br\\b\\F\\c', 'OBX|1|FT|X||a\\.br\\b\\F\\c', 0],
    ['OBX|1|FT|X||a\\R\\b\\X0D\\c\\N\\', 'OBX|1|FT|X||a\\R\\b\\X0D\\c\\N\\', 0],
  ])('%s', (line, text, markers) => expect(decodeMarkers(line)).toEqual({ text, markers }))
})

describe('decodeCaret', () => {
  it.each([
    ['^E', '\x05'],
    ['^B1H|\\^&|||X^M^C3A^M^J', '\x021H|\\^&|||X\r\x033A\r\n'],
    ['^B2R|1|^^^GLU^Glucose|5.4^W1F', '\x022R|1|^^^GLU^Glucose|5.4\x171F'],
    // ^J, ^M and ^^ inside record text are components, not controls.
    ['^B2P|1||X||SYNTHETIC^ALPHA^J||1985|F^M^C21^M', '\x022P|1||X||SYNTHETIC^ALPHA^J||1985|F\r\x0321\r'],
    ['^KMSH|^~\\&|A^MPID|1||X||Wire^Mary||^M^\\^M', '\x0bMSH|^~\\&|A\rPID|1||X||Wire^Mary||\r\x1c\r'],
    ['PID|1||X||Doe^John^M', 'PID|1||X||Doe^John\r'],
  ])('%s', (line, text) => expect(decodeCaret(line).text).toBe(text))
})

describe('sniffTrace', () => {
  it.each([
    ['[STX]-style ASTM frames', '10:00:01 <- [ENQ]\n10:00:02 <- [STX]1H|\\^&|||X[CR][ETX]00\n', true],
    ['<VT>-style MLLP', '>> <VT>MSH|^~\\&|A|B\n>> PID|1\n>> <FS><CR>\n', true],
    ['caret notation', '[10:20:00] ^E\n[10:20:01] ^B1H|\\^&|||X^M^C00^M^J\n', true],
    ['hex escapes', 'Sent: \\x0bMSH|^~\\&|A\\r\\x1c\\r\n', true],
    ['de-framed records with CR markers', 'H|\\^&|||X<CR>\nP|1<CR>\nL|1<CR>\n', true],
    ['a real HL7 message', 'MSH|^~\\&|A|B|C|D|20240101||ORU^R01|1|P|2.5\rPID|1||X\r', false],
    ['a real HL7 message with HL7 escapes', 'MSH|^~\\&|A\\R\\B|C|D|20240101||ORU^R01|1|P|2.5\rOBX|1|FT|X||a\\X0D\\b\r', false],
    ['a real framed ASTM file', '\x05\x021H|\\^&|||X\r\x0300\r\n\x04', false],
    ['ASTM record text whose data ends in ^M', 'H|\\^&|||X\rR|1|^^^GLU|5|U|^M\rL|1\r', false],
    ['prose that mentions [STX]', 'Notes: the analyser sends [STX] and [ETX] around each frame.\n', false],
  ])('%s → %s', (_, text, expected) => expect(sniffTrace(text)).toBe(expected))
})

describe('rebuildTrace', () => {
  const H = 'H|\\^&|||An^1|||||LIS||P|1'
  it('rebuilds frames across interleaved ACK/ENQ lines and groups transmissions by ENQ … EOT', () => {
    const capture = ['<- [ENQ]', '-> [ACK]', `<- [STX]${frame('1', H)}`, '-> [ACK]', `<- [STX]${frame('2', 'L|1|N')}`, '<- [EOT]', '<- [ENQ]', `<- [STX]${frame('1', H)}`, `<- [STX]${frame('2', 'L|1|N')}`, '<- [EOT]'].join('\n')
    const r = rebuildTrace(capture)
    if (!r.ok) throw new Error(r.reason)
    expect(r.protocol).toBe('astm')
    expect(r.chunks.map((c) => [c.firstLine, c.lastLine])).toEqual([[3, 6], [8, 10]])
    const sum = (text: string) => astmChecksum(Buffer.from(`${text}\r\x03`, 'latin1'))
    // Frames with their checksums and CR LF, the receiver's ACK between them, EOT closing the transmission.
    expect(latin1(r.chunks[0]!.bytes)).toBe(`\x021${H}\r\x03${sum(`1${H}`)}\r\n\x06\x022L|1|N\r\x03${sum('2L|1|N')}\r\n\x04`)
    expect(r.notes).toContain('Device trace: 4 ASTM frame(s) rebuilt; checksums verified')
  })

  it('supplies a checksum the capture does not show, and says so', () => {
    const r = rebuildTrace(`[STX]1${H}[CR][ETX][CR][LF]\n[STX]2L|1|N[CR][ETX][CR][LF]\n[EOT]`)
    if (!r.ok) throw new Error(r.reason)
    expect(latin1(r.chunks[0]!.bytes)).toContain(`\r\x03${astmChecksum(Buffer.from(`1${H}\r\x03`, 'latin1'))}\r\n`)
    expect(r.notes).toContain('Device trace: 2 ASTM frame(s) rebuilt; checksums absent from the capture: not verified')
  })

  it('rebuilds HL7 segments written one per line inside an MLLP block, the line break standing for CR', () => {
    const r = rebuildTrace('>> <VT>MSH|^~\\&|A|B|C|D|20240101||ORU^R01|9|P|2.5\n>> PID|1||X\n>> <FS><CR>\n<< <VT>MSH|^~\\&|C|D|A|B|20240101||ACK|9|P|2.5<CR>MSA|AA|9<CR><FS><CR>')
    if (!r.ok) throw new Error(r.reason)
    expect(r.chunks.map((c) => latin1(c.bytes))).toEqual(['MSH|^~\\&|A|B|C|D|20240101||ORU^R01|9|P|2.5\rPID|1||X\r'])
    expect(r.notes).toContain('Device trace: 1 acknowledgement message(s) (MSH-9 ACK) from the receiver skipped')
    expect(parseHl7File(r.chunks[0]!.bytes)[0]?.ok).toBeDefined()
  })

  it('says why a capture cannot be rebuilt', () => {
    expect(rebuildTrace('<- [ENQ]\n-> [ACK]\n<- [EOT]')).toMatchObject({ ok: false, reason: expect.stringMatching(/no ASTM frame, ASTM record or HL7 message/) })
    expect(rebuildTrace('<SB>MSH|^~\\&|C|D|A|B|20240101||ACK|9|P|2.5<CR>MSA|AA|9<CR><EB><CR>')).toMatchObject({ ok: false, reason: expect.stringMatching(/only acknowledgements/) })
  })
})

describe('parseTraceFile', () => {
  it('keeps an unrebuildable capture as text with a parse-log note saying why', () => {
    const units = parseTraceFile(Buffer.from('10:00:00 <- [ENQ]\n10:00:01 -> [NAK]\n10:00:02 <- [EOT]\n'))
    expect(units).toHaveLength(1)
    const u = units[0]!
    if (!u.ok) throw new Error('expected a text report')
    expect(u.report.sourceFormat).toBe('text')
    expect(u.report.parseLog[0]).toMatch(/^Device trace not rebuilt: no ASTM frame, ASTM record or HL7 message could be read/)
  })

  it('places a bad checksum on the capture line of the frame', () => {
    const bad = frame('2', 'L|1|N').replace(/\[ETX\][0-9A-F]{2}/, '[ETX]00')
    const units = parseTraceFile(Buffer.from(['[ENQ]', `[STX]${frame('1', 'H|\\^&|||An^1|||||LIS||P|1')}`, '[ACK]', `[STX]${bad}`, '[EOT]'].join('\n')))
    expect(units).toHaveLength(1)
    const u = units[0]!
    if (u.ok) throw new Error('expected a failure')
    expect(u.error.location.line).toBe(4)
    expect(u.error.message).toMatch(/^frame checksum mismatch \(frame says 00, computed [0-9A-F]{2}\) \(in the message rebuilt from capture lines 2–5/)
  })
})
