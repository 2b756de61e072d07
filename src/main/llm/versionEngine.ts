// Drafts with a named model version (evaluation, canary, shadow) on an engine of its own, stored nowhere: the caller
// decides where a draft goes. Drafts of one version run together on parallel sequences; the engine switches version
// only when they end.
import { availableParallelism } from 'node:os'
import type { Provenance } from '../../shared/contract/interpret'
import type { ModelVersion } from '../../shared/contract/rollout'
import type { InterpretationDraft } from '../../shared/domain/interpretation'
import { AppError } from '../../shared/errors'
import type { Logger } from '../log'
import type { Db } from '../store/db'
import { getConfig, getModel } from '../store/models'
import { getReport } from '../store/reportRead'
import type { EngineConfig, LlmBackend } from './engine/backend'
import type { EvidenceCheck, Standing } from './evidence'
import { generateDraft, type DraftSettings } from './generateDraft'
import { DEFAULT_TEMPLATE, templateVersion, type ChatMessage } from './prompt'
import { verifyModelFile } from './registry/registry'
import { nextDraft, type DraftPriority } from './versionSchedule'

export type { DraftPriority } from './versionSchedule'

const DEFAULT_CONTEXT_TOKENS = 4096

/** A draft's provenance with the version that made it. */
export type VersionProvenance = Provenance & { modelVersion: { id: number; name: string; fingerprint: string } }

export interface VersionDraft {
  versionId: number
  reportId: number
  rawOutput: string
  /** The parsed draft, or null with `parseError` saying why the output is not one. */
  draft: InterpretationDraft | null
  parseError: string | null
  evidence: EvidenceCheck | null
  standing: Standing | null
  provenance: VersionProvenance
  prompt: string
  messages: ChatMessage[]
}

export interface DraftWithOptions {
  priority: DraftPriority
  signal?: AbortSignal
  /** Overrides of the version's sampling: an evaluation drafts at temperature 0 with the run's seed. */
  sampling?: { temperature?: number; seed?: number }
}

interface Waiting {
  version: ModelVersion
  reportId: number
  opts: DraftWithOptions
  seq: number
  resolve(d: VersionDraft): void
  reject(err: unknown): void
}

/**
 * The template text a version was registered with, found by its version (a hash of the text): the configured template
 * or the shipped default. Versions store the hash, not the text, so one made with a template since replaced cannot
 * draft any more: it is refused by name rather than drafted with another prompt.
 */
export function templateForVersion(db: Db, version: Pick<ModelVersion, 'name' | 'promptTemplateVersion'>): string | null {
  const configured = getConfig(db).promptTemplate
  if (configured !== null && templateVersion(configured) === version.promptTemplateVersion) return configured
  if (templateVersion(DEFAULT_TEMPLATE) === version.promptTemplateVersion) return null
  throw new AppError(
    'CONFLICT',
    `Model version "${version.name}" was made with prompt template ${version.promptTemplateVersion}, which is neither the configured template nor the shipped default. Restore that template on the Models page, or register a new version.`,
  )
}

export class VersionEngine {
  private readonly waiting: Waiting[] = []
  private current: ModelVersion | null = null
  private running = 0
  private slots = 1
  private seq = 0
  private switching = false
  private disposed = false

  constructor(
    private readonly deps: { db: Db; log: Logger },
    private readonly backend: LlmBackend,
  ) {}

  /** Drafts `reportId` with `version`; resolves when the draft is made (a draft that does not parse is a result too). */
  draftWith(version: ModelVersion, reportId: number, opts: DraftWithOptions): Promise<VersionDraft> {
    if (this.disposed) return Promise.reject(new AppError('MODEL_NOT_READY', 'The version engine has been shut down.'))
    if (opts.signal?.aborted) return Promise.reject(new AppError('CANCELLED', 'The draft was cancelled before it started.'))
    return new Promise<VersionDraft>((resolve, reject) => {
      const w: Waiting = { version, reportId, opts, seq: this.seq++, resolve, reject }
      this.waiting.push(w)
      opts.signal?.addEventListener('abort', () => {
        const i = this.waiting.indexOf(w)
        if (i >= 0) {
          this.waiting.splice(i, 1)
          reject(new AppError('CANCELLED', 'The draft was cancelled before it started.'))
        }
      })
      this.pump()
    })
  }

  /** Drafts waiting or running, for progress and tests. */
  load(): { waiting: number; running: number; versionId: number | null } {
    return { waiting: this.waiting.length, running: this.running, versionId: this.current?.id ?? null }
  }

