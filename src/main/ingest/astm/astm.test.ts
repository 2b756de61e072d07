// ASTM E1394 / LIS2-A2: record text and low-level frames (checksums, ETB continuation, retransmission) → reports.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ParseError, type ParsedReport, type ParsedUnit } from '../../../shared/domain/report'
import { astmChecksum, astmParser } from './index'

function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(fileURLToPath(new URL(`../../../../test/fixtures/astm/${name}`, import.meta.url))))
}

function report(unit: ParsedUnit | undefined): ParsedReport {
  if (unit === undefined || !unit.ok) throw new Error(`expected a parsed unit, got ${unit?.ok === false ? unit.error.describe() : 'none'}`)
  return unit.report
}

function failure(unit: ParsedUnit | undefined): ParseError {
  if (unit === undefined || unit.ok) throw new Error('expected a failed unit')
  return unit.error
}

const enc = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'))
const latin1 = (b: Uint8Array) => Buffer.from(b).toString('latin1')

/** STX FN text ETX|ETB C1 C2 CR LF, with the checksum computed here independently of the parser. */
function frame(fn: number, text: string, final = true, checksum?: string): string {
  const body = `${fn % 8}${text}${final ? '\x03' : '\x17'}`
  let sum = 0
  for (const ch of body) sum = (sum + ch.charCodeAt(0)) % 256
  return `\x02${body}${checksum ?? sum.toString(16).toUpperCase().padStart(2, '0')}\r\n`
}

const H = 'H|\\^&|CTL9||Synth^2|||||||P|LIS2-A2|20240101000000'
const P = 'P|1|PR-9||||||U'
const R = 'R|1|^^^ALB|41|g/L|35-52|N||F||||20240101000100'
const L = 'L|1|N'

describe('astmParser.sniff', () => {
  const sniff = (text: string) => astmParser.sniff(text, enc(text))
  it('recognises record text and framed transmissions', () => {
    expect(sniff('H|\\^&|||X')).toBe(true)
    expect(sniff('\r\nH|\\^&')).toBe(true)
    expect(sniff('\x05\x021H|\\^&|||')).toBe(true)
  })
  it('rejects other content', () => {
    expect(sniff('MSH|^~\\&|')).toBe(false)
    expect(sniff('H|||||')).toBe(false)
    expect(sniff('Hello world')).toBe(false)
  })
})

describe('de-framed record text', () => {
  const units = astmParser.parse(fixture('records.txt'))

  it('yields one unit per H…L message with its exact bytes', () => {
    expect(units.map((u) => u.ok)).toEqual([true, true])
    expect(units.map((u) => latin1(u.raw)).join('')).toBe(latin1(fixture('records.txt')))
    expect(latin1(units[1]?.raw ?? new Uint8Array()).startsWith('H|\\^&|MSG0002|')).toBe(true)
  })

  it('reads header, patient and order', () => {
    const r = report(units[0])
    expect(r.kind).toBe('lab')
    expect(r.sourceFormat).toBe('astm')
    expect(r.controlId).toBe('MSG0001')
    expect(r.sourceKey).toBe('astm:SynthAnalyzer|MSG0001')
    expect(r.device).toEqual({ model: 'SynthAnalyzer', serial: 'SN-A1' })
    expect(r.patient).toEqual({
      identifiers: [
        { authority: 'practice-assigned', id: 'PRAC-001' },
        { authority: 'laboratory-assigned', id: 'LAB-001' },
      ],
      familyName: 'SYNTHETIC',
      givenName: 'ALPHA J',
      birthDate: '1985-03-15',
      sex: 'female',
    })
    expect(r.orderedAt).toBe('2024-01-05T08:00:00')
    expect(r.observedAt).toBe('2024-01-05T08:15:00')
    expect(r.status).toBe('final')
    expect(r.hasCorrections).toBe(false)
    expect(r.statements).toEqual([{ kind: 'note', text: 'Sample slightly lipaemic|check&' }])
    expect(r.parseLog).toEqual([])
  })

  it('reads results: local codes, values, units, ranges, flags, statuses and times', () => {
    const [glu, k, crp, hcg] = report(units[0]).observations
    expect(glu).toEqual({
      code: { system: 'LOCAL', code: 'GLU', display: 'Glucose' },
      valueType: 'numeric',
      valueNum: 5.6,
      unit: 'mmol/L',
      refLow: 3.9,
      refHigh: 6.1,
      refText: '3.9^6.1',
      deviceFlag: 'N',
      status: 'final',
      observedAt: '2024-01-05T08:25:00',
    })
    expect(k).toMatchObject({ code: { system: 'LOCAL', code: 'K' }, valueNum: 5.9, refLow: 3.5, refHigh: 5.1, refText: '3.5 to 5.1', deviceFlag: 'H' })
    expect(crp).toMatchObject({ valueType: 'numeric', comparator: '<', valueNum: 0.5, refHigh: 5, refText: '<5' })
    expect(crp?.refLow).toBeUndefined()
    // No completion time: the specimen collection time of the order applies.
    expect(hcg).toMatchObject({ valueType: 'text', valueText: 'Negative', observedAt: '2024-01-05T08:15:00' })
    expect(hcg?.unit).toBeUndefined()
  })

  it('marks corrections and preliminary results', () => {
    const r = report(units[1])
    expect(r.hasCorrections).toBe(true)
    expect(r.status).toBe('corrected')
    expect(r.observations.map((o) => o.status)).toEqual(['corrected', 'preliminary'])
    expect(r.patient).toMatchObject({ identifiers: [{ authority: 'practice-assigned', id: 'PRAC-002' }], birthDate: '2000-02-29', sex: 'male' })
  })
})

