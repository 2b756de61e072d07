// Rollout state of model versions: candidate → shadow → canary → production → retired, with one production version at a time.

export const VERSION_STATES = ['candidate', 'shadow', 'canary', 'production', 'retired'] as const
export type VersionState = (typeof VERSION_STATES)[number]

export interface RolloutVersion {
  id: number
  state: VersionState
  /** Salt of the canary assignment; stays the version's for its whole life. */
  salt: string
  /** Share of new reports while in canary (0 < p < 100); null otherwise. */
  canaryPercent: number | null
  /** Set while an alert (or a person) has paused the canary: it then drafts no reports. */
  paused: { reason: string } | null
}

export interface Fleet {
  versions: RolloutVersion[]
  /** Ids of the versions that were production, in order; the last is the current one. Rollback walks it back. */
  productionHistory: number[]
}

export type RolloutAction =
  | { kind: 'shadow'; versionId: number }
  | { kind: 'canary'; versionId: number; percent: number }
  | { kind: 'promote'; versionId: number; /** The evaluation run that justified it; required once a production version exists. */ evaluationRunId: number | null }
  | { kind: 'rollback' }
  | { kind: 'retire'; versionId: number }
  | { kind: 'pause'; versionId: number; reason: string }
  | { kind: 'resume'; versionId: number }

/** What changed, for the audit trail (ids and kinds only). */
export type RolloutEvent =
  | { kind: 'state'; versionId: number; from: VersionState; to: VersionState }
  | { kind: 'canary-share'; versionId: number; percent: number }
  | { kind: 'paused'; versionId: number; reason: string }
  | { kind: 'resumed'; versionId: number }
  | { kind: 'promoted'; versionId: number; evaluationRunId: number | null; previous: number | null }
  | { kind: 'rolled-back'; from: number; to: number }

export type TransitionResult =
  | { ok: true; fleet: Fleet; events: RolloutEvent[] }
  | { ok: false; code: 'NOT_FOUND' | 'CONFLICT' | 'INVALID_INPUT'; message: string }

export function productionOf(fleet: Fleet): RolloutVersion | null {
  return fleet.versions.find((v) => v.state === 'production') ?? null
}

export function canaryOf(fleet: Fleet): RolloutVersion | null {
  return fleet.versions.find((v) => v.state === 'canary') ?? null
}
