// Low-level HL7 v2 parsing: delimiters, escapes, located errors, and message-level edge cases of the file parser.
import { describe, expect, it } from 'vitest'
import { ParseError, type ParsedReport, type ParsedUnit } from '../../../shared/domain/report'
import { STANDARD_DELIMITERS } from './delimiters'
import { escapeHl7, unescapeHl7 } from './escape'
import { fieldText, repetitions } from './fields'
import { hl7Parser, parseHl7Message } from './index'

const MSH = 'MSH|^~\\&|APP|FAC|RCV|RFAC|20240101120000||ORU^R01|CTRL1|P|2.5.1'
const PID = 'PID|1||ID1^^^AUTH||DOE^JANE||19700101|F'
const OBR = 'OBR|1||O1|2345-7^Glucose^LN|||20240101115000'

function parseText(text: string): ParsedUnit[] {
  return hl7Parser.parse(new TextEncoder().encode(text))
}

function only(text: string): ParsedReport {
  const [unit, ...rest] = parseText(text)
  expect(rest).toEqual([])
  if (unit === undefined || !unit.ok) throw new Error(unit === undefined ? 'no unit' : unit.error.describe())
  return unit.report
}

function errorOf(text: string): ParseError {
  const [unit] = parseText(text)
  if (unit === undefined || unit.ok) throw new Error('expected a failure')
  return unit.error
}

function thrown(fn: () => unknown): ParseError {
  try {
    fn()
  } catch (e) {
    if (e instanceof ParseError) return e
    throw e
  }
  throw new Error('expected a ParseError')
}

describe('parseHl7Message', () => {
  it('numbers MSH fields as HL7 does and splits repetitions and components', () => {
    const msg = parseHl7Message([MSH, PID].join('\r'))
    const [msh, pid] = msg.segments
    if (msh === undefined || pid === undefined) throw new Error('segments missing')
    expect(msh.fields[1]).toBe('|')
    expect(msh.fields[2]).toBe('^~\\&')
    expect(fieldText(msg, msh, 9, 2)).toBe('R01')
    expect(fieldText(msg, msh, 10)).toBe('CTRL1')
    expect(fieldText(msg, pid, 5, 2)).toBe('JANE')
    expect(pid.line).toBe(2)
    expect(repetitions(msg, msh, 2)).toEqual(['^~\\&'])
  })

  it('honours non-standard delimiters declared in MSH-1/MSH-2', () => {
    const msg = parseHl7Message('MSH#*@!%#A#B\nPID#1##X*Y*Z*AUTH@X2*Y*Z*A2##DOE*JO%HN')
    const pid = msg.segments[1]
    if (pid === undefined) throw new Error('PID missing')
    expect(repetitions(msg, pid, 3)).toEqual(['X*Y*Z*AUTH', 'X2*Y*Z*A2'])
    expect(fieldText(msg, pid, 5, 2, 1)).toBe('JO')
    expect(fieldText(msg, pid, 5, 2, 2)).toBe('HN')
  })

  it('throws located errors for text that is not a message', () => {
    expect(thrown(() => parseHl7Message('PID|1')).location).toEqual({ line: 1, segment: 'PID' })
    expect(thrown(() => parseHl7Message('MSHA^~\\&')).location).toEqual({ line: 1, segment: 'MSH', field: 1 })
    expect(thrown(() => parseHl7Message('MSH||A|B')).location).toEqual({ line: 1, segment: 'MSH', field: 2 })
    expect(thrown(() => parseHl7Message('MSH|^^\\&|A')).message).toMatch(/repeats/)
    expect(thrown(() => parseHl7Message(`${MSH}\rPID|1\rnot a segment\r`, { firstLine: 10 })).location).toEqual({ line: 12 })
    expect(thrown(() => parseHl7Message(`${MSH}\r${MSH}`)).location).toEqual({ line: 2, segment: 'MSH' })
    expect(thrown(() => parseHl7Message('\r\n')).location).toEqual({ line: 1 })
  })

  it('counts blank lines and CRLF as one line break when locating segments', () => {
    const msg = parseHl7Message(`${MSH}\r\n\r\n${PID}\n\rOBX|1`)
    expect(msg.segments.map((s) => [s.id, s.line])).toEqual([
      ['MSH', 1],
      ['PID', 3],
      ['OBX', 5],
    ])
  })
})

