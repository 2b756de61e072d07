// ECG XML import: picks the Philips Sierra, GE MUSE or HL7 aECG reader by the document's root element.
import { ParseError, type ParsedReport, type ParsedUnit } from '../../../shared/domain/report'
import type { FormatParser } from '../types'
import { readAecg } from './aecg'
import { readMuse } from './muse'
import { readPhilips } from './philips'
import { decodeXml, parseXml, rootElementName, type XmlElement } from './xmlTree'

const READERS: ReadonlyMap<string, (root: XmlElement, log: string[]) => ParsedReport> = new Map([
  ['restingecgdata', readPhilips],
  ['RestingECG', readMuse],
  ['AnnotatedECG', readAecg],
])

function parse(bytes: Uint8Array): ParsedUnit[] {
  try {
    const decoded = decodeXml(bytes)
    const root = parseXml(decoded.text)
    const reader = READERS.get(root.name)
    if (!reader) throw new ParseError(`root element '${root.name}' is not a supported ECG format`, { segment: root.name })
    const log = [...decoded.notes]
    if (decoded.encoding !== 'utf-8') log.push(`Read as ${decoded.encoding}`)
    return [{ ok: true, report: reader(root, log), raw: bytes, index: 0 }]
  } catch (err) {
    const error = err instanceof ParseError ? err : new ParseError(err instanceof Error ? err.message : String(err))
    return [{ ok: false, error, raw: bytes, index: 0 }]
  }
}

export const ecgXmlParser: FormatParser = {
  name: 'ecg-xml',
  sniff: (text) => {
    const root = rootElementName(text)
    return root !== undefined && READERS.has(root)
  },
  parse,
}