describe('low-level frames', () => {
  it('verifies checksums, joins ETB continuation frames and tolerates ENQ/EOT', () => {
    const units = astmParser.parse(fixture('framed-good.astm'))
    expect(units).toHaveLength(1)
    const r = report(units[0])
    expect(r.controlId).toBe('MSG0001')
    // The first R record was split across two frames after ten characters.
    expect(r.observations[0]).toMatchObject({ code: { code: 'GLU', display: 'Glucose' }, valueNum: 5.6, refLow: 3.9, refHigh: 6.1 })
    expect(r.observations).toHaveLength(4)
    // The long comment (over 240 characters) arrived in two frames.
    expect(r.statements[1]?.text).toMatch(/^Long instrument comment: calibration drift check 0 ok .* check 11 ok$/)
    expect(r.statements[1]?.text).toContain('calibration drift check 6 ok calibration drift check 7 ok')
    expect(latin1(units[0]?.raw ?? new Uint8Array()).startsWith('\x021H|')).toBe(true)
    expect(latin1(units[0]?.raw ?? new Uint8Array()).endsWith('L|1|N\r\x0307\r\n')).toBe(true)
    expect(r.parseLog).toEqual([])
  })

  it('fails only the message with a bad checksum, located by record and byte offset', () => {
    const bytes = fixture('framed-bad-checksum.astm')
    const units = astmParser.parse(bytes)
    expect(units.map((u) => u.ok)).toEqual([false, true])
    const error = failure(units[0])
    const badFrameOffset = latin1(bytes).indexOf('\x024R|1|') + 1
    expect(error.location).toEqual({ line: 4, offset: badFrameOffset })
    expect(error.message).toMatch(/^frame checksum mismatch \(frame says 00, computed [0-9A-F]{2}\)$/)
    expect(report(units[1]).controlId).toBe('MSG0002')
  })

  it('uses a retransmitted frame after a bad one and ignores a duplicated frame', () => {
    const text = [
      '\x05',
      frame(1, `${H}\r`),
      frame(2, `${P}\r`),
      frame(3, `${R}\r`, true, '00'),
      '\x15',
      frame(3, `${R}\r`),
      frame(4, `${L}\r`),
      frame(4, `${L}\r`),
      '\x04',
    ].join('')
    const units = astmParser.parse(enc(text))
    expect(units).toHaveLength(1)
    const r = report(units[0])
    expect(r.observations).toEqual([
      expect.objectContaining({ code: { system: 'LOCAL', code: 'ALB' }, valueNum: 41, unit: 'g/L', refLow: 35, refHigh: 52 }),
    ])
    expect(r.parseLog).toEqual([
      expect.stringMatching(/^frame at offset \d+ is a retransmission of a frame with a bad checksum; the good copy was used$/),
      expect.stringMatching(/^duplicate frame at offset \d+ ignored$/),
    ])
  })

  it('reports a frame that never ends and a transmission cut inside a record', () => {
    const truncated = astmParser.parse(enc([frame(1, `${H}\r`), frame(2, `${P}\r`), '\x023R|1|^^^ALB|4'].join('')))
    expect(failure(truncated[0]).message).toMatch(/no end/)
    const cut = astmParser.parse(enc([frame(1, `${H}\r`), frame(2, 'P|1|PR', false)].join('')))
    expect(failure(cut[0]).message).toMatch(/ended inside a record/)
  })

  it('rejects a frame without checksum digits and a bad frame number', () => {
    const noSum = astmParser.parse(enc([frame(1, `${H}\r`), `\x022${P}\r\x03\r\n`, frame(3, `${L}\r`)].join('')))
    expect(failure(noSum[0]).message).toBe('frame checksum is missing')
    const badFn = astmParser.parse(enc([frame(1, `${H}\r`), frame(1, `${P}\r`).replace('\x021', '\x029'), frame(3, `${L}\r`)].join('')))
    expect(failure(badFn[0]).message).toBe('frame number is not a digit 0-7')
  })

  it('accepts a frame over 240 characters but notes it', () => {
    const long = `C|1|I|${'x'.repeat(260)}|G`
    const r = report(astmParser.parse(enc([frame(1, `${H}\r`), frame(2, `${long}\r`), frame(3, `${L}\r`)].join('')))[0])
    expect(r.statements[0]?.text).toBe('x'.repeat(260))
    expect(r.parseLog).toContain('1 frame(s) longer than 240 characters')
  })

  it('computes checksums as two uppercase hex digits of the byte sum mod 256', () => {
    expect(astmChecksum(enc('1H|\\^&\r\x03'))).toBe(frame(1, 'H|\\^&\r').slice(-4, -2))
    expect(astmChecksum(new Uint8Array([0xff, 0x02]))).toBe('01')
  })
})