describe('escapes', () => {
  const d = STANDARD_DELIMITERS
  it('decodes delimiter, hex, line-break and formatting sequences', () => {
    expect(unescapeHl7('a\\F\\b\\S\\c\\T\\d\\R\\e\\E\\f', d)).toBe('a|b^c&d~e\\f')
    expect(unescapeHl7('x\\.br\\y\\.sp2\\z', d)).toBe('x\ny\n\nz')
    expect(unescapeHl7('\\H\\bold\\N\\ \\.in+4\\text', d)).toBe('bold text')
    expect(unescapeHl7('\\X4142\\', d)).toBe('AB')
    expect(unescapeHl7('\\XC3A9\\', d, (b) => new TextDecoder('utf-8').decode(b))).toBe('é')
  })
  it('keeps unknown and unterminated sequences literally', () => {
    expect(unescapeHl7('C:\\temp\\F\\x', d)).toBe('C:\\temp|x')
    expect(unescapeHl7('ends with \\', d)).toBe('ends with \\')
    expect(unescapeHl7('\\Q\\', d)).toBe('\\Q\\')
  })
  it('round-trips text through escapeHl7', () => {
    const text = 'a|b^c&d~e\\f\rg'
    expect(escapeHl7(text, d)).toBe('a\\F\\b\\S\\c\\T\\d\\R\\e\\E\\f\\X0D\\g')
    expect(unescapeHl7(escapeHl7(text, d), d)).toBe(text)
  })
})

