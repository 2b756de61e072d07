// The interpretation service: loads the active configuration, drafts one report (streamed), checks and stores it.
import { availableParallelism } from 'node:os'
import type { Interpretation, Provenance } from '../../shared/contract/interpret'
import type { ModelVersion } from '../../shared/contract/rollout'
import type { InterpretationDraft } from '../../shared/domain/interpretation'
import type { EngineStatus } from '../../shared/contract/models'
import type { ReportDetail } from '../../shared/contract/reports'
import { AppError } from '../../shared/errors'
import type { EventBus } from '../eventBus'
import type { Logger } from '../log'
import { appendAudit } from '../store/audit'
import type { Db } from '../store/db'
import { getConfig, getModel, type StoredConfig } from '../store/models'
import { getReport } from '../store/reportRead'
import { getRemoteBackend } from '../store/remoteBackends'
import type { EngineConfig, LlmBackend } from './engine/backend'
import type { RemoteBackendPool } from './remote/pool'
import { canaryVersionFor } from '../eval/canaryRoute'
import { pauseCanary } from '../eval/monitor/pauseCanary'
import { configFingerprint, productionVersionWith } from '../eval/versions/activeVersion'
import type { EvidenceCheck, Standing } from './evidence'
import type { VersionEngine } from './versionEngine'
import { generateDraft, modelPromptFor, renderReportPrompt, usable } from './generateDraft'
import { insertInterpretation } from './interpretations'
import { readChatTemplate } from './registry/chatTemplate'
import { verifyModelFile } from './registry/registry'
import { renderChatPrompt, type ChatMessage, type ModelPrompt } from './prompt'

/** Errors of the canary version itself, not of one report: it is paused and production drafts instead. */
const CANARY_UNUSABLE = new Set(['MODEL_NOT_READY', 'INVALID_MODEL', 'OUT_OF_MEMORY', 'CONFLICT'])

/** A checked draft ready to store, whichever engine made it. */
interface MadeDraft {
  draft: InterpretationDraft
  rawOutput: string
  prompt: string
  messages: ChatMessage[]
  provenance: Provenance
  evidence: EvidenceCheck
  standing: Standing
  base: { id: number; sha256: string } | null
}

export interface InterpretOptions {
  jobId?: string
  onText?: (text: string) => void
  signal?: AbortSignal
  /** Queue job row completed in the same transaction as the interpretation. */
  queueJobId?: number
  /** Who asked for the draft, for the audit log: the user on a report's page, 'queue' for the batch. */
  actor?: string
}

const DEFAULT_CONTEXT_TOKENS = 4096

/**
 * Sequences the context has beyond the batch's parallelism: a draft asked for on a report's page starts at once, beside
 * the batch, instead of waiting for one of the batch's drafts to end (on a CPU that can be a minute or more).
 */
const RESERVED_SEQUENCES = 1

const ENGINE_DIED = 'The model engine stopped unexpectedly. Load the model again on the Models page.'

export class LlmService {
  private state: EngineStatus['state'] = 'unloaded'
  private error: string | null = null
  /** Set when the engine process died under a loaded model; cleared by an explicit load. */
  private engineDied = false
  private loadProgress = 0
  private loading: Promise<void> | null = null
  private loaded: EngineConfig | null = null
  private loadedFrom: StoredConfig | null = null
  private readonly running = new Map<string, AbortController>()
  /** Drafts for clinicians in progress (page and batch): background shadow drafts wait while there are any. */
  private inFlight = 0
  /** The engine drafts go to: the local one, or the active remote backend's. */
  private active: LlmBackend
  /** What the loaded engine was configured from, beyond its EngineConfig: which remote backend, at which settings. */
  private loadedRemote: string | null = null

  constructor(
    private readonly deps: {
      db: Db
      events: EventBus
      log: Logger
      /** Drafts reports routed to the canary version; without it every report is drafted by the configuration. */
      versionEngine?: VersionEngine
      /** Told of each stored draft (the shadow worker drafts the report in the background). */
      afterDraft?: (reportId: number) => void
    },
    private readonly backend: LlmBackend,
    private readonly remotes: RemoteBackendPool | null = null,
  ) {
    this.active = backend
  }