describe('message structure errors', () => {
  const parse = (...records: string[]) => astmParser.parse(enc(records.join('\r')))

  it('fails records before any H, a result before the first of several patients, and unknown record types, without touching other messages', () => {
    const units = parse('R|1|^^^X|1', H, P, R, L, H, R, P, 'P|2|OTHER', L, H, 'Z|1', L, H, P, R, L)
    expect(units.map((u) => u.ok)).toEqual([false, true, false, false, true])
    expect(failure(units[0]).location).toEqual({ line: 1, segment: 'R' })
    expect(failure(units[2]).location).toEqual({ line: 7, segment: 'R' })
    expect(failure(units[3]).location).toEqual({ line: 12, segment: 'Z' })
  })

  it('rejects an H record without four distinct delimiters and notes a missing L', () => {
    expect(failure(parse('H|\\^^|x', P)[0]).location).toEqual({ line: 1, segment: 'H', field: 2 })
    const r = report(parse(H, P, R)[0])
    expect(r.parseLog).toContain('message has no L (terminator) record; it may be incomplete')
  })

  it('notes empty result status as preliminary and skips manufacturer records', () => {
    const r = report(parse(H, P, 'M|1|VENDOR|data', 'R|1|^^^NA|140|mmol/L', L)[0])
    expect(r.observations[0]?.status).toBe('preliminary')
    expect(r.status).toBe('preliminary')
    expect(r.parseLog).toEqual(['record 3: M record ignored', 'record 4: R.9 result status is empty; treated as preliminary'])
  })

  it('keeps the text of a number whose written form gives its precision, and none for a plain number', () => {
    const [k, na] = report(parse(H, P, 'R|1|^^^K|5.0|mmol/L|3.5-5.1|N||F', 'R|2|^^^NA|140|mmol/L|136-145|N||F', L)[0]).observations
    expect(k).toMatchObject({ valueType: 'numeric', valueNum: 5, valueText: '5.0' })
    expect(na).toMatchObject({ valueType: 'numeric', valueNum: 140 })
    expect(na?.valueText).toBeUndefined()
  })
})

