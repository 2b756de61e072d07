// The interface every import format implements; the registry in detect.ts picks one by content.
import type { ParsedUnit } from '../../shared/domain/report'

export interface FormatParser {
  /** Short name used in logs and the parse log, e.g. 'hl7v2', 'fhir', 'ecg-xml'. */
  readonly name: string
  /**
   * Decide from content (never the file name) whether this parser owns the input.
   * `text` is the decoded text (BOM stripped); `bytes` the raw input.
   */
  sniff(text: string, bytes: Uint8Array): boolean
  /**
   * Parse every unit (message, bundle, document) in the input. Never throws for bad input:
   * a unit that fails becomes `{ ok: false, error: ParseError(with location), raw }`.
   * A file that cannot be split into units at all is one failed unit holding all bytes.
   */
  parse(bytes: Uint8Array): ParsedUnit[]
}
