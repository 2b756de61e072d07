// Deterministic canary assignment: a report's bucket comes from a hash of its id and the version's salt, so the same report always goes the same way.
import { createHash } from 'node:crypto'

/** Buckets per report: shares can be set in steps of 0.01%. */
export const CANARY_BUCKETS = 10_000

/**
 * The report's bucket in [0, 10,000): the first 32 bits of SHA-256(salt NUL reportId), scaled
 * (not taken modulo, which would favour low buckets). A new salt per version means each canary
 * draws its own reports instead of always the same ones.
 */
export function canaryBucket(reportId: number, salt: string): number {
  if (!Number.isSafeInteger(reportId)) throw new RangeError(`report id must be an integer, got ${reportId}`)
  const digest = createHash('sha256').update(`${salt}\u0000${reportId}`, 'utf8').digest()
  return Math.floor((digest.readUInt32BE(0) / 0x100000000) * CANARY_BUCKETS)
}

/**
 * Whether the report falls in a canary of `percent` (0–100, to 0.01). Raising the share only adds
 * reports: every report in a 5% canary is also in the 10% canary of the same salt.
 */
export function inCanary(reportId: number, salt: string, percent: number): boolean {
  if (!(percent >= 0 && percent <= 100)) throw new RangeError(`canary share must be between 0 and 100 percent, got ${percent}`)
  return canaryBucket(reportId, salt) < Math.round(percent * (CANARY_BUCKETS / 100))
}