  /** The engine for a configuration, and what identifies a remote one's settings (null: the local engine). */
  private backendFor(c: StoredConfig): { backend: LlmBackend; remoteStamp: string | null } {
    if (c.remoteBackendId === null) return { backend: this.backend, remoteStamp: null }
    if (!this.remotes) throw new AppError('MODEL_NOT_READY', 'Remote backends are not available in this process.')
    const endpoint = getRemoteBackend(this.deps.db, c.remoteBackendId)
    return { backend: this.remotes.backendFor(c.remoteBackendId), remoteStamp: `${c.remoteBackendId}|${endpoint?.updatedAt ?? ''}|${endpoint?.apiKey.hint ?? ''}` }
  }

  /** A remote backend's engine configuration: registered adapters mapped to the server's names; nothing loads here. */
  private remoteEngineConfig(c: StoredConfig): EngineConfig {
    const endpoint = getRemoteBackend(this.deps.db, c.remoteBackendId!)
    if (!endpoint) throw new AppError('MODEL_NOT_READY', 'The chosen remote backend is no longer configured. Choose a model on the Models page.')
    return {
      basePath: '',
      adapters: c.adapters.map((a) => {
        const m = getModel(this.deps.db, a.modelId)
        if (!m) throw new AppError('MODEL_NOT_READY', `Adapter ${a.modelId} is no longer registered.`)
        const name = endpoint.adapterMap[String(a.modelId)]
        return { path: m.path, scale: a.scale, sha256: m.sha256, ...(name !== undefined ? { name } : {}) }
      }),
      threads: 0,
      gpuLayers: 'auto',
      sequences: c.parallelism + RESERVED_SEQUENCES,
      contextSize: 0,
    }
  }

  private engineConfig(c: StoredConfig): EngineConfig {
    if (c.remoteBackendId !== null) return this.remoteEngineConfig(c)
    if (c.baseModelId === null) throw new AppError('MODEL_NOT_READY', 'No base model is chosen. Add one on the Models page and select it.')
    const base = getModel(this.deps.db, c.baseModelId)
    if (!base) throw new AppError('MODEL_NOT_READY', 'The chosen base model is no longer registered.')
    return {
      basePath: base.path,
      adapters: c.adapters.map((a) => {
        const m = getModel(this.deps.db, a.modelId)
        if (!m) throw new AppError('MODEL_NOT_READY', `Adapter ${a.modelId} is no longer registered.`)
        return { path: m.path, scale: a.scale }
      }),
      threads: c.threads ?? availableParallelism(),
      gpuLayers: c.gpuLayers ?? 'auto',
      sequences: c.parallelism + RESERVED_SEQUENCES,
      contextSize: Math.min(base.context_length ?? DEFAULT_CONTEXT_TOKENS, DEFAULT_CONTEXT_TOKENS),
    }
  }

  /** Brings the engine in line with the stored configuration (loading only what changed). */
  async ensureLoaded(opts: { explicit?: boolean } = {}): Promise<void> {
    // One load at a time: the batch's workers starting together wait for the same load and then find it done, instead of
    // each loading the model (or asking a remote server for its adapters) at once.
    while (this.loading) await this.loading.catch(() => undefined)
    if (this.engineDied && !opts.explicit) throw new AppError('MODEL_NOT_READY', ENGINE_DIED)
    this.engineDied = false
    const config = getConfig(this.deps.db)
    const engine = this.engineConfig(config)
    const { backend, remoteStamp } = this.backendFor(config)
    if (this.state === 'ready' && backend === this.active && remoteStamp === this.loadedRemote && JSON.stringify(engine) === JSON.stringify(this.loaded)) {
      await this.checkEngineAlive()
      // Sampling, limits and the template take effect without a reload.
      this.loadedFrom = config
      return
    }
    const load = this.load(config, engine, backend, remoteStamp)
    this.loading = load
    try {
      await load
    } finally {
      if (this.loading === load) this.loading = null
    }
  }

