// Detect → parse one input into units (messages, documents). Runs on the import path's parse worker, or in-thread.
import { ParseError, type ParsedUnit, type SourceLocation } from '../../shared/domain/report'
import { detectParser } from './detect'

export function parseUnits(bytes: Uint8Array): ParsedUnit[] {
  const parser = detectParser(bytes)
  if (!parser) {
    return [{ ok: false, index: 0, raw: bytes, error: new ParseError('Unrecognised format: not HL7, ASTM, FHIR, ECG XML, CSV, PDF or text.', { offset: 1 }) }]
  }
  try {
    return parser.parse(bytes)
  } catch (err) {
    // A parser bug must not lose the input: it goes to quarantine like any other failure.
    const message = err instanceof Error ? err.message : String(err)
    return [{ ok: false, index: 0, raw: bytes, error: new ParseError(`${parser.name} parser failed: ${message}`) }]
  }
}

/** A unit as it crosses to another thread: structured clone keeps an Error's message but drops its location. */
export type WireUnit = Exclude<ParsedUnit, { ok: false }> | { ok: false; error: { message: string; location: SourceLocation }; raw: Uint8Array; index: number }

export function toWire(units: ParsedUnit[]): WireUnit[] {
  return units.map((u) => (u.ok ? u : { ...u, error: { message: u.error.message, location: u.error.location } }))
}

export function fromWire(units: WireUnit[]): ParsedUnit[] {
  return units.map((u) => (u.ok ? u : { ...u, error: new ParseError(u.error.message, u.error.location) }))
}
