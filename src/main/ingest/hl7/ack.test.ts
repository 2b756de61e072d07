// ACK building for the MLLP listener: swapped identities, echoed control id, and robustness to damaged input.
import { describe, expect, it } from 'vitest'
import { buildAck, parseHl7Message } from './index'

const now = new Date(2024, 0, 2, 3, 4, 5)
const ORIGINAL =
  'MSH|^~\\&|CART|WARD^1.2.3^ISO|READOUT|CLINIC|20240101120000||ORU^R01^ORU_R01|MSG-42|T|2.6\rPID|1||X\r'

function segments(ack: string): string[][] {
  expect(ack.endsWith('\r')).toBe(true)
  return ack
    .slice(0, -1)
    .split('\r')
    .map((s) => s.split('|'))
}

describe('buildAck', () => {
  it('swaps sender and receiver and echoes MSH-10 in MSA', () => {
    const [msh, msa, err] = segments(buildAck(ORIGINAL, 'AA', undefined, { controlId: 'ACK1', now }))
    expect(msh?.slice(0, 12)).toEqual(['MSH', '^~\\&', 'READOUT', 'CLINIC', 'CART', 'WARD^1.2.3^ISO', expect.stringMatching(/^20240102030405[+-]\d{4}$/), '', 'ACK^R01^ACK', 'ACK1', 'T', '2.6'])
    expect(msa).toEqual(['MSA', 'AA', 'MSG-42'])
    expect(err).toBeUndefined()
  })

  it('accepts a parsed message as well as text, and makes a fresh control id', () => {
    const ack = buildAck(parseHl7Message(ORIGINAL), 'AA')
    const [msh, msa] = segments(ack)
    expect(msh?.[9]).toMatch(/^[0-9A-F]{16}$/)
    expect(msh?.[9]).not.toBe('MSG-42')
    expect(msa?.[2]).toBe('MSG-42')
  })

  it('adds the reason to MSA-3 and an ERR segment for AE and AR', () => {
    const reason = 'line 4, segment OBX, field 5: OBX-5 is not a number | see ^log'
    const [, msa, err] = segments(buildAck(ORIGINAL, 'AE', reason, { controlId: 'A', now }))
    expect(msa?.[1]).toBe('AE')
    expect(msa?.[3]).toBe('line 4, segment OBX, field 5: OBX-5 is not a number \\F\\ see \\S\\log')
    expect(err?.[3]).toBe('207^Application internal error^HL70357')
    expect(err?.[4]).toBe('E')
    expect(err?.[8]).toContain('\\F\\ see \\S\\log')
    const [, msaR, errR] = segments(buildAck(ORIGINAL, 'AR', 'not ORU', { controlId: 'A', now }))
    expect(msaR?.slice(0, 3)).toEqual(['MSA', 'AR', 'MSG-42'])
    expect(errR?.[3]).toBe('200^Unsupported message type^HL70357')
  })

  it('re-encodes fields from a message with unusual delimiters', () => {
    const odd = 'MSH#*@!%#APP*X#FAC#R#RF#2024##ORU*R01#ID|1#P#2.5\r'
    const [msh, msa] = segments(buildAck(odd, 'AA', undefined, { controlId: 'A', now }))
    expect(msh?.slice(2, 6)).toEqual(['R', 'RF', 'APP^X', 'FAC'])
    expect(msa?.[2]).toBe('ID\\F\\1')
  })

  it('still builds an ACK from garbage, with whatever control id could be read', () => {
    const [msh, msa] = segments(buildAck('\x00\x01 garbage without header', 'AR', 'unreadable', { controlId: 'A', now }))
    expect(msh?.slice(0, 2)).toEqual(['MSH', '^~\\&'])
    expect(msh?.[8]).toBe('ACK^R01^ACK')
    expect(msh?.[11]).toBe('2.5.1')
    expect(msa).toEqual(['MSA', 'AR', '', 'unreadable'])

    const truncated = 'junk\rMSH|^~\\&|A|B|C|D|2024||ORU^R01|PARTIAL-7'
    expect(segments(buildAck(truncated, 'AE', undefined, { now }))[1]).toEqual(['MSA', 'AE', 'PARTIAL-7'])
    const badEncoding = 'MSH|^^^^|A|B|C|D|2024||ORU^R01|ID9|P|9.9'
    const [mshBad, msaBad] = segments(buildAck(badEncoding, 'AR', undefined, { now }))
    expect(msaBad).toEqual(['MSA', 'AR', 'ID9'])
    expect(mshBad?.[11]).toBe('2.5.1')
  })
})
