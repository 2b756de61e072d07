// The model registry: add (inspect + fingerprint), list with compatibility, and choose the active configuration.
import { stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { LlmConfig, Model } from '../../../shared/contract/models'
import { AppError } from '../../../shared/errors'
import type { Db } from '../../store/db'
import { deleteModel, getConfig, getModel, insertModel, listModelRows, saveConfig, type ModelRow, type StoredConfig } from '../../store/models'
import { DEFAULT_TEMPLATE, templateVersion } from '../prompt'
import { cachedFingerprint, fingerprint } from './fingerprint'
import { adapterMismatch, inspectGguf, type ModelFileFacts } from './inspect'

/** Whether the file is still the one that was added, from its size, modification time and cached fingerprints. */
async function fileProblem(db: Db, r: ModelRow): Promise<Model['fileProblem']> {
  const st = await stat(r.path).catch(() => null)
  if (!st) return 'missing'
  if (st.size !== r.size) return 'changed'
  const known = cachedFingerprint(db, r.path, st)
  if (known === undefined) return 'unverified'
  return known === r.sha256 ? null : 'changed'
}

function toModel(r: ModelRow, incompatibility: string | null, problem: Model['fileProblem']): Model {
  return {
    id: r.id,
    kind: r.kind,
    path: r.path,
    name: r.name,
    size: r.size,
    sha256: r.sha256,
    architecture: r.architecture,
    parameterCount: r.parameter_count,
    quantisation: r.quantisation,
    contextLength: r.context_length,
    hasChatTemplate: r.has_chat_template === 1,
    adapterAlpha: r.adapter_alpha,
    addedAt: r.added_at,
    incompatibility,
    fileProblem: problem,
  }
}

export async function addModel(db: Db, path: string, onProgress?: (done: number, total: number) => void): Promise<Model> {
  const full = resolve(path)
  const facts = await inspectGguf(full)
  const sha256 = await fingerprint(db, full, onProgress)
  const id = insertModel(db, {
    kind: facts.kind,
    path: full,
    name: facts.name,
    size: facts.size,
    sha256,
    architecture: facts.architecture,
    parameter_count: facts.parameterCount,
    quantisation: facts.quantisation,
    context_length: facts.contextLength,
    has_chat_template: facts.chatTemplate ? 1 : 0,
    adapter_alpha: facts.adapterAlpha,
    metadata: JSON.stringify({ embeddingLength: facts.embeddingLength, layerCount: facts.layerCount, tensorCount: facts.tensorCount }),
    added_at: new Date().toISOString(),
  })
  const config = getConfig(db)
  return toModel(getModel(db, id)!, facts.kind === 'adapter' && config.baseModelId ? await mismatchWithBase(db, config.baseModelId, facts) : null, null)
}

/**
 * Refuses to load a registered file that is gone or no longer the file that was registered: every draft records the
 * fingerprints of the model that wrote it, and a file replaced under the same path (a new training round copied over
 * the old adapter) would make that record false. Cheap when the file is unchanged (fingerprints are cached by path,
 * size and modification time); a touched file is hashed again.
 */
export async function verifyModelFile(db: Db, model: ModelRow): Promise<void> {
  const what = model.kind === 'base' ? 'base model' : 'adapter'
  let sha256: string
  try {
    sha256 = await fingerprint(db, model.path)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new AppError('INVALID_MODEL', `The ${what} file ${model.path} is not there any more (moved or deleted). Put it back, or add it again on the Models page.`)
    }
    throw new AppError('INVALID_MODEL', `The ${what} file ${model.path} cannot be read: ${err instanceof Error ? err.message : String(err)}`)
  }
  if (sha256 !== model.sha256) {
    throw new AppError(
      'INVALID_MODEL',
      `The ${what} file ${model.path} has changed since it was added (SHA-256 ${model.sha256.slice(0, 12)}…, now ${sha256.slice(0, 12)}…). ` +
        'Drafts record the exact model that wrote them, so a changed file is not loaded under the old entry: put the original back, or add the new file as a model of its own.',
    )
  }
}

async function mismatchWithBase(db: Db, baseId: number, adapter: ModelFileFacts): Promise<string | null> {
  const base = getModel(db, baseId)
  if (!base) return null
  try {
    return adapterMismatch(await inspectGguf(base.path), adapter)
  } catch (err) {
    return err instanceof Error ? err.message : String(err)
  }
}

export async function listModels(db: Db): Promise<Model[]> {
  const rows = listModelRows(db)
  const { baseModelId } = getConfig(db)
  const base = baseModelId ? rows.find((r) => r.id === baseModelId) : undefined
  let baseFacts: ModelFileFacts | null = null
  if (base) baseFacts = await inspectGguf(base.path).catch(() => null)
  return Promise.all(
    rows.map(async (r) => {
      const problem = await fileProblem(db, r)
      if (r.kind !== 'adapter' || !baseFacts || problem === 'missing') return toModel(r, null, problem)
      const facts = await inspectGguf(r.path).catch((err: unknown) => (err instanceof Error ? err.message : String(err)))
      return toModel(r, typeof facts === 'string' ? facts : adapterMismatch(baseFacts, facts), problem)
    }),
  )
}

export function removeModel(db: Db, id: number): void {
  const config = getConfig(db)
  if (config.baseModelId === id || config.adapters.some((a) => a.modelId === id)) {
    throw new AppError('CONFLICT', 'This model is part of the active configuration; choose another first.')
  }
  // Interpretations keep their provenance (name and fingerprint), so the registry row may go.
  deleteModel(db, id)
}

export function configView(c: StoredConfig): LlmConfig {
  const text = c.promptTemplate ?? DEFAULT_TEMPLATE
  return {
    baseModelId: c.baseModelId,
    adapters: c.adapters,
    threads: c.threads,
    gpuLayers: c.gpuLayers,
    parallelism: c.parallelism,
    temperature: c.temperature,
    seed: c.seed,
    maxTokens: c.maxTokens,
    timeoutS: c.timeoutS,
    promptTemplateVersion: templateVersion(text),
    promptTemplateIsDefault: c.promptTemplate === null,
    remoteBackendId: c.remoteBackendId,
  }
}

/** Chooses base + adapters, refusing a model that is missing, of the wrong kind, or an adapter that does not fit. */
export async function useModels(db: Db, baseModelId: number, adapters: { modelId: number; scale: number }[]): Promise<StoredConfig> {
  const base = getModel(db, baseModelId)
  if (!base) throw new AppError('NOT_FOUND', `No model with id ${baseModelId}`)
  if (base.kind !== 'base') throw new AppError('INVALID_INPUT', `Model ${baseModelId} is a LoRA adapter, not a base model.`)
  const baseFacts = await inspectGguf(base.path)
  for (const a of adapters) {
    const row = getModel(db, a.modelId)
    if (!row) throw new AppError('NOT_FOUND', `No model with id ${a.modelId}`)
    if (row.kind !== 'adapter') throw new AppError('INVALID_INPUT', `Model ${a.modelId} is a base model, not an adapter.`)
    const why = adapterMismatch(baseFacts, await inspectGguf(row.path))
    if (why) throw new AppError('INVALID_MODEL', `Adapter "${row.name}" does not fit base model "${base.name}": ${why}.`)
  }
  // Choosing a local base model makes the local engine draft again (a remote backend is chosen with remote.use).
  const config = { ...getConfig(db), baseModelId, adapters, remoteBackendId: null }
  saveConfig(db, config, new Date().toISOString())
  return config
}