describe('several patients in one message', () => {
  // Two synthetic patients, each with an order, two results and a comment; a run comment before the first P.
  const BATCH = [
    'H|\\^&|BATCH7||Synth^2|||||||P|LIS2-A2|20240301090000',
    'C|1|L|Run 12 calibrated|G',
    'P|1|PR-A|LAB-A||SYNTHETIC^ONE^K||19700101|F',
    'O|1|SP-A||^^^NA\\^^^K|R|20240301080000|20240301081000',
    'R|1|^^^NA^Sodium|139|mmol/L|136^145|N||F||||20240301083000|SN-7',
    'R|2|^^^K|6.4|mmol/L|3.5 to 5.1|H||F||||20240301083010',
    'C|1|I|Haemolysed sample|G',
    'P|2|PR-B|||SYNTHETIC^TWO||19901231|M',
    'O|1|SP-B||^^^GLU\\^^^CRP|R|20240301082000|20240301082500',
    'R|1|^^^GLU|<1.1|mmol/L|3.9-6.1|L||P||||20240301084000',
    'R|2|^^^CRP|Negative|||N||F',
    'C|1|I|Repeat requested|G',
    'L|1|N',
  ]
  const parse = (...records: string[]) => astmParser.parse(enc(records.join('\r')))

  it('gives one report per P with its own patient, results, comments and times', () => {
    const units = parse(...BATCH)
    expect(units.map((u) => u.ok)).toEqual([true, true])
    const [one, two] = units.map(report)
    expect(one?.patient).toEqual({
      identifiers: [
        { authority: 'practice-assigned', id: 'PR-A' },
        { authority: 'laboratory-assigned', id: 'LAB-A' },
      ],
      familyName: 'SYNTHETIC',
      givenName: 'ONE K',
      birthDate: '1970-01-01',
      sex: 'female',
    })
    expect(one?.observations).toEqual([
      {
        code: { system: 'LOCAL', code: 'NA', display: 'Sodium' },
        valueType: 'numeric',
        valueNum: 139,
        unit: 'mmol/L',
        refLow: 136,
        refHigh: 145,
        refText: '136^145',
        deviceFlag: 'N',
        status: 'final',
        observedAt: '2024-03-01T08:30:00',
      },
      {
        code: { system: 'LOCAL', code: 'K' },
        valueType: 'numeric',
        valueNum: 6.4,
        unit: 'mmol/L',
        refLow: 3.5,
        refHigh: 5.1,
        refText: '3.5 to 5.1',
        deviceFlag: 'H',
        status: 'final',
        observedAt: '2024-03-01T08:30:10',
      },
    ])
    expect(one?.statements).toEqual([
      { kind: 'note', text: 'Run 12 calibrated' },
      { kind: 'note', text: 'Haemolysed sample' },
    ])
    expect(one).toMatchObject({ orderedAt: '2024-03-01T08:00:00', observedAt: '2024-03-01T08:10:00', status: 'final', hasCorrections: false })
    expect(one?.device).toEqual({ model: 'Synth', serial: 'SN-7' })
    expect(one?.controlId).toBe('BATCH7')
    expect(one?.sourceKey).toBe('astm:Synth|BATCH7|P1')
    expect(one?.parseLog).toEqual(['patient 1 of 2 in this message (P1); each patient is a report of its own'])

    expect(two?.patient).toEqual({ identifiers: [{ authority: 'practice-assigned', id: 'PR-B' }], familyName: 'SYNTHETIC', givenName: 'TWO', birthDate: '1990-12-31', sex: 'male' })
    expect(two?.observations).toEqual([
      {
        code: { system: 'LOCAL', code: 'GLU' },
        valueType: 'numeric',
        valueNum: 1.1,
        comparator: '<',
        valueText: '<1.1',
        unit: 'mmol/L',
        refLow: 3.9,
        refHigh: 6.1,
        refText: '3.9-6.1',
        deviceFlag: 'L',
        status: 'preliminary',
        observedAt: '2024-03-01T08:40:00',
      },
      // No completion time: the second patient's own specimen collection time applies.
      { code: { system: 'LOCAL', code: 'CRP' }, valueType: 'text', valueText: 'Negative', deviceFlag: 'N', status: 'final', observedAt: '2024-03-01T08:25:00' },
    ])
    expect(two?.statements).toEqual([
      { kind: 'note', text: 'Run 12 calibrated' },
      { kind: 'note', text: 'Repeat requested' },
    ])
    expect(two).toMatchObject({ orderedAt: '2024-03-01T08:20:00', observedAt: '2024-03-01T08:25:00', status: 'preliminary', controlId: 'BATCH7' })
    expect(two?.device).toEqual({ model: 'Synth' })
    expect(two?.sourceKey).toBe('astm:Synth|BATCH7|P2')
    expect(two?.parseLog).toEqual(['patient 2 of 2 in this message (P2); each patient is a report of its own'])
  })

  it('keeps the whole message as each report\'s raw bytes, told apart by part', () => {
    const bytes = enc(BATCH.join('\r'))
    const units = astmParser.parse(bytes)
    expect(units.map((u) => [u.index, u.ok && u.part])).toEqual([
      [0, 0],
      [1, 1],
    ])
    for (const u of units) expect(latin1(u.raw)).toBe(latin1(bytes))
  })

  it('numbers units across the file and gives parts only to reports sharing a message', () => {
    const units = parse(H, P, R, L, ...BATCH)
    expect(units.map((u) => [u.index, u.ok && u.part])).toEqual([
      [0, undefined],
      [1, 0],
      [2, 1],
    ])
    expect(units.map((u) => report(u).sourceKey)).toEqual(['astm:Synth|CTL9', 'astm:Synth|BATCH7|P1', 'astm:Synth|BATCH7|P2'])
    expect(latin1(units[1]?.raw ?? new Uint8Array()).startsWith('H|\\^&|BATCH7|')).toBe(true)
  })

  it('fails the whole message when a result or an order comes before the first P, located at that record', () => {
    const result = parse(H, 'C|1|I|note|G', R, P, 'P|2|PR-2', R, L)
    expect(result).toHaveLength(1)
    expect(failure(result[0]).location).toEqual({ line: 3, segment: 'R' })
    expect(failure(result[0]).message).toBe('a result before the first P record of a message with several patients')
    const order = parse(H, 'O|1|SP', P, R, 'P|2|PR-2', R, L)
    expect(failure(order[0]).location).toEqual({ line: 2, segment: 'O' })
    // With a single patient the record before P keeps belonging to that patient, as before.
    expect(report(parse(H, R, P, L)[0]).observations).toHaveLength(1)
  })

  it('numbers patients by position when P.2 is missing or repeated, so keys stay distinct', () => {
    const units = parse(H, 'P|1|PR-1', R, 'P|1|PR-2', R, 'P||PR-3', R, L)
    expect(units.map((u) => report(u).sourceKey)).toEqual(['astm:Synth|CTL9|P1', 'astm:Synth|CTL9|P2', 'astm:Synth|CTL9|P3'])
    expect(report(units[2]).parseLog).toEqual([
      'patient 3 of 3 in this message (P3); each patient is a report of its own',
      'P.2 sequence numbers are missing or repeated; patients are numbered by their position',
    ])
    expect(units.map((u) => report(u).patient.identifiers[0]?.id)).toEqual(['PR-1', 'PR-2', 'PR-3'])
  })

  it('reads a framed capture with several patients, a record split across frames included', () => {
    const frames = BATCH.map((rec, i) => frame(i + 1, `${rec}\r`))
    // The second patient's first result arrives in two frames (ETB, then ETX).
    const split = BATCH.indexOf('R|1|^^^GLU|<1.1|mmol/L|3.9-6.1|L||P||||20240301084000')
    frames[split] = frame(split + 1, 'R|1|^^^GLU|<1', false) + frame(split + 2, '.1|mmol/L|3.9-6.1|L||P||||20240301084000\r')
    for (let i = split + 1; i < BATCH.length; i++) frames[i] = frame(i + 2, `${BATCH[i] ?? ''}\r`)
    const bytes = enc(['\x05', ...frames, '\x04'].join(''))
    const units = astmParser.parse(bytes)
    expect(units.map((u) => u.ok && u.part)).toEqual([0, 1])
    const [one, two] = units.map(report)
    expect(one?.patient.identifiers[0]?.id).toBe('PR-A')
    expect(one?.observations.map((o) => o.code.code)).toEqual(['NA', 'K'])
    expect(two?.patient.identifiers[0]?.id).toBe('PR-B')
    expect(two?.observations[0]).toMatchObject({ code: { code: 'GLU' }, comparator: '<', valueNum: 1.1, refLow: 3.9, refHigh: 6.1 })
    expect(two?.sourceKey).toBe('astm:Synth|BATCH7|P2')
    expect(latin1(units[0]?.raw ?? new Uint8Array()).startsWith('\x021H|')).toBe(true)
    expect(units[0]?.raw).toBe(units[1]?.raw)
  })
})

describe('ASTM properties', () => {
  it('never throws on arbitrary input and locates every failure', () => {
    const unit = fc.constantFrom('H|\\^&', 'P|1', 'R|1|^^^A|5', 'L|1', '|', '^', '\\', '&', '\r', '\n', '\x02', '\x03', '\x17', '\x05', '\x04', '1', 'A', '0')
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit, maxLength: 60 }).map(enc), fc.uint8Array({ maxLength: 200 })), (bytes) => {
        const units = astmParser.parse(bytes)
        expect(units.length).toBeGreaterThan(0)
        for (const u of units) {
          if (u.ok) expect(u.report.sourceFormat).toBe('astm')
          else {
            expect(u.error).toBeInstanceOf(ParseError)
            expect(u.error.location.line ?? u.error.location.offset).toBeDefined()
          }
        }
      }),
      { numRuns: 300 },
    )
  })
})
