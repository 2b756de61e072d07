// Model versions and their rollout state in SQLite: register a version, read the fleet, apply a rollout action in one transaction.
import { randomBytes } from 'node:crypto'
import { AppError } from '../../shared/errors'
import type { Db } from '../store/db'
import type { Fleet, RolloutAction, RolloutEvent, RolloutVersion, VersionState } from './rollout/states'
import { transition } from './rollout/transition'
import { versionFingerprint, type VersionConfig } from './versions/fingerprint'

export interface Actor {
  id: number
  name: string
}

export interface NewVersion {
  name: string
  baseModelId: number
  adapters: { modelId: number; sha256: string; scale: number }[]
  baseSha256: string
  promptTemplateVersion: string
  sampling: VersionConfig['sampling']
  notes?: string
}

interface VersionRow {
  id: number
  state: VersionState
  canary_salt: string
  canary_percent: number | null
  paused_reason: string | null
}

/** Adds a candidate version; the same name or the same configuration twice is a CONFLICT naming the existing version. */
export function registerVersion(db: Db, v: NewVersion, actor: Actor, now: string): number {
  const fingerprint = versionFingerprint({ baseSha256: v.baseSha256, adapters: v.adapters, promptTemplateVersion: v.promptTemplateVersion, sampling: v.sampling })
  const same = db.prepare('SELECT id, name FROM model_versions WHERE name = @name OR fingerprint = @fingerprint').get({ name: v.name, fingerprint }) as { id: number; name: string } | undefined
  if (same !== undefined) {
    throw new AppError('CONFLICT', same.name === v.name ? `A model version is already named "${v.name}".` : `This configuration is already model version ${same.id} ("${same.name}").`)
  }
  const result = db
    .prepare(
      `INSERT INTO model_versions (name, base_model_id, adapters, prompt_template_version, sampling, fingerprint, notes, created_at, created_by_id, created_by_name, state, state_changed_at, canary_salt)
       VALUES (@name, @baseModelId, @adapters, @promptTemplateVersion, @sampling, @fingerprint, @notes, @now, @actorId, @actorName, 'candidate', @now, @salt)`,
    )
    .run({
      name: v.name,
      baseModelId: v.baseModelId,
      adapters: JSON.stringify(v.adapters.map((a) => ({ modelId: a.modelId, sha256: a.sha256, scale: a.scale }))),
      promptTemplateVersion: v.promptTemplateVersion,
      sampling: JSON.stringify(v.sampling),
      fingerprint,
      notes: v.notes ?? null,
      now,
      actorId: actor.id,
      actorName: actor.name,
      // Random, not derived from the id: a reused id after a restore must not replay an earlier canary's reports.
      salt: randomBytes(8).toString('hex'),
    })
  return Number(result.lastInsertRowid)
}

/** Every version with its state, and the production history replayed from the promotions (rollbacks pop it). */
export function loadFleet(db: Db): Fleet {
  const rows = db.prepare('SELECT id, state, canary_salt, canary_percent, paused_reason FROM model_versions ORDER BY id').all() as VersionRow[]
  const history: number[] = []
  for (const p of db.prepare('SELECT kind, version_id FROM model_version_promotions ORDER BY id').all() as { kind: 'promote' | 'rollback'; version_id: number }[]) {
    if (p.kind === 'promote') history.push(p.version_id)
    else history.pop()
  }
  return {
    versions: rows.map((r): RolloutVersion => ({ id: r.id, state: r.state, salt: r.canary_salt, canaryPercent: r.canary_percent, paused: r.paused_reason === null ? null : { reason: r.paused_reason } })),
    productionHistory: history,
  }
}

// Production and canary are unique states: versions leaving them are written before the ones entering them.
const SINGLE = new Set<VersionState>(['production', 'canary'])

/**
 * Applies one action atomically and returns what changed, for the audit trail. Refusals are AppErrors with the state
 * machine's code and message, and change nothing.
 */
export function applyRolloutAction(db: Db, action: RolloutAction, actor: Actor, now: string): { fleet: Fleet; events: RolloutEvent[] } {
  return db.transaction(() => {
    const before = loadFleet(db)
    const r = transition(before, action)
    if (!r.ok) throw new AppError(r.code, r.message)
    const old = new Map(before.versions.map((v) => [v.id, v]))
    const changed = r.fleet.versions.filter((v) => {
      const o = old.get(v.id)!
      return o.state !== v.state || o.canaryPercent !== v.canaryPercent || (o.paused === null) !== (v.paused === null)
    })
    changed.sort((x, y) => Number(SINGLE.has(x.state)) - Number(SINGLE.has(y.state)))
    const update = db.prepare(
      `UPDATE model_versions SET state = @state, canary_percent = @percent, paused_reason = @reason,
         paused_at = CASE WHEN @reason IS NULL THEN NULL ELSE coalesce(paused_at, @now) END,
         state_changed_at = CASE WHEN state = @state THEN state_changed_at ELSE @now END
       WHERE id = @id`,
    )
    for (const v of changed) update.run({ id: v.id, state: v.state, percent: v.canaryPercent, reason: v.paused?.reason ?? null, now })
    const promotion = db.prepare(
      `INSERT INTO model_version_promotions (kind, version_id, previous_version_id, eval_run_id, at, user_id, user_name)
       VALUES (@kind, @version, @previous, @run, @now, @userId, @userName)`,
    )
    for (const e of r.events) {
      if (e.kind === 'promoted') promotion.run({ kind: 'promote', version: e.versionId, previous: e.previous, run: e.evaluationRunId, now, userId: actor.id, userName: actor.name })
      if (e.kind === 'rolled-back') promotion.run({ kind: 'rollback', version: e.to, previous: e.from, run: null, now, userId: actor.id, userName: actor.name })
    }
    return { fleet: r.fleet, events: r.events }
  }).immediate()
}
