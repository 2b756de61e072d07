// The rollout state machine: applies one action to the fleet of versions, or says why it may not.
import { canaryOf, productionOf, type Fleet, type RolloutAction, type RolloutEvent, type RolloutVersion, type TransitionResult, type VersionState } from './states'

type Failure = Extract<TransitionResult, { ok: false }>

const fail = (code: Failure['code'], message: string): Failure => ({ ok: false, code, message })

function withVersion(fleet: Fleet, id: number, patch: Partial<RolloutVersion>): RolloutVersion[] {
  return fleet.versions.map((v) => (v.id === id ? { ...v, ...patch } : v))
}

function stateEvent(v: RolloutVersion, to: VersionState): RolloutEvent {
  return { kind: 'state', versionId: v.id, from: v.state, to }
}

/**
 * - shadow: a candidate (or the canary, taken back) drafts new reports in the background, never shown;
 * - canary p: a candidate, shadow or the canary itself (new share) drafts p% of new reports, shown;
 *   needs a production version for the rest, and there is at most one canary;
 * - promote: the shadow or canary becomes production, the old production is retired; the very first
 *   production may come straight from candidate, every later one names its evaluation run;
 * - rollback: the current production is retired and the previous production restored;
 * - retire: any version but production (promote another or roll back instead);
 * - pause / resume: the canary only; a paused canary drafts nothing.
 * The input fleet is never modified.
 */
export function transition(fleet: Fleet, action: RolloutAction): TransitionResult {
  const production = productionOf(fleet)
  if (action.kind === 'rollback') {
    if (production === null) return fail('CONFLICT', 'There is no production version to roll back.')
    const previousId = fleet.productionHistory.at(-2)
    const previous = previousId === undefined ? undefined : fleet.versions.find((v) => v.id === previousId)
    if (previous === undefined) return fail('CONFLICT', `Version ${production.id} is the first production version: there is none to roll back to.`)
    let versions = withVersion(fleet, production.id, { state: 'retired', canaryPercent: null, paused: null })
    versions = versions.map((v) => (v.id === previous.id ? { ...v, state: 'production', canaryPercent: null, paused: null } : v))
    return {
      ok: true,
      fleet: { versions, productionHistory: fleet.productionHistory.slice(0, -1) },
      events: [stateEvent(production, 'retired'), stateEvent(previous, 'production'), { kind: 'rolled-back', from: production.id, to: previous.id }],
    }
  }

  const v = fleet.versions.find((x) => x.id === action.versionId)
  if (v === undefined) return fail('NOT_FOUND', `No model version ${action.versionId}.`)
  const refuse = (what: string) => fail('CONFLICT', `Version ${v.id} is ${v.state}: it cannot ${what}.`)

  switch (action.kind) {
    case 'shadow': {
      if (v.state !== 'candidate' && v.state !== 'canary') return refuse('go to shadow (only a candidate or the canary can)')
      return { ok: true, fleet: { ...fleet, versions: withVersion(fleet, v.id, { state: 'shadow', canaryPercent: null, paused: null }) }, events: [stateEvent(v, 'shadow')] }
    }
    case 'canary': {
      if (!(action.percent > 0 && action.percent < 100)) return fail('INVALID_INPUT', `A canary share must be more than 0 and less than 100 percent, got ${action.percent}; to give a version all reports, promote it.`)
      // Within a rounding error of a step: 69.32 × 100 is 6931.999… in binary floating point, and 69.32 is a valid share.
      if (Math.abs(Math.round(action.percent * 100) - action.percent * 100) > 1e-6) return fail('INVALID_INPUT', `A canary share is set in steps of 0.01 percent, got ${action.percent}.`)
      if (v.state !== 'candidate' && v.state !== 'shadow' && v.state !== 'canary') return refuse('become the canary (only a candidate, a shadow or the canary can)')
      const other = canaryOf(fleet)
      if (other !== null && other.id !== v.id) return fail('CONFLICT', `Version ${other.id} is already the canary: return it to shadow or retire it first.`)
      if (production === null) return fail('CONFLICT', 'There is no production version to share the reports with: promote a first version instead.')
      const events: RolloutEvent[] = v.state === 'canary' ? [] : [stateEvent(v, 'canary')]
      events.push({ kind: 'canary-share', versionId: v.id, percent: action.percent })
      return { ok: true, fleet: { ...fleet, versions: withVersion(fleet, v.id, { state: 'canary', canaryPercent: action.percent }) }, events }
    }
    case 'promote': {
      const first = production === null
      if (!(v.state === 'shadow' || v.state === 'canary' || (first && v.state === 'candidate'))) {
        return refuse(first ? 'be promoted (only a candidate, shadow or canary can)' : 'be promoted (only a shadow or the canary can)')
      }
      if (!first && action.evaluationRunId === null) return fail('INVALID_INPUT', 'Promotion needs the evaluation run that justifies it.')
      let versions = withVersion(fleet, v.id, { state: 'production', canaryPercent: null, paused: null })
      const events: RolloutEvent[] = []
      if (production !== null) {
        versions = versions.map((x) => (x.id === production.id ? { ...x, state: 'retired' } : x))
        events.push(stateEvent(production, 'retired'))
      }
      events.push(stateEvent(v, 'production'), { kind: 'promoted', versionId: v.id, evaluationRunId: action.evaluationRunId, previous: production?.id ?? null })
      return { ok: true, fleet: { versions, productionHistory: [...fleet.productionHistory, v.id] }, events }
    }
    case 'retire': {
      if (v.state === 'production') return fail('CONFLICT', `Version ${v.id} is in production: promote another version or roll back instead of retiring it.`)
      if (v.state === 'retired') return refuse('be retired again')
      return { ok: true, fleet: { ...fleet, versions: withVersion(fleet, v.id, { state: 'retired', canaryPercent: null, paused: null }) }, events: [stateEvent(v, 'retired')] }
    }
    case 'pause': {
      if (v.state !== 'canary') return refuse('be paused (only the canary can)')
      if (v.paused !== null) return fail('CONFLICT', `Version ${v.id}'s canary is already paused.`)
      return { ok: true, fleet: { ...fleet, versions: withVersion(fleet, v.id, { paused: { reason: action.reason } }) }, events: [{ kind: 'paused', versionId: v.id, reason: action.reason }] }
    }
    case 'resume': {
      if (v.state !== 'canary' || v.paused === null) return fail('CONFLICT', `Version ${v.id} is not a paused canary.`)
      return { ok: true, fleet: { ...fleet, versions: withVersion(fleet, v.id, { paused: null }) }, events: [{ kind: 'resumed', versionId: v.id }] }
    }
  }
}
