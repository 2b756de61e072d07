// Contract methods for LLM interpretations: generate one (streamed), read the latest, and the batch queue.
import { z } from 'zod'
import { InterpretationDraftSchema } from '../domain/interpretation'
import { REPORT_KINDS } from '../domain/report'
import { method } from './define'

export const ProvenanceSchema = z.object({
  baseModel: z.object({ id: z.number().int(), name: z.string(), sha256: z.string() }),
  adapters: z.array(z.object({ id: z.number().int(), name: z.string(), sha256: z.string(), scale: z.number() })),
  promptTemplateVersion: z.string(),
  /**
   * How the prompt was fed to the model: its messages rendered with the model's own chat template, or the filled
   * template as raw text (a model without a chat template). Absent in drafts made before chat templates: raw.
   */
  promptFormat: z.enum(['chat-template', 'raw']).optional(),
  /** SHA-256 of the chat template text that rendered the prompt; null for a raw prompt (absent in older drafts). */
  chatTemplateSha256: z.string().nullable().optional(),
  sampling: z.object({ temperature: z.number(), seed: z.number().int(), maxTokens: z.number().int(), grammar: z.literal('interpretation-json-schema') }),
  promptTokens: z.number().int(),
  /** Prompt tokens that were already evaluated (shared instruction prefix) and not evaluated again. */
  reusedPromptTokens: z.number().int(),
  outputTokens: z.number().int(),
  timeToFirstTokenMs: z.number(),
  /** Of the time to first token, the wait for a free sequence while other reports were drafted (absent in older drafts). */
  sequenceWaitMs: z.number().optional(),
  tokensPerSecond: z.number(),
  wallMs: z.number(),
  engine: z.string(),
  /**
   * The model version that drafted (src/main/eval/rollout): production when the loaded configuration is production's,
   * or the canary for a report routed to it. Absent for drafts made before versions existed or with a configuration
   * changed by hand.
   */
  modelVersion: z.object({ id: z.number().int(), name: z.string(), fingerprint: z.string() }).optional(),
  threads: z.number().int(),
  gpu: z.string().nullable(),
  /**
   * A draft made on a remote server: the server, the model / LoRA module / deployment named, the adapters and scales
   * sent, and what the server reported about itself. Then `baseModel` is the registered model of the file name the
   * server reports (llama-server), or id 0 with the server's model name and no fingerprint.
   */
  remote: z
    .object({
      backendId: z.number().int(),
      backendName: z.string(),
      kind: z.string(),
      endpoint: z.string(),
      model: z.string(),
      adapters: z.array(z.object({ name: z.string(), scale: z.number() })),
      serverModel: z.string().nullable(),
      systemFingerprint: z.string().nullable(),
      attempts: z.number().int(),
      serverMs: z.number().nullable(),
    })
    .optional(),
})
export type Provenance = z.infer<typeof ProvenanceSchema>

export const EvidenceIssueSchema = z.object({
  code: z.string(),
  findingIndex: z.number().int().nullable(),
  message: z.string(),
  detail: z.string().optional(),
})

export const InterpretationSchema = z.object({
  id: z.number().int(),
  reportId: z.number().int(),
  createdAt: z.string(),
  draft: InterpretationDraftSchema,
  provenance: ProvenanceSchema,
  evidenceCheck: z.object({ ok: z.boolean(), issues: z.array(EvidenceIssueSchema) }),
  standing: z.enum(['verified', 'issues', 'contradiction']),
})
export type Interpretation = z.infer<typeof InterpretationSchema>

export const QueueStatusSchema = z.object({
  state: z.enum(['idle', 'running', 'paused']),
  queued: z.number().int(),
  running: z.number().int(),
  done: z.number().int(),
  /** Reports whose latest queued draft failed and that have had no draft since (see queue.failures). */
  failed: z.number().int(),
  /** Of the current run: completed and total, tokens per second, estimated seconds left. */
  batchDone: z.number().int(),
  batchTotal: z.number().int(),
  tokensPerSecond: z.number(),
  etaSeconds: z.number().nullable(),
})
export type QueueStatus = z.infer<typeof QueueStatusSchema>

/** A report whose latest queued draft failed and that has no draft since. */
export const QueueFailureSchema = z.object({
  jobId: z.number().int(),
  reportId: z.number().int(),
  patientName: z.string(),
  // Not ReportKindSchema: reports.ts imports this module, and the cycle would leave it undefined here.
  kind: z.enum(REPORT_KINDS),
  title: z.string().nullable(),
  observedAt: z.string().nullable(),
  /** The message the user would have seen had they drafted the report themselves. */
  error: z.string(),
  failedAt: z.string(),
})
export const QueueFailuresSchema = z.object({ total: z.number().int(), items: z.array(QueueFailureSchema) })
export type QueueFailures = z.infer<typeof QueueFailuresSchema>

export const interpretContract = {
  /** Draft an interpretation of one report now; tokens stream as interpret.chunk events with the jobId. */
  'interpret.report': method(z.object({ reportId: z.number().int(), jobId: z.string().max(100) }).strict(), InterpretationSchema),
  /** Stop a running generation: nothing is stored. */
  'interpret.cancel': method(z.object({ jobId: z.string().max(100) }).strict(), z.object({ cancelled: z.boolean() })),
  /** The newest interpretation of a report, or null. */
  'interpret.latest': method(z.object({ reportId: z.number().int() }).strict(), InterpretationSchema.nullable()),
  /** Queue reports for interpretation: the given ids, or every report without an interpretation. */
  'queue.enqueue': method(
    z.object({ reportIds: z.array(z.number().int()).max(100_000).optional(), allNew: z.boolean().optional() }).strict(),
    z.object({ added: z.number().int() }),
  ),
  'queue.status': method(z.object({}).strict(), QueueStatusSchema),
  /** Reports whose latest queued draft failed and that have had no draft since, newest first; or only the given report. */
  'queue.failures': method(
    z.object({ limit: z.number().int().min(1).max(500).optional(), reportId: z.number().int().optional() }).strict(),
    QueueFailuresSchema,
  ),
  'queue.start': method(z.object({}).strict(), QueueStatusSchema),
  'queue.pause': method(z.object({}).strict(), QueueStatusSchema),
  /** Cancel every queued job (a running generation is stopped, nothing half-saved). */
  'queue.cancel': method(z.object({}).strict(), QueueStatusSchema),
}
