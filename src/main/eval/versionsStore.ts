// Model versions as the contract shows them, and a new version resolved from a SPEC against the model registry.
import type { ModelVersion, RolloutStatus } from '../../shared/contract/rollout'
import { AppError } from '../../shared/errors'
import { configView } from '../llm/registry/registry'
import type { Db } from '../store/db'
import { getConfig, getModel } from '../store/models'
import type { NewVersion } from './rolloutStore'
import { loadFleet } from './rolloutStore'
import { parseVersionSpec, VERSION_NAME } from './versions/spec'

interface Row {
  id: number
  name: string
  base_model_id: number
  adapters: string
  prompt_template_version: string
  sampling: string
  fingerprint: string
  state: ModelVersion['state']
  canary_percent: number | null
  paused_reason: string | null
  created_at: string
  created_by_name: string
}

function toVersion(r: Row): ModelVersion {
  return {
    id: r.id,
    name: r.name,
    baseModelId: r.base_model_id,
    adapters: JSON.parse(r.adapters) as ModelVersion['adapters'],
    promptTemplateVersion: r.prompt_template_version,
    sampling: JSON.parse(r.sampling) as ModelVersion['sampling'],
    fingerprint: r.fingerprint,
    state: r.state,
    canaryPercent: r.canary_percent,
    pausedReason: r.paused_reason,
    createdAt: r.created_at,
    createdBy: r.created_by_name,
  }
}

export function listVersions(db: Db): ModelVersion[] {
  return (db.prepare('SELECT * FROM model_versions ORDER BY id').all() as Row[]).map(toVersion)
}

export function getVersion(db: Db, id: number): ModelVersion {
  const r = db.prepare('SELECT * FROM model_versions WHERE id = ?').get(id) as Row | undefined
  if (r === undefined) throw new AppError('NOT_FOUND', `No model version ${id}.`)
  return toVersion(r)
}

export function rolloutStatus(db: Db): RolloutStatus {
  const fleet = loadFleet(db)
  const versions = listVersions(db)
  return {
    versions,
    productionId: versions.find((v) => v.state === 'production')?.id ?? null,
    canaryId: versions.find((v) => v.state === 'canary')?.id ?? null,
    productionHistory: fleet.productionHistory,
  }
}

/**
 * "3+7:0.5" → base model 3 with adapter 7 at scale 0.5, with the prompt template and sampling settings in use now, so
 * the version drafts as the configuration would. Models must be registered and of the right kind; whether an adapter
 * fits its base is checked when the version is loaded, as for `models use`.
 */
export function resolveNewVersion(db: Db, spec: string, name: string | undefined, notes: string | undefined): NewVersion {
  const parsed = parseVersionSpec(spec)
  if (!parsed.ok) throw new AppError('INVALID_INPUT', `Version SPEC: ${parsed.error}.`)
  if (parsed.spec.kind === 'name') {
    throw new AppError('INVALID_INPUT', `"${parsed.spec.name}" is a name: to add a version give BASE_ID[+ADAPTER_ID:SCALE…] (ids from "readout models list"), and the name with --name.`)
  }
  const { baseModelId, adapters } = parsed.spec
  const base = getModel(db, baseModelId)
  if (base === undefined) throw new AppError('NOT_FOUND', `No model with id ${baseModelId}: see "readout models list".`)
  if (base.kind !== 'base') throw new AppError('INVALID_INPUT', `Model ${baseModelId} is a LoRA adapter, not a base model: put the base model's id first.`)
  const resolved = adapters.map((a) => {
    const row = getModel(db, a.modelId)
    if (row === undefined) throw new AppError('NOT_FOUND', `No model with id ${a.modelId}: see "readout models list".`)
    if (row.kind !== 'adapter') throw new AppError('INVALID_INPUT', `Model ${a.modelId} is a base model, not an adapter.`)
    return { modelId: a.modelId, sha256: row.sha256, scale: a.scale }
  })
  const finalName = name ?? `base${baseModelId}${adapters.map((a) => `-a${a.modelId}x${a.scale}`).join('')}`
  if (!VERSION_NAME.test(finalName)) throw new AppError('INVALID_INPUT', `"${finalName}" is not a version name: letters, digits, ".", "_" and "-", starting with a letter, at most 64.`)
  const config = configView(getConfig(db))
  return {
    name: finalName,
    baseModelId,
    adapters: resolved,
    baseSha256: base.sha256,
    promptTemplateVersion: config.promptTemplateVersion,
    sampling: { temperature: config.temperature, seed: config.seed, maxTokens: config.maxTokens },
    ...(notes !== undefined ? { notes } : {}),
  }
}

/**
 * The evaluation run named to justify promoting a version must exist, be finished, and have evaluated that version;
 * otherwise the promotion would link to something that does not support it.
 */
export function checkJustifyingRun(db: Db, runId: number, versionId: number): void {
  const run = db.prepare('SELECT state FROM eval_runs WHERE id = ?').get(runId) as { state: string } | undefined
  if (run === undefined) throw new AppError('NOT_FOUND', `No evaluation run ${runId}.`)
  if (run.state !== 'done') throw new AppError('CONFLICT', `Evaluation run ${runId} is ${run.state}: only a finished run can justify a promotion.`)
  const inRun = db.prepare('SELECT 1 FROM eval_run_versions WHERE run_id = ? AND version_id = ?').get(runId, versionId)
  if (inRun === undefined) throw new AppError('CONFLICT', `Evaluation run ${runId} did not evaluate version ${versionId}: name a run that compared it.`)
}
