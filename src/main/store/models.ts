// Model registry and active configuration repository.
import type { Db } from './db'
import { prepared } from './prepared'

export interface ModelRow {
  id: number
  kind: 'base' | 'adapter'
  path: string
  name: string
  size: number
  sha256: string
  architecture: string
  parameter_count: number
  quantisation: string
  context_length: number | null
  has_chat_template: number
  adapter_alpha: number | null
  metadata: string
  added_at: string
}

export interface ConfigRow {
  base_model_id: number | null
  adapters: string
  threads: number | null
  gpu_layers: number | null
  parallelism: number
  temperature: number
  seed: number
  max_tokens: number
  timeout_s: number
  prompt_template: string | null
  remote_backend_id: number | null
}

export interface StoredConfig {
  baseModelId: number | null
  adapters: { modelId: number; scale: number }[]
  threads: number | null
  gpuLayers: number | null
  parallelism: number
  temperature: number
  seed: number
  maxTokens: number
  timeoutS: number
  promptTemplate: string | null
  /** null: the local engine drafts; otherwise this remote backend (src/main/llm/remote). */
  remoteBackendId: number | null
}

/** Registers a model file (re-adding the same path refreshes its facts) and returns its id. */
export function insertModel(db: Db, m: Omit<ModelRow, 'id'>): number {
  prepared(
    db,
    `INSERT INTO models (kind, path, name, size, sha256, architecture, parameter_count, quantisation, context_length, has_chat_template, adapter_alpha, metadata, added_at)
     VALUES (@kind, @path, @name, @size, @sha256, @architecture, @parameter_count, @quantisation, @context_length, @has_chat_template, @adapter_alpha, @metadata, @added_at)
     ON CONFLICT(path) DO UPDATE SET kind = excluded.kind, name = excluded.name, size = excluded.size, sha256 = excluded.sha256,
       architecture = excluded.architecture, parameter_count = excluded.parameter_count, quantisation = excluded.quantisation,
       context_length = excluded.context_length, has_chat_template = excluded.has_chat_template, adapter_alpha = excluded.adapter_alpha,
       metadata = excluded.metadata`,
  ).run(m)
  const row = prepared(db, 'SELECT id FROM models WHERE path = ?').get(m.path) as { id: number }
  return row.id
}

export function getModel(db: Db, id: number): ModelRow | undefined {
  return prepared(db, 'SELECT * FROM models WHERE id = ?').get(id) as ModelRow | undefined
}

export function listModelRows(db: Db): ModelRow[] {
  return prepared(db, 'SELECT * FROM models ORDER BY kind, name, id').all() as ModelRow[]
}

export function deleteModel(db: Db, id: number): void {
  prepared(db, 'DELETE FROM models WHERE id = ?').run(id)
}

export function getConfig(db: Db): StoredConfig {
  const r = prepared(db, 'SELECT * FROM llm_config WHERE id = 1').get() as ConfigRow
  return {
    baseModelId: r.base_model_id,
    adapters: JSON.parse(r.adapters) as { modelId: number; scale: number }[],
    threads: r.threads,
    gpuLayers: r.gpu_layers,
    parallelism: r.parallelism,
    temperature: r.temperature,
    seed: r.seed,
    maxTokens: r.max_tokens,
    timeoutS: r.timeout_s,
    promptTemplate: r.prompt_template,
    remoteBackendId: r.remote_backend_id,
  }
}

export function saveConfig(db: Db, c: StoredConfig, now: string): void {
  prepared(
    db,
    `UPDATE llm_config SET base_model_id = @base, adapters = @adapters, threads = @threads, gpu_layers = @gpuLayers,
       parallelism = @parallelism, temperature = @temperature, seed = @seed, max_tokens = @maxTokens, timeout_s = @timeoutS,
       prompt_template = @promptTemplate, remote_backend_id = @remoteBackendId, updated_at = @now
     WHERE id = 1`,
  ).run({
    base: c.baseModelId,
    adapters: JSON.stringify(c.adapters),
    threads: c.threads,
    gpuLayers: c.gpuLayers,
    parallelism: c.parallelism,
    temperature: c.temperature,
    seed: c.seed,
    maxTokens: c.maxTokens,
    timeoutS: c.timeoutS,
    promptTemplate: c.promptTemplate,
    remoteBackendId: c.remoteBackendId,
    now,
  })
}
