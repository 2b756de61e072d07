// ECG XML is recognised after a prolog of any length, in any of its encodings; empty ECG documents are quarantined.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { detectParser } from '../detect'
import { ecgXmlParser } from './index'
import { rootElementOf, withoutDoctype } from './xmlRoot'

const FIXTURES = join(__dirname, '../../../../test/fixtures/ecg')
const fixture = (name: string) => new Uint8Array(readFileSync(join(FIXTURES, name)))
const utf8 = (text: string) => new TextEncoder().encode(text)

function utf16(text: string, littleEndian: boolean, bom: boolean): Uint8Array {
  const out = new Uint8Array((bom ? 2 : 0) + text.length * 2)
  const view = new DataView(out.buffer)
  if (bom) view.setUint16(0, 0xfeff, littleEndian)
  for (let i = 0; i < text.length; i++) view.setUint16((bom ? 2 : 0) + 2 * i, text.charCodeAt(i), littleEndian)
  return out
}

describe('rootElementOf', () => {
  it.each<[string, string | undefined]>([
    ['<AnnotatedECG/>', 'AnnotatedECG'],
    ['  \r\n<v3:AnnotatedECG xmlns:v3="urn:hl7-org:v3">', 'AnnotatedECG'],
    ['<?xml version="1.0"?><!-- a > b --><?pi x?><RestingECG>', 'RestingECG'],
    ['<!DOCTYPE RestingECG SYSTEM "restecg.dtd"><RestingECG>', 'RestingECG'],
    ['<!DOCTYPE r [ <!ATTLIST r a CDATA "x > ] y"> <!-- ] > --> <?p ]>?> ]><restingecgdata>', 'restingecgdata'],
    ["<!DOCTYPE r [ <!ENTITY e 'it''s'> ]><r/>", 'r'],
    ['\uFEFF<root/>', 'root'],
    // Not XML, or no root element: nothing.
    ['MSH|^~\\&|', undefined],
    ['{"resourceType": "Bundle"}', undefined],
    ['<!-- never closed <AnnotatedECG>', undefined],
    ['<!DOCTYPE r [ <!ELEMENT r ANY> <AnnotatedECG>', undefined],
    ['<?xml version="1.0"?>', undefined],
    ['', undefined],
    ['< AnnotatedECG>', undefined],
  ])('%j → %s', (text, root) => expect(rootElementOf(utf8(text))).toBe(root))

  it('reads UTF-16 in both byte orders, with or without a byte-order mark', () => {
    const text = '<?xml version="1.0" encoding="UTF-16"?>\n<!-- é -->\n<restingecgdata>'
    for (const le of [true, false]) for (const bom of [true, false]) expect(rootElementOf(utf16(text, le, bom))).toBe('restingecgdata')
  })

  it('finds the root after a prolog of megabytes, far beyond what detection decodes', () => {
    const subset = '<!ELEMENT vendorBlock (#PCDATA)>\n<!-- note -->\n'.repeat(100_000)
    const text = `<?xml version="1.0"?>\n<!DOCTYPE AnnotatedECG [\n${subset}]>\n<AnnotatedECG xmlns="urn:hl7-org:v3"><id root="1"/></AnnotatedECG>`
    expect(text.length).toBeGreaterThan(4_000_000)
    expect(rootElementOf(utf8(text))).toBe('AnnotatedECG')
    expect(rootElementOf(utf16(text, true, true))).toBe('AnnotatedECG')
    expect(detectParser(utf8(text))?.name).toBe('ecg-xml')
  })
})

describe('withoutDoctype', () => {
  it('removes the DOCTYPE but keeps its line breaks, so error lines still point at the right place', () => {
    const text = '<?xml version="1.0"?>\n<!DOCTYPE r [\r\n<!ATTLIST r a CDATA "1 > 0">\n]>\n<r/>'
    expect(withoutDoctype(text)).toBe('<?xml version="1.0"?>\n\r\n\n\n<r/>')
    expect(withoutDoctype('<r/>')).toBe('<r/>')
  })
})

describe('aECG with a 20 KB internal DTD before the root element', () => {
  const bytes = fixture('aecg-long-prolog.xml')

  it('is recognised as ECG XML and read like the same document without the prolog', () => {
    expect(new TextDecoder().decode(bytes).indexOf('<AnnotatedECG')).toBeGreaterThan(20_000)
    expect(detectParser(bytes)?.name).toBe('ecg-xml')
    const [long] = ecgXmlParser.parse(bytes)
    const [plain] = ecgXmlParser.parse(fixture('aecg.xml'))
    if (!long?.ok || !plain?.ok) throw new Error('expected both to parse')
    expect(long.report.observations).toEqual(plain.report.observations)
    expect(long.report.statements).toEqual(plain.report.statements)
    expect(long.report.observations).toHaveLength(8)
  })
})

describe('ECG documents with nothing to import', () => {
  it.each([
    ['aecg-empty.xml', 'AnnotatedECG'],
    ['philips-empty.xml', 'restingecgdata'],
    ['muse-empty.xml', 'RestingECG'],
  ])('%s is quarantined with "nothing to import"', (name, root) => {
    const [unit, ...rest] = ecgXmlParser.parse(fixture(name))
    expect(rest).toEqual([])
    if (unit === undefined || unit.ok) throw new Error('expected a failure')
    expect(unit.error.message).toBe('nothing to import: the ECG document has no measurements, no statements and no waveform')
    expect(unit.error.location).toEqual({ segment: root })
  })

  it('imports a document that holds only a waveform (its existence is worth a report)', () => {
    const text = new TextDecoder().decode(fixture('philips-empty.xml')).replace('</restingecgdata>', '<waveforms><parsedwaveforms>AAAA</parsedwaveforms></waveforms></restingecgdata>')
    const [unit] = ecgXmlParser.parse(utf8(text))
    expect(unit?.ok).toBe(true)
  })
})
