// ECG XML import: picks the Philips Sierra, GE MUSE or HL7 aECG reader by the document's root element.
import { quoteValue } from '../../../shared/domain/excerpt'
import { ParseError, type ParsedReport, type ParsedUnit } from '../../../shared/domain/report'
import type { FormatParser } from '../types'
import { readAecg } from './aecg'
import { readMuse } from './muse'
import { readPhilips } from './philips'
import { rootElementOf } from './xmlRoot'
import { children, decodeXml, descendants, parseXml, type XmlElement } from './xmlTree'

interface Reader {
  read: (root: XmlElement, log: string[]) => ParsedReport
  /** Whether the document carries a waveform (not imported, but it makes the document more than empty). */
  hasWaveform: (root: XmlElement) => boolean
}

const READERS: ReadonlyMap<string, Reader> = new Map([
  ['restingecgdata', { read: readPhilips, hasWaveform: (root) => children(root, 'waveforms').length > 0 }],
  ['RestingECG', { read: readMuse, hasWaveform: (root) => children(root, 'Waveform').length > 0 }],
  ['AnnotatedECG', { read: readAecg, hasWaveform: (root) => descendants(root, 'sequenceSet').length > 0 }],
])

/** A report with no measurement and no device or clinician statement (a signature line alone says nothing). */
function isEmpty(report: ParsedReport): boolean {
  return report.observations.length === 0 && report.attachments.length === 0 && !report.statements.some((s) => s.kind !== 'note')
}

function parse(bytes: Uint8Array): ParsedUnit[] {
  try {
    const decoded = decodeXml(bytes)
    const root = parseXml(decoded.text)
    const reader = READERS.get(root.name)
    if (!reader) throw new ParseError(`root element ${quoteValue(root.name)} is not a supported ECG format`, { segment: root.name })
    const log = [...decoded.notes]
    if (decoded.encoding !== 'utf-8') log.push(`Read as ${decoded.encoding}`)
    const report = reader.read(root, log)
    if (isEmpty(report) && !reader.hasWaveform(root)) {
      // As for the other formats: an empty report would reach a clinician with nothing to interpret.
      throw new ParseError('nothing to import: the ECG document has no measurements, no statements and no waveform', { segment: root.name })
    }
    return [{ ok: true, report, raw: bytes, index: 0 }]
  } catch (err) {
    const error = err instanceof ParseError ? err : new ParseError(err instanceof Error ? err.message : String(err))
    return [{ ok: false, error, raw: bytes, index: 0 }]
  }
}

export const ecgXmlParser: FormatParser = {
  name: 'ecg-xml',
  // The root element is found after a prolog of any length, in the raw bytes: a long internal DTD must not
  // hide an ECG document from detection (which only decodes the start of a file).
  sniff: (_text, bytes) => {
    const root = rootElementOf(bytes)
    return root !== undefined && READERS.has(root)
  },
  parse,
}