  private pump(): void {
    while (!this.switching && !this.disposed) {
      const d = nextDraft(
        this.waiting.map((w) => ({ versionId: w.version.id, priority: w.opts.priority, seq: w.seq })),
        { versionId: this.current?.id ?? null, running: this.running, slots: this.slots },
      )
      if (d === null) return
      const w = this.waiting[d.index]!
      if (d.switchVersion) {
        this.switching = true
        void this.switchTo(w.version).finally(() => {
          this.switching = false
          this.pump()
        })
        return
      }
      this.waiting.splice(d.index, 1)
      this.running++
      void this.run(w).finally(() => {
        this.running--
        this.pump()
      })
    }
  }

  /** Configures the engine for `version`; when that fails, every waiting draft of the version fails with the reason. */
  private async switchTo(version: ModelVersion): Promise<void> {
    try {
      const config = getConfig(this.deps.db)
      const engine = await this.engineConfig(version, config.threads, config.gpuLayers, config.parallelism)
      await this.backend.configure(engine)
      this.current = version
      this.slots = Math.max(1, config.parallelism)
    } catch (err) {
      this.current = null
      for (let i = this.waiting.length - 1; i >= 0; i--) {
        const w = this.waiting[i]!
        if (w.version.id !== version.id) continue
        this.waiting.splice(i, 1)
        w.reject(err)
      }
    }
  }

  /** The engine for a version: its files checked against the fingerprints the version was registered with. */
  private async engineConfig(version: ModelVersion, threads: number | null, gpuLayers: number | null, parallelism: number): Promise<EngineConfig> {
    const base = getModel(this.deps.db, version.baseModelId)
    if (!base) throw new AppError('MODEL_NOT_READY', `Model version "${version.name}": its base model ${version.baseModelId} is no longer registered.`)
    if (base.kind !== 'base') throw new AppError('INVALID_MODEL', `Model version "${version.name}": model ${base.id} is not a base model.`)
    const adapters = version.adapters.map((a) => {
      const m = getModel(this.deps.db, a.modelId)
      if (!m) throw new AppError('MODEL_NOT_READY', `Model version "${version.name}": its adapter ${a.modelId} is no longer registered.`)
      if (m.sha256 !== a.sha256) {
        throw new AppError('INVALID_MODEL', `Model version "${version.name}": adapter ${a.modelId} is not the file the version was made with (SHA-256 ${a.sha256.slice(0, 12)}…, registered now ${m.sha256.slice(0, 12)}…). Register a new version.`)
      }
      return { row: m, scale: a.scale }
    })
    for (const m of [base, ...adapters.map((a) => a.row)]) await verifyModelFile(this.deps.db, m)
    return {
      basePath: base.path,
      adapters: adapters.map((a) => ({ path: a.row.path, scale: a.scale })),
      threads: threads ?? availableParallelism(),
      gpuLayers: gpuLayers ?? 'auto',
      sequences: Math.max(1, parallelism),
      contextSize: Math.min(base.context_length ?? DEFAULT_CONTEXT_TOKENS, DEFAULT_CONTEXT_TOKENS),
    }
  }

  private async run(w: Waiting): Promise<void> {
    try {
      const report = getReport(this.deps.db, w.reportId)
      if (!report) throw new AppError('NOT_FOUND', `No report with id ${w.reportId}`)
      const v = w.version
      const settings: DraftSettings = {
        baseModelId: v.baseModelId,
        adapters: v.adapters.map((a) => ({ modelId: a.modelId, scale: a.scale })),
        promptTemplate: templateForVersion(this.deps.db, v),
        temperature: w.opts.sampling?.temperature ?? v.sampling.temperature,
        seed: w.opts.sampling?.seed ?? v.sampling.seed,
        maxTokens: v.sampling.maxTokens,
        timeoutS: getConfig(this.deps.db).timeoutS,
      }
      const g = await generateDraft(this.deps.db, this.backend, report, settings, w.opts.signal ? { signal: w.opts.signal } : {})
      w.resolve({
        versionId: v.id,
        reportId: w.reportId,
        rawOutput: g.rawOutput,
        draft: g.parsed.ok ? g.parsed.draft : null,
        parseError: g.parsed.ok ? null : g.parsed.error,
        evidence: g.evidence,
        standing: g.standing,
        provenance: { ...g.provenance, modelVersion: { id: v.id, name: v.name, fingerprint: v.fingerprint } },
        prompt: g.prompt,
        messages: g.messages,
      })
    } catch (err) {
      w.reject(err)
    }
  }

  /** Fails what waits and frees the engine; drafts running now end with the engine's cancellation. */
  async dispose(): Promise<void> {
    this.disposed = true
    for (const w of this.waiting.splice(0)) w.reject(new AppError('CANCELLED', 'The version engine was shut down before the draft started.'))
    await this.backend.dispose()
  }
}
