// Train/validation/test assignment by patient: stratified by report kind, deterministic for a seed, earlier assignments kept.
import { createHash } from 'node:crypto'

import { SPLITS, type Split } from '../../../shared/domain/trainingExport'

export { SPLITS, type Split }
export type SplitRatios = Readonly<Record<Split, number>>

export const DEFAULT_RATIOS: SplitRatios = { train: 80, validation: 10, test: 10 }

/** "80/10/10" → ratios; the three must be whole numbers ≥ 0 summing to 100, and train > 0. */
export function parseRatios(text: string): SplitRatios | { error: string } {
  const parts = text.split('/').map((p) => p.trim())
  if (parts.length !== 3 || parts.some((p) => !/^\d{1,3}$/.test(p))) return { error: `split "${text}": write three whole percentages, e.g. 80/10/10` }
  const [train, validation, test] = parts.map(Number) as [number, number, number]
  if (train + validation + test !== 100) return { error: `split "${text}": the three percentages must add up to 100` }
  if (train === 0) return { error: `split "${text}": the training share must be above 0` }
  return { train, validation, test }
}

/** A patient's place in the seeded order: a stable number from the seed and the patient's internal id. */
export function patientRank(seed: number, patientId: number): string {
  return createHash('sha256').update(`${seed}:${patientId}`).digest('hex')
}

/** Largest-remainder rounding of `total` by ratios; ties go to train, then validation, then test. */
export function targetCounts(total: number, ratios: SplitRatios): Record<Split, number> {
  const sum = ratios.train + ratios.validation + ratios.test
  const exact = SPLITS.map((s) => (total * ratios[s]) / sum)
  const counts = exact.map(Math.floor)
  let left = total - counts.reduce((a, b) => a + b, 0)
  const order = SPLITS.map((_, i) => i).sort((a, b) => exact[b]! - counts[b]! - (exact[a]! - counts[a]!) || a - b)
  for (const i of order) {
    if (left === 0) break
    counts[i]!++
    left--
  }
  return { train: counts[0]!, validation: counts[1]!, test: counts[2]! }
}

export interface SplitPatient {
  patientId: number
  /** The stratum: the patient's most frequent report kind in this export. */
  stratum: string
}

/**
 * Assigns every patient a split. A patient with an earlier assignment keeps it (the test set stays frozen); the new
 * patients of each stratum, in seeded order, fill what the stratum still needs to reach the ratios counting the kept
 * patients: first train, then validation, then test. Whatever is left over (the kept patients already exceed a share)
 * goes to train.
 */
export function assignSplits(patients: readonly SplitPatient[], persisted: ReadonlyMap<number, Split>, ratios: SplitRatios, seed: number): Map<number, Split> {
  const out = new Map<number, Split>()
  const strata = new Map<string, SplitPatient[]>()
  for (const p of patients) {
    const kept = persisted.get(p.patientId)
    if (kept) out.set(p.patientId, kept)
    const list = strata.get(p.stratum) ?? []
    list.push(p)
    strata.set(p.stratum, list)
  }
  for (const members of strata.values()) {
    const target = targetCounts(members.length, ratios)
    const have: Record<Split, number> = { train: 0, validation: 0, test: 0 }
    const fresh: SplitPatient[] = []
    for (const p of members) {
      const kept = persisted.get(p.patientId)
      if (kept) have[kept]++
      else fresh.push(p)
    }
    fresh.sort((a, b) => {
      const ra = patientRank(seed, a.patientId)
      const rb = patientRank(seed, b.patientId)
      return ra < rb ? -1 : ra > rb ? 1 : a.patientId - b.patientId
    })
    let i = 0
    for (const split of SPLITS) {
      const need = Math.max(0, target[split] - have[split])
      for (let n = 0; n < need && i < fresh.length; n++) out.set(fresh[i++]!.patientId, split)
    }
    while (i < fresh.length) out.set(fresh[i++]!.patientId, 'train')
  }
  return out
}

/** The stratum of a patient from the kinds of its items: the most frequent, ties broken alphabetically. */
export function stratumOf(kindCounts: ReadonlyMap<string, number>): string {
  let best = ''
  let bestCount = -1
  for (const [kind, count] of [...kindCounts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (count > bestCount) {
      best = kind
      bestCount = count
    }
  }
  return best
}