  private async load(config: StoredConfig, engine: EngineConfig, backend: LlmBackend, remoteStamp: string | null): Promise<void> {
    this.state = 'loading'
    this.loadProgress = 0
    this.error = null
    this.deps.events.emit('models.status', { state: this.state })
    try {
      if (backend !== this.active) {
        // Switching between the local engine and a remote one: the one left frees what it holds (the local model's memory).
        await this.active.dispose()
        this.active = backend
      }
      this.loadedRemote = remoteStamp
      // A remote server reads its own copies: they are checked against the registry by the remote backend itself.
      if (remoteStamp === null) {
        for (const id of [config.baseModelId!, ...config.adapters.map((a) => a.modelId)]) await verifyModelFile(this.deps.db, getModel(this.deps.db, id)!)
        // A chat template that cannot render a draft's messages is found at load, not at the first draft.
        const base = getModel(this.deps.db, config.baseModelId!)!
        const chat = await readChatTemplate(base.path, base.sha256)
        if (chat) usable(() => renderChatPrompt(chat, [{ role: 'system', content: 'Instructions.' }, { role: 'user', content: 'Report.' }]))
      }
      await backend.configure(engine, (p) => {
        this.loadProgress = p
        this.deps.events.emit('models.loadProgress', { progress: p })
      })
      this.loaded = engine
      this.loadedFrom = config
      this.state = 'ready'
    } catch (err) {
      this.state = 'error'
      this.error = err instanceof Error ? err.message : String(err)
      throw err
    } finally {
      this.deps.events.emit('models.status', { state: this.state })
    }
  }

  /**
   * The engine runs in a process of its own and can die (a crash inside llama.cpp). Then the model is reported as
   * failed, not silently reloaded: a model that crashes the engine would otherwise crash it again for every report.
   * Only an explicit load (models.load) starts it again; the batch queue pauses meanwhile.
   */
  private async checkEngineAlive(): Promise<void> {
    if (this.state !== 'ready' || (await this.active.status()).loaded) return
    this.state = 'error'
    this.error = ENGINE_DIED
    this.engineDied = true
    this.deps.events.emit('models.status', { state: this.state })
    throw new AppError('MODEL_NOT_READY', ENGINE_DIED)
  }

  /** Whether a model was loaded (or is loading) in this process: configuration changes then reload it. */
  isActive(): boolean {
    return this.state === 'ready' || this.state === 'loading'
  }

  async status(): Promise<EngineStatus> {
    await this.checkEngineAlive().catch(() => undefined)
    const b = await this.active.status()
    const remoteId = this.loadedFrom?.remoteBackendId ?? null
    const endpoint = remoteId !== null && this.active !== this.backend ? getRemoteBackend(this.deps.db, remoteId) : undefined
    return {
      state: this.state,
      error: this.error,
      loadProgress: this.loadProgress,
      baseModelId: this.loadedFrom?.baseModelId ?? null,
      adapters: this.loadedFrom?.adapters ?? [],
      gpu: b.gpu,
      gpuLayers: b.gpuLayers,
      threads: b.threads,
      memoryBytes: b.memoryBytes,
      baseLoads: b.baseLoads,
      binary: b.binary,
      inlineSteps: b.inlineSteps,
      sequences: Math.max(0, b.sequences - RESERVED_SEQUENCES),
      remote: endpoint ? { id: endpoint.id, name: endpoint.name, kind: endpoint.kind, baseUrl: endpoint.baseUrl } : null,
    }
  }

  async unload(): Promise<void> {
    await this.active.dispose()
    this.active = this.backend
    this.loadedRemote = null
    this.state = 'unloaded'
    this.engineDied = false
    this.loaded = null
    this.loadedFrom = null
    this.deps.events.emit('models.status', { state: this.state })
  }

  cancel(jobId: string): boolean {
    const c = this.running.get(jobId)
    c?.abort()
    return c !== undefined
  }

  /** The prompt's content for a report: messages (and the filled template as raw text), with what it was built from. */
  promptFor(report: ReportDetail, config: StoredConfig = getConfig(this.deps.db)) {
    return renderReportPrompt(this.deps.db, report, config.promptTemplate)
  }

