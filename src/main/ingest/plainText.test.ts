// Tests the last-resort plain-text parser.
import { describe, expect, it } from 'vitest'
import { decodeText } from './decodeText'
import { plainTextParser, STORED_AS_TEXT } from './plainText'

function sniffBytes(bytes: Uint8Array): boolean {
  return plainTextParser.sniff(decodeText(bytes).text, bytes)
}

describe('plainTextParser.sniff', () => {
  it('accepts readable text in UTF-8, UTF-16 and Latin-1', () => {
    expect(sniffBytes(new TextEncoder().encode('Holter summary\nMean HR 71\n'))).toBe(true)
    const utf16 = new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Befund: unauffällig', 'utf16le')]))
    expect(sniffBytes(utf16)).toBe(true)
    expect(sniffBytes(new Uint8Array(Buffer.from('Befund: unauffällig', 'latin1')))).toBe(true)
  })

  it('rejects binary, NUL bytes and empty input', () => {
    expect(sniffBytes(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]))).toBe(false)
    expect(sniffBytes(new TextEncoder().encode('text\u0000with NUL'))).toBe(false)
    expect(sniffBytes(new Uint8Array(Array.from({ length: 200 }, (_, i) => i % 32)))).toBe(false)
    expect(sniffBytes(new TextEncoder().encode('  \n '))).toBe(false)
  })
})

describe('plainTextParser.parse', () => {
  it('stores the text as one note', () => {
    const bytes = new TextEncoder().encode('\uFEFFHolter summary\r\nMean HR 71\r\n')
    const units = plainTextParser.parse(bytes)
    expect(units).toHaveLength(1)
    const unit = units[0]
    expect(unit?.ok).toBe(true)
    if (!unit?.ok) return
    expect(unit.raw).toBe(bytes)
    expect(unit.report).toEqual({
      kind: 'other',
      sourceFormat: 'text',
      patient: { identifiers: [] },
      status: 'preliminary',
      observations: [],
      statements: [{ kind: 'note', text: 'Holter summary\nMean HR 71' }],
      attachments: [],
      parseLog: [STORED_AS_TEXT, 'No status in the text; treated as preliminary'],
      hasCorrections: false,
    })
  })

  it('notes a Latin-1 fallback', () => {
    const unit = plainTextParser.parse(new Uint8Array(Buffer.from('Befund: unauffällig', 'latin1')))[0]
    expect(unit?.ok && unit.report.statements[0]?.text).toBe('Befund: unauffällig')
    expect(unit?.ok && unit.report.parseLog).toContain('Text is not valid UTF-8; read as Latin-1')
  })

  it('fails empty input instead of throwing', () => {
    const unit = plainTextParser.parse(new Uint8Array())[0]
    expect(unit?.ok).toBe(false)
    if (unit && !unit.ok) expect(unit.error.message).toBe('input is empty')
  })
})
