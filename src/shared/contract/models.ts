// Contract methods for the model registry and the active configuration (base model + LoRA adapters).
import { z } from 'zod'
import { method } from './define'

export const ModelSchema = z.object({
  id: z.number().int(),
  kind: z.enum(['base', 'adapter']),
  path: z.string(),
  name: z.string(),
  size: z.number(),
  sha256: z.string(),
  architecture: z.string(),
  parameterCount: z.number(),
  quantisation: z.string(),
  contextLength: z.number().nullable(),
  hasChatTemplate: z.boolean(),
  adapterAlpha: z.number().nullable(),
  addedAt: z.string(),
  /** Why this adapter does not fit the active base model; null when it fits or is a base model. */
  incompatibility: z.string().nullable(),
  /**
   * The file on disk against what was added: 'missing'; 'changed' (other bytes, so it will not be loaded under this
   * entry); 'unverified' (touched since, checked at the next load); null when it is the file that was added.
   */
  fileProblem: z.enum(['missing', 'changed', 'unverified']).nullable(),
})
export type Model = z.infer<typeof ModelSchema>

export const AdapterChoiceSchema = z.object({ modelId: z.number().int(), scale: z.number().min(0).max(4) })

export const LlmConfigSchema = z.object({
  baseModelId: z.number().int().nullable(),
  adapters: z.array(AdapterChoiceSchema),
  /** null: automatic (the machine's cores). */
  threads: z.number().int().nullable(),
  /** null: automatic. */
  gpuLayers: z.number().int().nullable(),
  parallelism: z.number().int(),
  temperature: z.number(),
  seed: z.number().int(),
  maxTokens: z.number().int(),
  timeoutS: z.number().int(),
  /** Content hash of the prompt template in use. */
  promptTemplateVersion: z.string(),
  promptTemplateIsDefault: z.boolean(),
  /** The remote backend that drafts instead of the local engine; null: the local engine. */
  remoteBackendId: z.number().int().nullable(),
})
export type LlmConfig = z.infer<typeof LlmConfigSchema>

export const EngineStatusSchema = z.object({
  state: z.enum(['unloaded', 'loading', 'ready', 'error']),
  error: z.string().nullable(),
  /** 0..1 while loading. */
  loadProgress: z.number(),
  baseModelId: z.number().int().nullable(),
  adapters: z.array(AdapterChoiceSchema),
  gpu: z.string().nullable(),
  gpuLayers: z.number().int().nullable(),
  threads: z.number().int(),
  /** Bytes of memory the loaded model and context use (VRAM when on a GPU), as llama.cpp reports it. */
  memoryBytes: z.number().nullable(),
  /** How many times the engine process loaded the base model: switching adapters must not reload it. */
  baseLoads: z.number().int(),
  /** The llama.cpp binary: node-llama-cpp's portable prebuilt one, or one compiled on this machine (npm run build-engine). */
  binary: z.enum(['prebuilt', 'localBuild']).nullable(),
  /** Decoding and sampling run on the engine process's own thread (Readout's patch, in a build-engine build). */
  inlineSteps: z.boolean(),
  /**
   * Reports the loaded engine's batch drafts at once; 0 when nothing is loaded. Its context has one sequence more, kept
   * for a draft asked for on a report's page.
   */
  sequences: z.number().int(),
  /** The remote backend drafts are sent to, when one is active: patient data leaves this machine for it. */
  remote: z.object({ id: z.number().int(), name: z.string(), kind: z.string(), baseUrl: z.string() }).nullable(),
})
export type EngineStatus = z.infer<typeof EngineStatusSchema>

export const modelsContract = {
  /** Register a GGUF base model or LoRA adapter by path: metadata read without loading, fingerprinted. */
  'models.add': method(z.object({ path: z.string().min(1).max(4096) }).strict(), ModelSchema),
  /** All registered models and the active configuration. */
  'models.list': method(z.object({}).strict(), z.object({ models: z.array(ModelSchema), config: LlmConfigSchema })),
  /** Forget a model (its file is left alone). */
  'models.remove': method(z.object({ id: z.number().int() }).strict(), z.object({ ok: z.literal(true) })),
  /** Choose the base model and the adapters with their scales. Switching adapters keeps the base model loaded. */
  'models.use': method(
    z.object({ baseModelId: z.number().int(), adapters: z.array(AdapterChoiceSchema).max(8).default([]) }).strict(),
    LlmConfigSchema,
  ),
  /** Engine and sampling settings. */
  'models.configure': method(
    z
      .object({
        threads: z.number().int().min(1).max(256).nullable().optional(),
        gpuLayers: z.number().int().min(0).max(1000).nullable().optional(),
        parallelism: z.number().int().min(1).max(16).optional(),
        temperature: z.number().min(0).max(2).optional(),
        seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
        maxTokens: z.number().int().min(16).max(8192).optional(),
        timeoutS: z.number().int().min(5).max(3600).optional(),
        /** null: back to the shipped template. */
        promptTemplate: z.string().min(1).max(100_000).nullable().optional(),
      })
      .strict(),
    LlmConfigSchema,
  ),
  /** What the engine is doing: loaded model, GPU, memory. */
  'models.status': method(z.object({}).strict(), EngineStatusSchema),
  /** Load the active configuration now (emits models.loadProgress). */
  'models.load': method(z.object({}).strict(), EngineStatusSchema),
  /** Free the model's memory. */
  'models.unload': method(z.object({}).strict(), EngineStatusSchema),
  /** The prompt template in use, with its version. */
  'models.promptTemplate': method(z.object({}).strict(), z.object({ text: z.string(), version: z.string(), isDefault: z.boolean() })),
}