  /**
   * The prompt text the engine would evaluate for `report` with the configured base model, as a draft made now would
   * store it: the messages rendered with the model's chat template, or the raw text for a model without one. For the
   * training-data export of a report signed without a draft. Reads the model file's metadata; loads nothing.
   */
  async draftPromptFor(
    report: ReportDetail,
    config: StoredConfig = getConfig(this.deps.db),
  ): Promise<ModelPrompt & { messages: ChatMessage[]; promptTemplateVersion: string }> {
    const { rendered } = this.promptFor(report, config)
    const base = config.baseModelId === null ? undefined : getModel(this.deps.db, config.baseModelId)
    if (!base) throw new AppError('MODEL_NOT_READY', 'No base model is chosen. Add one on the Models page and select it.')
    return { ...(await modelPromptFor(base, rendered)), messages: rendered.messages, promptTemplateVersion: rendered.version }
  }

  async interpret(reportId: number, opts: InterpretOptions = {}): Promise<Interpretation> {
    const report = getReport(this.deps.db, reportId)
    if (!report) throw new AppError('NOT_FOUND', `No report with id ${reportId}`)
    const actor = opts.actor ?? 'model'
    const job = opts.queueJobId === undefined ? {} : { queueJobId: opts.queueJobId }
    appendAudit(this.deps.db, { actor, action: 'interpretation.started', entityType: 'report', entityId: reportId, details: job })
    try {
      return await this.draft(report, actor, opts)
    } catch (err) {
      // The code only: a message can quote the model's output, which may repeat the report.
      const code = err instanceof AppError ? err.code : 'INTERNAL'
      try {
        appendAudit(this.deps.db, { actor, action: 'interpretation.failed', entityType: 'report', entityId: reportId, details: { ...job, code } })
      } catch (auditErr) {
        // Shutting down (the database already closed under an aborted draft): the draft's own error is what matters.
        this.deps.log.error('Could not record the failed draft in the audit log', auditErr)
      }
      throw err
    }
  }

  private async draft(report: ReportDetail, actor: string, opts: InterpretOptions): Promise<Interpretation> {
    const reportId = report.id
    // A report routed to the canary is drafted by the canary version on the version engine, and stored just as a
    // production draft is; every other report by the engine configuration, which is production's.
    const canary = this.deps.versionEngine ? canaryVersionFor(this.deps.db, reportId) : null
    this.inFlight++
    try {
      return await this.draftRouted(report, actor, opts, canary)
    } finally {
      this.inFlight--
    }
  }

  /** Drafts for clinicians in progress now. */
  draftsInFlight(): number {
    return this.inFlight
  }

  private async draftRouted(report: ReportDetail, actor: string, opts: InterpretOptions, canary: ModelVersion | null): Promise<Interpretation> {
    const reportId = report.id
    if (canary === null) await this.ensureLoaded()
    const controller = new AbortController()
    opts.signal?.addEventListener('abort', () => controller.abort())
    if (opts.jobId) this.running.set(opts.jobId, controller)
    try {
      let made: MadeDraft | null = null
      if (canary !== null) {
        try {
          made = await this.byCanary(canary, reportId, controller.signal)
        } catch (err) {
          // A canary that cannot draft at all (files gone, template replaced, out of memory) is paused, and this report
          // drafted by production, rather than holding up every report routed to it.
          if (!(err instanceof AppError && CANARY_UNUSABLE.has(err.code)) || controller.signal.aborted) throw err
          try {
            pauseCanary(this.deps, canary.id, `The canary version cannot draft (${err.code}): ${err.message}`, { cause: 'unusable', code: err.code, reportId }, new Date().toISOString())
            this.deps.log.error(`rollout: canary version ${canary.id} paused: it cannot draft`, err)
          } catch (pauseErr) {
            // Another draft paused it first (or it left canary meanwhile): production drafts this one all the same.
            this.deps.log.info(`rollout: canary version ${canary.id} not paused again: ${pauseErr instanceof Error ? pauseErr.message : String(pauseErr)}`)
          }
        }
      }
      if (made === null) {
        if (canary !== null) await this.ensureLoaded()
        made = await this.byProduction(report, controller.signal, opts.onText)
      }
      const now = new Date().toISOString()
      const interpretation = this.deps.db.transaction(() => {
        const interpretation = insertInterpretation(this.deps.db, {
          reportId,
          now,
          draft: made.draft,
          rawOutput: made.rawOutput,
          prompt: made.prompt,
          messages: made.messages,
          provenance: made.provenance,
          evidence: made.evidence,
          standing: made.standing,
          queueJobId: opts.queueJobId,
          modelVersionId: made.provenance.modelVersion?.id ?? null,
        })
        // Model fingerprints (file hashes) and ids only; the draft's text stays in its table.
        appendAudit(this.deps.db, {
          actor,
          action: 'interpretation.generated',
          entityType: 'report',
          entityId: reportId,
          details: {
            interpretationId: interpretation.id,
            ...(opts.queueJobId === undefined ? {} : { queueJobId: opts.queueJobId }),
            base: made.base,
            adapters: made.provenance.adapters.map((a) => ({ id: a.id, sha256: a.sha256, scale: a.scale })),
            template: made.provenance.promptTemplateVersion,
            standing: interpretation.standing,
            // Only a version's draft names one: drafts made before versions existed, or on a hand-made configuration, have none.
            ...(made.provenance.modelVersion ? { modelVersionId: made.provenance.modelVersion.id } : {}),
            ...(canary !== null ? { canary: true } : {}),
            ...(made.provenance.remote ? { remoteBackendId: made.provenance.remote.backendId } : {}),
          },
        })
        return interpretation
      })()
      // Shadow versions draft the same report in the background, at the lowest priority.
      this.deps.afterDraft?.(reportId)
      return interpretation
    } finally {
      if (opts.jobId) this.running.delete(opts.jobId)
    }
  }

