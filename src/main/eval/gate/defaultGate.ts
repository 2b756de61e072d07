// The bundled default release gate (resources/eval/default-gate.yaml), inlined at build time so no path resolution is needed.
import text from '../../../../resources/eval/default-gate.yaml?raw'
import { loadGate, type Gate } from './loadGate'

/** The default gate file's text, exactly as shipped. */
export const DEFAULT_GATE_TEXT: string = text

/** The default gate; throws when the shipped file is invalid (a build defect, caught by the tests). */
export function loadDefaultGate(): Gate {
  const result = loadGate(DEFAULT_GATE_TEXT)
  if (!result.ok) throw new Error(`default gate file is invalid: ${result.errors.map((e) => `line ${e.line}: ${e.message}`).join('; ')}`)
  return result.gate
}
