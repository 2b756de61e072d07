// The parser registry: picks the format by content, most specific first, plain text last.
import { astmParser } from './astm'
import { bpCsvParser, dexcomParser, libreViewParser } from './csv'
import { decodeText } from './decodeText'
import { ecgXmlParser } from './ecg'
import { fhirParser } from './fhir'
import { hl7Parser } from './hl7'
import { pdfParser } from './pdf'
import { plainTextParser } from './plainText'
import { traceParser } from './trace'
import type { FormatParser } from './types'

export const PARSERS: readonly FormatParser[] = [
  pdfParser,
  // Before HL7 and ASTM: a capture whose first line is MSH|…<CR> is a trace, not a message with "<CR>" in its text.
  traceParser,
  hl7Parser,
  astmParser,
  fhirParser,
  ecgXmlParser,
  dexcomParser,
  libreViewParser,
  bpCsvParser,
  plainTextParser,
]

/** The parser that owns this input, or null when nothing recognises it (binary of an unknown kind). */
export function detectParser(bytes: Uint8Array): FormatParser | null {
  const { text } = decodeText(bytes.subarray(0, 64 * 1024))
  for (const p of PARSERS) if (p.sniff(text, bytes)) return p
  return null
}