  /** Drafts with the loaded engine configuration; attributed to production when it is production's configuration. */
  private async byProduction(report: ReportDetail, signal: AbortSignal, onText: ((text: string) => void) | undefined): Promise<MadeDraft> {
    const config = this.loadedFrom!
    const g = await generateDraft(this.deps.db, this.active, report, config, { signal, onText })
    if (!g.parsed.ok) throw new AppError('GENERATION_FAILED', g.parsed.error)
    // Attributed to production only when the loaded configuration is production's (not one changed by hand since).
    const modelVersion = productionVersionWith(this.deps.db, configFingerprint(this.deps.db, config, g.promptTemplateVersion))
    return {
      draft: g.parsed.draft,
      rawOutput: g.rawOutput,
      prompt: g.prompt,
      messages: g.messages,
      provenance: modelVersion ? { ...g.provenance, modelVersion } : g.provenance,
      evidence: g.evidence!,
      standing: g.standing!,
      base: g.base ? { id: g.base.id, sha256: g.base.sha256 } : null,
    }
  }

  /** Drafts with the canary version on the version engine (priority 'canary': before evaluations and shadows). */
  private async byCanary(version: ModelVersion, reportId: number, signal: AbortSignal): Promise<MadeDraft> {
    const d = await this.deps.versionEngine!.draftWith(version, reportId, { priority: 'canary', signal })
    if (d.draft === null) throw new AppError('GENERATION_FAILED', d.parseError ?? 'The canary version\'s draft does not fit the interpretation format.')
    return {
      draft: d.draft,
      rawOutput: d.rawOutput,
      prompt: d.prompt,
      messages: d.messages,
      provenance: d.provenance,
      evidence: d.evidence!,
      standing: d.standing!,
      base: { id: d.provenance.baseModel.id, sha256: d.provenance.baseModel.sha256 },
    }
  }

  /** Whether the configuration drafts on a remote backend (the batch queue then waits for an unreachable server). */
  usesRemote(): boolean {
    return getConfig(this.deps.db).remoteBackendId !== null
  }

  /** Whether the active remote backend answers now (the paused queue asks before it resumes). */
  async remoteReachable(): Promise<boolean> {
    const id = getConfig(this.deps.db).remoteBackendId
    if (id === null || !this.remotes) return false
    try {
      await this.remotes.backendFor(id).checkReachable(AbortSignal.timeout(5000))
      return true
    } catch {
      return false
    }
  }

  async dispose(): Promise<void> {
    for (const c of this.running.values()) c.abort()
    await this.active.dispose()
    if (this.active !== this.backend) await this.backend.dispose()
    await this.remotes?.disposeAll()
  }
}
