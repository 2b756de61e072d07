// Which rollout steps the Evaluation page offers for an evaluated candidate, and why a step is not open: the same rules
// as the state machine (src/main/eval/rollout/transition.ts), so a button is never offered that the server would refuse.

export type VersionStateName = 'candidate' | 'shadow' | 'canary' | 'production' | 'retired'

export interface FleetView {
  versions: readonly { id: number; name: string; state: VersionStateName; canaryPercent: number | null }[]
  productionId: number | null
  canaryId: number | null
  productionHistory: readonly number[]
}

export interface Choice {
  /** null when the step can be taken; otherwise what to do first. */
  blocked: string | null
}

export interface RolloutChoices {
  canary: Choice
  promote: Choice
  shadow: Choice
  /** Rolling back is fleet-wide: the current production is retired and the previous one restored. */
  rollback: Choice & { from: { id: number; name: string } | null; to: { id: number; name: string } | null }
}

/** Canary shares are above 0 and below 100, in steps of 0.01; null when the text is one. */
export function canaryPercentProblem(text: string): string | null {
  const t = text.trim()
  if (!/^\d{1,2}(?:\.\d{1,2})?$/.test(t)) return 'A share from 0.01 to 99.99 percent, e.g. 10'
  const p = Number(t)
  if (!(p > 0 && p < 100)) return 'More than 0 and less than 100 percent; to give a version every report, promote it'
  return null
}

export function rolloutChoices(fleet: FleetView, versionId: number): RolloutChoices {
  const v = fleet.versions.find((x) => x.id === versionId)
  const named = (id: number | null | undefined) => {
    const x = id === null || id === undefined ? undefined : fleet.versions.find((y) => y.id === id)
    return x === undefined ? null : { id: x.id, name: x.name }
  }
  const from = named(fleet.productionId)
  const to = named(fleet.productionHistory.at(-2))
  const rollback = {
    blocked: from === null ? 'There is no production version to roll back.' : to === null ? `${from.name} is the first production version: there is none to roll back to.` : null,
    from,
    to,
  }
  if (v === undefined) {
    const gone = { blocked: 'This version is no longer listed: reload the page.' }
    return { canary: gone, promote: gone, shadow: gone, rollback }
  }

  let canary: string | null = null
  const otherCanary = fleet.canaryId !== null && fleet.canaryId !== v.id ? named(fleet.canaryId) : null
  if (v.state === 'production' || v.state === 'retired') canary = `${v.name} is ${v.state}: only a candidate, a shadow or the canary can become the canary.`
  else if (otherCanary !== null) canary = `${otherCanary.name} is already the canary: return it to shadow first (Rollout page or "readout rollout shadow").`
  else if (fleet.productionId === null) canary = 'There is no production version to share the reports with: promote a first version to production (readout rollout promote) first.'

  const first = fleet.productionId === null
  let promote: string | null = null
  if (!(v.state === 'shadow' || v.state === 'canary' || (first && v.state === 'candidate'))) {
    promote = v.state === 'production' ? `${v.name} is already production.` : `${v.name} is ${v.state}: only the canary or a shadow can be promoted; make it the canary first.`
  }

  const shadow = v.state === 'canary' || v.state === 'candidate' ? null : `${v.name} is ${v.state}: only a candidate or the canary can go to shadow.`
  return { canary: { blocked: canary }, promote: { blocked: promote }, shadow: { blocked: shadow }, rollback }
}
