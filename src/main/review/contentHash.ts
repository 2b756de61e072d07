// The stored form of an interpretation version and the hash a signature binds: SHA-256 over its canonical JSON.
import { createHash } from 'node:crypto'
import { canonicalJson } from '../../shared/domain/canonicalJson'
import type { InterpretationDraft } from '../../shared/domain/interpretation'

export interface CanonicalContent {
  /** The exact bytes stored (as UTF-8 text) and hashed. */
  json: string
  sha256: string
}

export function canonicalContent(content: InterpretationDraft): CanonicalContent {
  const json = canonicalJson(content)
  return { json, sha256: createHash('sha256').update(json, 'utf8').digest('hex') }
}
