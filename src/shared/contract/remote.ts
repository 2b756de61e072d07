// Contract methods for remote inference backends: OpenAI-compatible servers (llama-server, vLLM, Azure) that draft instead of the local engine.
import { z } from 'zod'
import { AdapterChoiceSchema, LlmConfigSchema } from './models'
import { method } from './define'

export const REMOTE_KINDS = ['llama-server', 'vllm', 'azure-openai', 'openai'] as const
export const RemoteKindSchema = z.enum(REMOTE_KINDS)
export type RemoteKind = z.infer<typeof RemoteKindSchema>

/**
 * Registered adapter (model id) → its name on the server: llama-server's adapter file name (default: the registered
 * file's own name), vLLM's LoRA module name, Azure's deployment name of the fine-tuned model.
 */
export const AdapterMapSchema = z.record(z.string().regex(/^\d+$/, 'adapter map keys are registered adapter ids'), z.string().min(1).max(256))

export const RemoteBackendSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: RemoteKindSchema,
  baseUrl: z.string(),
  /** Model (vLLM, generic), deployment (Azure) or the server's model name (llama-server, informational). */
  model: z.string(),
  adapterMap: AdapterMapSchema,
  /** A PEM bundle of the hospital's own certificate authorities, added to the system's for this server. */
  caBundlePath: z.string().nullable(),
  /** Plain HTTP to a host other than this machine, allowed by an administrator (audited). */
  allowInsecureHttp: z.boolean(),
  /** Never the key itself: only whether one is stored, and its last four characters. */
  apiKey: z.object({ stored: z.boolean(), hint: z.string().nullable() }),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type RemoteBackend = z.infer<typeof RemoteBackendSchema>

const name = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]*$/, 'letters, digits, space, dot, dash and underscore')
const url = z.string().trim().min(1).max(2048)

export const RemoteBackendInputSchema = z
  .object({
    name,
    kind: RemoteKindSchema,
    baseUrl: url,
    model: z.string().trim().min(1).max(256),
    adapterMap: AdapterMapSchema.default({}),
    caBundlePath: z.string().min(1).max(4096).nullable().default(null),
    allowInsecureHttp: z.boolean().default(false),
    /** Sent once, stored in the OS secure storage (or a file only this user can read); null: no key. */
    apiKey: z.string().min(1).max(4096).nullable().default(null),
  })
  .strict()

export const RemoteBackendUpdateSchema = z
  .object({
    id: z.number().int(),
    name: name.optional(),
    baseUrl: url.optional(),
    model: z.string().trim().min(1).max(256).optional(),
    adapterMap: AdapterMapSchema.optional(),
    caBundlePath: z.string().min(1).max(4096).nullable().optional(),
    allowInsecureHttp: z.boolean().optional(),
    /** undefined: keep the stored key; null: remove it. */
    apiKey: z.string().min(1).max(4096).nullable().optional(),
  })
  .strict()

export const CONNECTION_CHECKS = ['reachable', 'model', 'adapters', 'schemaCompletion'] as const
export const ConnectionCheckSchema = z.object({
  check: z.enum(CONNECTION_CHECKS),
  ok: z.boolean(),
  /** What was found, or what failed and what to change. */
  message: z.string(),
})
export const ConnectionTestSchema = z.object({
  ok: z.boolean(),
  checks: z.array(ConnectionCheckSchema),
  /** What the server reports about itself, when it answered. */
  serverModel: z.string().nullable(),
  systemFingerprint: z.string().nullable(),
})
export type ConnectionTest = z.infer<typeof ConnectionTestSchema>

export const remoteContract = {
  /** Configured remote backends (admin). API keys are never returned. */
  'remote.list': method(z.object({}).strict(), z.object({ backends: z.array(RemoteBackendSchema), activeId: z.number().int().nullable() })),
  /** Configure a remote backend (admin, audited). Patient data goes to it once it is made active. */
  'remote.add': method(RemoteBackendInputSchema, RemoteBackendSchema),
  /** Change a remote backend (admin, audited). */
  'remote.update': method(RemoteBackendUpdateSchema, RemoteBackendSchema),
  /** Remove a remote backend and its stored key (admin, audited); refused while it is the active model. */
  'remote.remove': method(z.object({ id: z.number().int() }).strict(), z.object({ ok: z.literal(true) })),
  /** Reachability, model and adapter presence, and one schema-constrained completion on synthetic text (admin). */
  'remote.test': method(z.object({ id: z.number().int(), adapters: z.array(AdapterChoiceSchema).max(8).default([]) }).strict(), ConnectionTestSchema),
  /** Draft with a remote backend from now on, with registered adapters mapped to the server's (ml or admin, audited). */
  'remote.use': method(z.object({ id: z.number().int(), adapters: z.array(AdapterChoiceSchema).max(8).default([]) }).strict(), LlmConfigSchema),
}