describe('message-level mapping', () => {
  it('rejects non-ORU messages at MSH-9', () => {
    const error = errorOf('MSH|^~\\&|A|F|||20240101||ADT^A01|X1|P|2.5\rPID|1||1\r')
    expect(error.location).toEqual({ line: 1, segment: 'MSH', field: 9 })
    expect(error.message).toBe('message type ADT^A01 is not ORU^R01')
  })

  it('rejects a second patient in one message', () => {
    const parsed = parseHl7Message([MSH, PID, OBR, 'PID|2||ID2^^^AUTH'].join('\r'))
    // The file splitter cuts at the second PID, so this is only reachable through the message API.
    expect(parsed.segments).toHaveLength(4)
    const units = parseText([MSH, PID, OBR, 'OBX|1|NM|2345-7^Glucose^LN||5|mmol/L||||F', 'PID|2||ID2^^^AUTH', 'OBX|1|NM|X^Y^LN||1|||||F'].join('\r'))
    expect(units.map((u) => u.ok)).toEqual([true, false])
    expect(units[1]?.ok === false && units[1].error.location).toEqual({ line: 5, segment: 'PID' })
  })

  it('rejects a bad SN at the right field', () => {
    const obx = (rest: string) => errorOf([MSH, PID, OBR, rest].join('\r')).location
    expect(obx('OBX|1|SN|1^A^LN||<^abc||||||F')).toEqual({ line: 4, segment: 'OBX', field: 5 })
  })

  it('keeps rows of an unknown OBX-2 type, undecodable ED and an empty OBX-3, each with a located note', () => {
    const r = only(
      [
        MSH,
        PID,
        OBR,
        'OBX|1|ZZ|1^A^LN||5||||||F',
        'OBX|2|ED|2^B^LN||^application^pdf^Base64^!!notbase64!!||||||F',
        'OBX|3|ED|3^C^LN||^application^pdf^Zip^AAAA||||||F',
        'OBX|4|NM|||5|%|||||F',
      ].join('\r'),
    )
    expect(r.observations.map((o) => [o.code.code, o.valueType, o.valueText])).toEqual([
      ['1', 'text', '5'],
      ['2', 'text', undefined],
      ['3', 'text', undefined],
    ])
    expect(r.statements).toEqual([{ kind: 'note', text: '5 %' }])
    expect(r.parseLog).toEqual(
      expect.arrayContaining([
        'line 4: OBX-2 value type "ZZ" is not an HL7 data type; OBX-5 kept as text',
        'line 5, OBX-5: encapsulated data (ED) is empty or not validly encoded; the row is kept without data',
        'line 6, OBX-5: encapsulated data (ED) has an unknown encoding (expected Base64, Hex or A); the row is kept without data',
        'line 7: OBX-3 is empty; a value without an identifier kept as report text',
      ]),
    )
  })

  it('accepts comparators in NM, explicit nulls and empty values', () => {
    const r = only([MSH, PID, OBR, 'OBX|1|NM|1^A^LN||<0.1|""|||||F', 'OBX|2|NM|2^B^LN||||||||X', 'OBX|3|ST|3^C^LN||""||||||F'].join('\r'))
    expect(r.observations[0]).toMatchObject({ valueType: 'numeric', valueNum: 0.1, comparator: '<', valueText: '<0.1' })
    expect(r.observations[0]?.unit).toBeUndefined()
    expect(r.observations[1]).toMatchObject({ valueType: 'numeric', status: 'cancelled' })
    expect(r.observations[1]?.valueNum).toBeUndefined()
    expect(r.observations[2]).toEqual(expect.objectContaining({ valueType: 'text', status: 'final' }))
    expect(r.observations[2]?.valueText).toBeUndefined()
  })

  it('maps every OBX-11 status and treats an empty one as preliminary unless OBR-25 says otherwise', () => {
    const rows = ['F', 'P', 'C', 'X', 'W', 'I', 'D', ''].map((s, i) => `OBX|${i + 1}|NM|${i}^T^LN||1||||||${s}`)
    const r = only([MSH, PID, OBR, ...rows].join('\r'))
    expect(r.observations.map((o) => o.status)).toEqual([
      'final',
      'preliminary',
      'corrected',
      'cancelled',
      'entered-in-error',
      'pending',
      'entered-in-error',
      'preliminary',
    ])
    expect(r.parseLog).toContain('line 11: OBX-11 result status is empty; treated as preliminary')
    expect(r.status).toBe('corrected')
    const inherit = only([MSH, PID, `${OBR}||||||||||||||||||F`, 'OBX|1|NM|1^A^LN||5'].join('\r'))
    expect(inherit.observations[0]?.status).toBe('final')
    expect(inherit.status).toBe('final')
  })

  it('marks a fully cancelled order cancelled', () => {
    const r = only([MSH, PID, `${OBR}||||||||||||||||||X`, 'OBX|1|NM|1^A^LN||||||||X'].join('\r'))
    expect(r.status).toBe('cancelled')
  })

  it('converts timestamps with and without offsets and logs invalid ones', () => {
    const r = only(
      [MSH, PID, OBR, 'OBX|1|NM|1^A^LN||1||||||F|||20240229235959.25+0530', 'OBX|2|NM|2^B^LN||1||||||F|||20240230'].join('\r'),
    )
    expect(r.observations[0]?.observedAt).toBe('2024-02-29T23:59:59.25+05:30')
    expect(r.observations[1]?.observedAt).toBeUndefined()
    expect(r.parseLog).toContain('line 5: OBX-14 day out of range; observation time left empty')
  })

  it('reads files captured from MLLP (VT/FS bytes) and UTF-16 files', () => {
    const framed = `\x0b${MSH}\r${PID}\r\x1c\r\x0b${MSH.replace('CTRL1', 'CTRL2')}\r${PID}\r\x1c\r`
    const units = parseText(framed)
    expect(units.map((u) => u.ok && u.report.controlId)).toEqual(['CTRL1', 'CTRL2'])
    expect(new TextDecoder().decode(units[0]?.raw)).toBe(`${MSH}\r${PID}\r`)

    const text = [MSH, 'PID|1||ID1^^^AUTH||ŁUKASZ^ŻANNA', OBR].join('\r')
    const utf16 = new Uint8Array([0xff, 0xfe, ...new Uint8Array(Buffer.from(text, 'utf16le'))])
    const [unit] = hl7Parser.parse(utf16)
    expect(unit?.ok && unit.report.patient.familyName).toBe('ŁUKASZ')
    expect(Buffer.from(unit?.raw ?? new Uint8Array()).toString('utf16le')).toBe(text)
  })

  it('reads a mangled MSH line as a failed message of its own, not part of the previous one', () => {
    const body = [PID, OBR, 'OBX|1|NM|1^A^LN||1||||||F']
    for (const damaged of ['SH|^~\\&|A|F', 'XSH|^~\\&|A|F', 'MS|^~\\&|A|F']) {
      const units = parseText([MSH, ...body, damaged, ...body, MSH.replace('CTRL1', 'CTRL3'), ...body].join('\r'))
      expect(units.map((u) => u.ok)).toEqual([true, false, true])
      expect(units[1]?.ok === false && units[1].error.location).toEqual({ line: 5 })
      expect(units[0]?.ok && units[0].report.controlId).toBe('CTRL1')
      expect(units[2]?.ok && units[2].report.controlId).toBe('CTRL3')
    }
  })

  it('fails a file with no message as one unit holding all bytes', () => {
    const bytes = new TextEncoder().encode('\r\n\r\n')
    const units = hl7Parser.parse(bytes)
    expect(units).toHaveLength(1)
    expect(units[0]?.ok).toBe(false)
    expect(units[0]?.raw).toEqual(bytes)
  })

  it('notes a missing PID, an unsupported version and an empty control id', () => {
    const r = only(['MSH|^~\\&|A|F|||20240101||ORU|||2.2', OBR, 'OBX|1|NM|1^A^LN||1||||||F'].join('\r'))
    expect(r.patient.identifiers).toEqual([])
    expect(r.sourceKey).toBeUndefined()
    expect(r.parseLog).toEqual([
      'line 1: MSH-9 has no trigger event; read as ORU^R01',
      "MSH-12 version '2.2' is outside 2.3–2.8; parsed as a 2.x ORU^R01",
      'no PID segment: the report has no patient identity',
      'MSH-10 message control id is empty: no source key for duplicate detection',
    ])
  })

  it('falls back to Latin-1 for undeclared non-UTF-8 bytes and honours declared UTF-8', () => {
    const latin = new Uint8Array([...new TextEncoder().encode(`${MSH}\rPID|1||1||M`), 0xfc, ...new TextEncoder().encode('LLER')])
    expect(hl7Parser.parse(latin)[0]).toMatchObject({ ok: true, report: { patient: { familyName: 'MüLLER' } } })
  })
})
