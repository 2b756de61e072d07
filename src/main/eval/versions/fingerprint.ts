// A model version's fingerprint: one hash over everything that shapes its drafts, so equal configurations are recognised whatever their names.
import { createHash } from 'node:crypto'

export interface VersionConfig {
  /** SHA-256 of the base model file. */
  baseSha256: string
  adapters: { sha256: string; scale: number }[]
  promptTemplateVersion: string
  sampling: { temperature: number; seed: number; maxTokens: number }
}

/**
 * SHA-256 (hex) of a canonical JSON: adapters sorted by file hash (LoRA deltas add up, so their order does not change
 * the model), keys in a fixed order, numbers as JavaScript prints them. Model ids and names are left out: they are
 * local to a database, the files' hashes are not.
 */
export function versionFingerprint(c: VersionConfig): string {
  const adapters = [...c.adapters].sort((a, b) => (a.sha256 < b.sha256 ? -1 : a.sha256 > b.sha256 ? 1 : a.scale - b.scale)).map((a) => [a.sha256.toLowerCase(), a.scale])
  const canonical = JSON.stringify([c.baseSha256.toLowerCase(), adapters, c.promptTemplateVersion, [c.sampling.temperature, c.sampling.seed, c.sampling.maxTokens]])
  return createHash('sha256').update(canonical, 'utf8').digest('hex')
}
